package io.banyan.node.command.persistence;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.persistence.Persistence;
import io.banyan.node.persistence.RdbPersistence;

/**
 * SAVE, BGSAVE [SCHEDULE] and LASTSAVE, with Redis 7.0's metadata, replies and errors. The work is
 * {@link RdbPersistence}'s.
 */
public final class RdbCommands implements CommandFamily {
  private static final CommandException IN_PROGRESS =
      Errors.err("Background save already in progress");

  private final Persistence persistence;

  public RdbCommands(Persistence persistence) {
    this.persistence = persistence;
  }

  @Override
  public void register(CommandTable t) {
    t.define(
            "save",
            1,
            "admin noscript no_async_loading no_multi",
            0,
            0,
            0,
            "@admin @slow @dangerous")
        .doc(
            "server",
            "1.0.0",
            "O(N) where N is the total number of keys in all databases",
            "Writes the dataset to the RDB file now, blocking every client until done.")
        .handler(this::save);
    t.define("bgsave", -1, "admin noscript no_async_loading", 0, 0, 0, "@admin @slow @dangerous")
        .doc(
            "server",
            "1.0.0",
            "O(1)",
            "Writes a point-in-time image of the dataset to the RDB file while clients go on.")
        .handler(this::bgsave);
    t.define("lastsave", 1, "loading stale fast", 0, 0, 0, "@admin @fast @dangerous")
        .tips("nondeterministic_output")
        .doc("server", "1.0.0", "O(1)", "Returns the Unix time of the last successful save.")
        .handler((c, argv) -> c.reply().integer(rdb().lastSaveSeconds()));
  }

  private RdbPersistence rdb() {
    return persistence.rdb();
  }

  private void save(Client c, byte[][] argv) {
    RdbPersistence rdb = rdb();
    if (rdb.backgroundSaveInProgress()) {
      throw IN_PROGRESS;
    }
    if (!rdb.saveNow()) {
      throw new CommandException("ERR"); // Redis answers a bare ERR; the log has the cause
    }
    c.reply().ok();
  }

  private void bgsave(Client c, byte[][] argv) {
    boolean schedule = false;
    if (argv.length > 1) {
      if (argv.length == 2 && Args.is(argv[1], "schedule")) {
        schedule = true;
      } else {
        throw Errors.SYNTAX;
      }
    }
    switch (rdb().bgsave(schedule, c.executingTransaction())) {
      case STARTED -> c.reply().simple("Background saving started");
      case SCHEDULED -> c.reply().simple("Background saving scheduled");
      case ALREADY_IN_PROGRESS -> throw IN_PROGRESS;
      case OTHER_SNAPSHOT_RUNNING ->
          throw Errors.err(
              "Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE"
                  + " SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
  }
}
