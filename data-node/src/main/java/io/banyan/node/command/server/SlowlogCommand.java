package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.engine.SlowLog;
import io.banyan.node.store.Bytes;

/** SLOWLOG GET/LEN/RESET/HELP over the engine's slow log. */
final class SlowlogCommand {
  private SlowlogCommand() {}

  private static final int DEFAULT_COUNT = 10;

  static void register(CommandTable t) {
    t.define("slowlog", -2, "", 0, 0, 0, "@slow")
        .doc("server", "2.2.12", "Depends on subcommand.", "Reads and resets the slow log.");
    String acl = "@admin @slow @dangerous";
    t.define("slowlog|get", -2, "admin loading stale", 0, 0, 0, acl)
        .tips("request_policy:all_nodes nondeterministic_output")
        .doc(
            "server",
            "2.2.12",
            "O(N) where N is the number of entries returned",
            "Returns the newest entries of the slow log.")
        .handler(SlowlogCommand::get);
    t.define("slowlog|len", 2, "admin loading stale", 0, 0, 0, acl)
        .tips("request_policy:all_nodes response_policy:agg_sum nondeterministic_output")
        .doc("server", "2.2.12", "O(1)", "Counts the entries of the slow log.")
        .handler((c, argv) -> c.reply().integer(c.engine().slowLog().size()));
    t.define("slowlog|reset", 2, "admin loading stale", 0, 0, 0, acl)
        .tips("request_policy:all_nodes response_policy:all_succeeded")
        .doc(
            "server",
            "2.2.12",
            "O(N) where N is the number of entries in the slowlog",
            "Empties the slow log.")
        .handler(
            (c, argv) -> {
              c.engine().slowLog().reset();
              c.reply().ok();
            });
    t.define("slowlog|help", 2, "loading stale", 0, 0, 0, "@slow")
        .doc("server", "6.2.0", "O(1)", "Explains the SLOWLOG subcommands.")
        .handler(
            (c, argv) ->
                Help.reply(
                    c,
                    "slowlog",
                    "GET [<count>]",
                    "    Return the <count> newest entries (10 by default, all with -1). Each entry",
                    "    holds: id, Unix time, duration in microseconds, arguments, client address",
                    "    and client name.",
                    "LEN",
                    "    Return the number of entries.",
                    "RESET",
                    "    Remove every entry."));
  }

  private static void get(Client c, byte[][] argv) {
    if (argv.length > 3) {
      throw Help.subcommandSyntaxError(argv);
    }
    long count = DEFAULT_COUNT;
    if (argv.length == 3) {
      Long n = Bytes.parseLong(argv[2]);
      if (n == null || n < -1) {
        throw new CommandException("ERR count should be greater than or equal to -1");
      }
      count = n == -1 ? Long.MAX_VALUE : n;
    }
    SlowLog log = c.engine().slowLog();
    int n = (int) Math.min(count, log.size());
    c.reply().array(n);
    int written = 0;
    for (SlowLog.Entry e : log.newestFirst()) {
      if (written++ == n) {
        break;
      }
      c.reply().array(6);
      c.reply().integer(e.id());
      c.reply().integer(e.unixSeconds());
      c.reply().integer(e.micros());
      c.reply().array(e.argv().length);
      for (byte[] a : e.argv()) {
        c.reply().bulk(a);
      }
      c.reply().bulk(e.clientAddress());
      c.reply().bulk(e.clientName());
    }
  }
}
