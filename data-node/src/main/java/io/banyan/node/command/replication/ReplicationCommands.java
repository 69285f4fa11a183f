package io.banyan.node.command.replication;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;

/**
 * Replication commands: the replica's handshake with its master (REPLCONF, PSYNC, SYNC), role
 * changes (REPLICAOF, SLAVEOF), ROLE, and WAIT. The work is done by {@link
 * io.banyan.node.replication.Replication}.
 */
public final class ReplicationCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    t.define(
            "replconf",
            -1,
            "admin noscript loading stale allow_busy",
            0,
            0,
            0,
            "@admin @slow @dangerous")
        .doc(
            "server",
            "3.0.0",
            "O(1)",
            "An internal command for configuring the replication stream.")
        .handler((c, argv) -> ReplconfCommand.run(c.engine().replication().handshake(), c, argv));
    t.define(
            "psync",
            -3,
            "admin noscript no_async_loading no_multi",
            0,
            0,
            0,
            "@admin @slow @dangerous")
        .doc("server", "2.8.0", "O(1)", "An internal command used in replication.")
        .handler(ReplicationCommands::psync);
    t.define(
            "sync",
            1,
            "admin noscript no_async_loading no_multi",
            0,
            0,
            0,
            "@admin @slow @dangerous")
        .doc("server", "1.0.0", "O(1)", "An internal command used in replication.")
        .handler((c, argv) -> c.engine().replication().psync(c, null, -1, true));
    for (String name : new String[] {"replicaof", "slaveof"}) {
      t.define(name, 3, "admin noscript stale no_async_loading", 0, 0, 0, "@admin @slow @dangerous")
          .doc(
              "server",
              name.equals("slaveof") ? "1.0.0" : "5.0.0",
              "O(1)",
              "Makes the node a replica of another one, or a master again with NO ONE.")
          .handler(ReplicationCommands::replicaof);
    }
    t.define("failover", -1, "admin noscript stale", 0, 0, 0, "@admin @slow @dangerous")
        .doc(
            "server",
            "6.2.0",
            "O(N) where N is the number of replicas",
            "Hands the master role over to a replica without losing writes.")
        .handler(ReplicationCommands::failover);
    t.define("role", 1, "noscript loading stale fast", 0, 0, 0, "@admin @fast @dangerous")
        .doc("server", "2.8.12", "O(1)", "Returns the replication role.")
        .handler((c, argv) -> c.engine().replication().role(c));
    t.define("wait", 3, "noscript", 0, 0, 0, "@slow @connection")
        .doc(
            "generic",
            "3.0.0",
            "O(1)",
            "Blocks until the writes of the connection reached the given number of replicas.")
        .handler(ReplicationCommands::waitCommand);
  }

  private static void psync(Client c, byte[][] argv) {
    Long offset = Bytes.parseLong(argv[2]);
    if (offset == null) {
      throw Errors.NOT_INTEGER;
    }
    if (argv.length > 3 && Bytes.is(argv[3], "failover")) {
      c.engine().replication().psyncFailover(c, Bytes.str(argv[1]), offset);
      return;
    }
    c.engine().replication().psync(c, Bytes.str(argv[1]), offset, false);
  }

  private static void failover(Client c, byte[][] argv) {
    var failover = c.engine().replication().failover();
    if (FailoverArgs.isAbort(argv)) {
      failover.abort(c);
    } else {
      failover.start(c, FailoverArgs.parse(argv));
    }
  }

  private static void replicaof(Client c, byte[][] argv) {
    if (c.engine().replication().failover().active()) {
      throw new CommandException("ERR REPLICAOF not allowed while failing over.");
    }
    if (Bytes.is(argv[1], "no") && Bytes.is(argv[2], "one")) {
      c.engine().replication().promote();
      c.reply().ok();
      return;
    }
    Long port = Bytes.parseLong(argv[2]);
    if (port == null || port < 0 || port > 65535) {
      throw new CommandException("ERR Invalid master port");
    }
    c.reply().simple(c.engine().replication().replicaOf(Bytes.str(argv[1]), port.intValue(), c));
  }

  private static void waitCommand(Client c, byte[][] argv) {
    Long replicas = Bytes.parseLong(argv[1]);
    if (replicas == null) {
      throw Errors.NOT_INTEGER;
    }
    Long timeout = Bytes.parseLong(argv[2]);
    if (timeout == null) {
      throw new CommandException("ERR timeout is not an integer or out of range");
    }
    if (timeout < 0) {
      throw new CommandException("ERR timeout is negative");
    }
    c.engine().replication().waitFor(c, replicas, timeout);
  }
}
