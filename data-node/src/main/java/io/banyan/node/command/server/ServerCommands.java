package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.command.server.info.InfoCommand;
import io.banyan.node.persistence.Persistence;
import java.time.Instant;

/**
 * Server commands: INFO, COMMAND, SLOWLOG, OBJECT, MEMORY, DEBUG (each in its own class), and the
 * small ones here: DBSIZE, FLUSHDB, FLUSHALL, TIME, SHUTDOWN, MONITOR.
 */
public final class ServerCommands implements CommandFamily {
  private final Persistence persistence;

  public ServerCommands(Persistence persistence) {
    this.persistence = persistence;
  }

  @Override
  public void register(CommandTable t) {
    InfoCommand.register(t);
    CommandCommand.register(t);
    SlowlogCommand.register(t);
    ObjectCommand.register(t);
    MemoryCommand.register(t);
    DebugCommand.register(t, persistence);
    ModuleCommand.register(t);

    t.define("dbsize", 1, "readonly fast", 0, 0, 0, "@keyspace @read @fast")
        .tips("request_policy:all_shards response_policy:agg_sum")
        .doc("server", "1.0.0", "O(1)", "Counts the keys of the selected database.")
        .handler((c, argv) -> c.reply().integer(c.db().size()));
    t.define("flushdb", -1, "write", 0, 0, 0, "@keyspace @write @slow @dangerous")
        .tips("request_policy:all_shards response_policy:all_succeeded")
        .doc(
            "server",
            "1.0.0",
            "O(N) where N is the number of keys in the selected database",
            "Removes every key of the selected database.")
        .handler(ServerCommands::flushdb);
    t.define("flushall", -1, "write", 0, 0, 0, "@keyspace @write @slow @dangerous")
        .tips("request_policy:all_shards response_policy:all_succeeded")
        .doc(
            "server",
            "1.0.0",
            "O(N) where N is the total number of keys in all databases",
            "Removes every key of every database.")
        .handler(this::flushall);
    t.define("time", 1, "loading stale fast", 0, 0, 0, "@fast")
        .tips("nondeterministic_output")
        .doc("server", "2.6.0", "O(1)", "Returns the server's clock: seconds and microseconds.")
        .handler(ServerCommands::time);
    t.define(
            "shutdown",
            -1,
            "admin noscript loading stale no_multi allow_busy",
            0,
            0,
            0,
            "@admin @slow @dangerous")
        .doc(
            "server",
            "1.0.0",
            "O(N) when saving, where N is the total number of keys in all databases when saving"
                + " data, otherwise O(1)",
            "Stops the server.")
        .handler(this::shutdown);
    t.define("monitor", 1, "admin noscript loading stale", 0, 0, 0, "@admin @slow @dangerous")
        .doc("server", "1.0.0", "None", "Streams every command the server runs to this connection.")
        .handler(ServerCommands::monitor);
  }

  /** FLUSHDB/FLUSHALL take an optional ASYNC or SYNC; freeing is immediate either way. */
  private static void checkFlushMode(byte[][] argv) {
    if (argv.length > 2
        || (argv.length == 2 && !Args.is(argv[1], "async") && !Args.is(argv[1], "sync"))) {
      throw Errors.SYNTAX;
    }
  }

  private static void flushdb(Client c, byte[][] argv) {
    checkFlushMode(argv);
    c.db().clear();
    c.reply().ok();
  }

  private void flushall(Client c, byte[][] argv) {
    checkFlushMode(argv);
    c.engine().keyspace().flushAll();
    persistence.rdb().afterFlushAll();
    c.reply().ok();
  }

  private static void time(Client c, byte[][] argv) {
    Instant now = Instant.now();
    c.reply().array(2);
    c.reply().bulkLong(now.getEpochSecond());
    c.reply().bulkLong(now.getNano() / 1000);
  }

  /**
   * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. On success there is no reply: the server stops
   * and the connection closes. Saving is the persistence subsystem's part of the shutdown hook.
   */
  private void shutdown(Client c, byte[][] argv) {
    boolean nosave = false;
    boolean save = false;
    boolean other = false;
    boolean abort = false;
    for (int i = 1; i < argv.length; i++) {
      if (Args.is(argv[i], "nosave")) {
        nosave = true;
      } else if (Args.is(argv[i], "save")) {
        save = true;
      } else if (Args.is(argv[i], "now") || Args.is(argv[i], "force")) {
        other = true;
      } else if (Args.is(argv[i], "abort")) {
        abort = true;
      } else {
        throw Errors.SYNTAX;
      }
    }
    if ((abort && (nosave || save || other)) || (nosave && save)) {
      throw Errors.SYNTAX;
    }
    if (abort) {
      // Shutdown here is immediate, so there is never one in progress to abort.
      throw new CommandException("ERR No shutdown in progress.");
    }
    c.engine().log().warning("User requested shutdown...");
    Persistence.ShutdownSave mode =
        nosave
            ? Persistence.ShutdownSave.NO_SAVE
            : save ? Persistence.ShutdownSave.FORCE_SAVE : Persistence.ShutdownSave.DEFAULT;
    boolean force = false;
    for (int i = 1; i < argv.length; i++) {
      force |= Args.is(argv[i], "force");
    }
    c.engine().stopInput();
    String error = persistence.beforeShutdown(mode, force);
    if (error != null) {
      c.engine().resumeInput();
      c.engine().log().warning("Errors trying to shut down the server: " + error);
      throw new CommandException("ERR Errors trying to SHUTDOWN. Check logs.");
    }
    c.engine().shutdown();
    c.closeNow();
  }

  private static void monitor(Client c, byte[][] argv) {
    if (c.executingTransaction()) {
      throw new CommandException("ERR MONITOR isn't allowed for DENY BLOCKING client");
    }
    if (c.isMonitor()) {
      return; // already monitoring: Redis ignores the repeated command without a reply
    }
    c.engine().monitors().add(c);
    c.reply().ok();
  }
}
