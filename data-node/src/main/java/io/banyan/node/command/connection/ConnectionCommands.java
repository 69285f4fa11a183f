package io.banyan.node.command.connection;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.engine.Engine;

/**
 * Connection commands: PING, ECHO, QUIT, SELECT, RESET here; HELLO and AUTH in {@link
 * HelloAuthCommands}; CLIENT in {@link ClientCommand}.
 */
public final class ConnectionCommands implements CommandFamily {
  private static final String FLAGS_ANYTIME = "noscript loading stale fast no_auth allow_busy";

  @Override
  public void register(CommandTable t) {
    t.define("ping", -1, "fast", 0, 0, 0, "@fast @connection")
        .tips("request_policy:all_shards response_policy:all_succeeded")
        .doc("connection", "1.0.0", "O(1)", "Answers PONG, or echoes the given message.")
        .handler(ConnectionCommands::ping);
    t.define("echo", 2, "loading stale fast", 0, 0, 0, "@fast @connection")
        .doc("connection", "1.0.0", "O(1)", "Returns the given message.")
        .handler((c, argv) -> c.reply().bulk(argv[1]));
    t.define("quit", -1, FLAGS_ANYTIME, 0, 0, 0, "@fast @connection")
        .doc("connection", "1.0.0", "O(1)", "Closes the connection after replying OK.")
        .handler(
            (c, argv) -> {
              c.reply().ok();
              c.closeAfterReply();
            });
    t.define("select", 2, "loading stale fast", 0, 0, 0, "@fast @connection")
        .doc("connection", "1.0.0", "O(1)", "Changes the database of this connection.")
        .handler(ConnectionCommands::select);
    t.define("reset", 1, FLAGS_ANYTIME, 0, 0, 0, "@fast @connection")
        .doc("connection", "6.2.0", "O(1)", "Returns the connection to its initial state.")
        .handler(ConnectionCommands::reset);
    HelloAuthCommands.register(t);
    ClientCommand.register(t);
  }

  static void ping(Client c, byte[][] argv) {
    if (argv.length > 2) {
      throw Errors.wrongArity("ping");
    }
    if (c.inPubSubContext()) {
      // A RESP2 subscriber can only receive arrays: PING answers like a message.
      c.reply().array(2);
      c.reply().bulk("pong");
      c.reply().bulk(argv.length == 2 ? argv[1] : new byte[0]);
    } else if (argv.length == 2) {
      c.reply().bulk(argv[1]);
    } else {
      c.reply().pong();
    }
  }

  private static void select(Client c, byte[][] argv) {
    int index = Args.toInt(argv[1]);
    if (index < 0 || index >= c.engine().keyspace().databaseCount()) {
      throw Errors.DB_INDEX_OUT_OF_RANGE;
    }
    c.selectDb(c.engine().keyspace().db(index));
    c.reply().ok();
  }

  /**
   * RESET: leaves MULTI and forgets WATCHed keys, drops subscriptions and MONITOR, returns to RESP2
   * and database 0, signs out when a password is required, clears the name and NO-TOUCH.
   */
  private static void reset(Client c, byte[][] argv) {
    if (c.isReplica() || c.isMaster()) {
      throw new CommandException("ERR can only reset normal client connections");
    }
    Engine e = c.engine();
    if (c.isMonitor()) {
      e.monitors().remove(c);
      c.setMonitor(false);
    }
    c.setInMulti(false);
    c.setMultiAborted(false);
    c.queued().clear();
    e.watches().unwatchAll(c);
    e.pubsub().unsubscribeAll(c);
    c.selectDb(e.keyspace().db(0));
    c.reply().setProtocol(2);
    c.signOut();
    c.setName(null);
    c.setNoTouch(false);
    c.setRepliesOff(false);
    c.reply().simple("RESET");
  }
}
