package io.banyan.node.command.connection;

import io.banyan.node.client.Client;
import io.banyan.node.command.CommandFamily;
import io.banyan.node.command.CommandTable;

/** Connection commands: PING, ECHO, QUIT (more to come). */
public final class ConnectionCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    t.define("ping", -1, "fast", 0, 0, 0, "@fast @connection")
        .doc("connection", "1.0.0", "O(1)", "Answers PONG, or echoes the given message.")
        .handler(ConnectionCommands::ping);
    t.define("echo", 2, "fast", 0, 0, 0, "@fast @connection")
        .doc("connection", "1.0.0", "O(1)", "Returns the given message.")
        .handler((c, argv) -> c.reply().bulk(argv[1]));
    t.define(
            "quit",
            -1,
            "allow_busy no_auth noscript loading stale fast",
            0,
            0,
            0,
            "@fast @connection")
        .doc("connection", "1.0.0", "O(1)", "Closes the connection after replying OK.")
        .handler(
            (c, argv) -> {
              c.reply().ok();
              c.closeAfterReply();
            });
  }

  static void ping(Client c, byte[][] argv) {
    if (argv.length > 2) {
      throw io.banyan.node.command.Errors.wrongArity("ping");
    }
    if (argv.length == 2) {
      c.reply().bulk(argv[1]);
    } else {
      c.reply().pong();
    }
  }
}
