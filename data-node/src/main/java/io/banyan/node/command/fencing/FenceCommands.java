package io.banyan.node.command.fencing;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.command.server.Help;
import io.banyan.node.fencing.Fence;
import io.banyan.node.replication.Replication;
import io.banyan.node.store.Bytes;

/**
 * BANYAN FENCE, ADMIT, EPOCH and HELP: the operator's control of the {@link Fence}. A Banyan
 * extension, not a Redis command. Admin commands that also run while the node loads its data or has
 * lost its master, since the operator must be able to fence any node at any time.
 */
public final class FenceCommands implements CommandFamily {
  private static final String SUB_FLAGS = "admin noscript loading stale fast";
  private static final String SUB_ACL = "@admin @fast @dangerous";

  private final Replication replication;

  public FenceCommands(Replication replication) {
    this.replication = replication;
  }

  @Override
  public void register(CommandTable t) {
    t.define("banyan", -2, "", 0, 0, 0, "@slow")
        .doc("server", "1.0.0", "Depends on subcommand.", "Banyan operator control commands.");
    t.define("banyan|fence", 3, SUB_FLAGS, 0, 0, 0, SUB_ACL)
        .doc(
            "server",
            "1.0.0",
            "O(1)",
            "Refuses client writes and replica synchronisation from now on, at the given epoch.")
        .handler(this::fence);
    // Not while loading: admission is decided from the node's data (its offset), which a node still
    // loading does not have yet; fencing and reading the epoch need no data.
    t.define("banyan|admit", 3, "admin noscript stale fast", 0, 0, 0, SUB_ACL)
        .doc("server", "1.0.0", "O(1)", "Lifts the fence, at the given epoch.")
        .handler(this::admit);
    // Not while loading either, for the same reason as ADMIT.
    t.define("banyan|promote", 3, "admin noscript stale", 0, 0, 0, "@admin @slow @dangerous")
        .doc(
            "server",
            "1.0.0",
            "O(1)",
            "Makes the node the writable master of the given epoch: records the epoch, lifts the"
                + " fence and stops replicating (as REPLICAOF NO ONE).")
        .handler(this::promote);
    t.define("banyan|epoch", 2, SUB_FLAGS, 0, 0, 0, SUB_ACL)
        .doc("server", "1.0.0", "O(1)", "Returns the last failover epoch the operator gave.")
        .handler((c, argv) -> c.reply().integer(fence(c).epoch()));
    t.define("banyan|help", 2, "loading stale", 0, 0, 0, "@slow")
        .doc("server", "1.0.0", "O(1)", "Lists the BANYAN subcommands.")
        .handler(FenceCommands::help);
  }

  private Fence fence(Client c) {
    return replication.fence();
  }

  private void fence(Client c, byte[][] argv) {
    boolean newly = fence(c).fence(epoch(argv[2]));
    c.reply().ok();
    if (newly) {
      replication.fenced(c);
    }
  }

  private void admit(Client c, byte[][] argv) {
    fence(c).admit(epoch(argv[2]));
    c.reply().ok();
  }

  private void promote(Client c, byte[][] argv) {
    replication.promoteAt(epoch(argv[2]));
    c.reply().ok();
  }

  private static long epoch(byte[] arg) {
    Long epoch = Bytes.parseLong(arg);
    if (epoch == null || epoch < 0) {
      throw Errors.NOT_INTEGER;
    }
    return epoch;
  }

  private static void help(Client c, byte[][] argv) {
    Help.reply(
        c,
        "banyan",
        "FENCE <epoch>",
        "    Refuse client writes and replica synchronisation; record the epoch.",
        "ADMIT <epoch>",
        "    Accept client writes and replicas again; record the epoch.",
        "PROMOTE <epoch>",
        "    Become the writable master of the epoch: record it, lift the fence, stop",
        "    replicating (as REPLICAOF NO ONE). Repeating it changes nothing.",
        "EPOCH",
        "    Return the current epoch.");
  }
}
