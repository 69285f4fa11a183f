package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.InfoRegistry;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * INFO replication for a master without replicas, until the replication subsystem registers its own
 * section.
 */
final class ReplicationSection implements InfoRegistry.Section {
  private final String replicationId;

  ReplicationSection() {
    byte[] id = new byte[20];
    new SecureRandom().nextBytes(id);
    replicationId = HexFormat.of().formatHex(id);
  }

  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    boolean replica = caller.engine().keyspace().isExpiryFollower();
    out.add("role", replica ? "slave" : "master")
        .add("connected_slaves", 0)
        .add("master_failover_state", "no-failover")
        .add("master_replid", replicationId)
        .add("master_replid2", "0000000000000000000000000000000000000000")
        .add("master_repl_offset", 0)
        .add("second_repl_offset", -1)
        .add("repl_backlog_active", 0)
        .add("repl_backlog_size", 1048576)
        .add("repl_backlog_first_byte_offset", 0)
        .add("repl_backlog_histlen", 0);
  }
}
