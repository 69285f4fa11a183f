package io.banyan.node.command.persistence;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.persistence.Persistence;
import io.banyan.node.store.Bytes;

/**
 * The append-only file's commands: BGREWRITEAOF (start or schedule a background rewrite) and
 * WAITAOF (block until this client's writes are fsynced to the local AOF; replicas later).
 */
public final class AofCommands implements CommandFamily {
  private final Persistence persistence;

  public AofCommands(Persistence persistence) {
    this.persistence = persistence;
  }

  @Override
  public void register(CommandTable t) {
    t.define(
            "bgrewriteaof",
            1,
            "admin noscript no_async_loading",
            0,
            0,
            0,
            "@admin @slow @dangerous")
        .doc("server", "1.0.0", "O(1)", "Rewrites the append-only file in the background.")
        .handler(this::bgrewriteaof);
    t.define("waitaof", 4, "noscript", 0, 0, 0, "@slow @connection")
        .doc(
            "generic",
            "7.2.0",
            "O(1)",
            "Waits until the connection's earlier writes are fsynced to the append-only file of"
                + " this node and of the given number of replicas.")
        .handler(this::waitaof);
  }

  private void bgrewriteaof(Client c, byte[][] argv) {
    c.reply().simple(persistence.aof().bgrewriteaof(c));
  }

  /** WAITAOF numlocal numreplicas timeout: arguments checked in Redis's order, then the AOF. */
  private void waitaof(Client c, byte[][] argv) {
    long numLocal = integer(argv[1], "ERR value is not an integer or out of range");
    if (numLocal < 0 || numLocal > 1) {
      throw new CommandException("ERR value is out of range, value must between 0 and 1");
    }
    long numReplicas = integer(argv[2], "ERR value is not an integer or out of range");
    if (numReplicas < 0) {
      throw new CommandException("ERR value is out of range, must be positive");
    }
    long timeout = integer(argv[3], "ERR timeout is not an integer or out of range");
    if (timeout < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    persistence.aof().waitaof(c, numLocal, numReplicas, timeout);
  }

  private static long integer(byte[] arg, String error) {
    Long v = Bytes.parseLong(arg);
    if (v == null) {
      throw new CommandException(error);
    }
    return v;
  }
}
