package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.engine.InfoRegistry;
import java.util.List;

/** INFO replication, with Redis 7.0's field names and order. */
final class ReplicationInfo implements InfoRegistry.Section {
  private final Replication r;

  ReplicationInfo(Replication r) {
    this.r = r;
  }

  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    MasterSide m = r.master();
    ReplicaRole rep = r.replica();
    long now = r.engine().nowMs();
    if (rep.active()) {
      MasterLink link = rep.link();
      out.add("role", "slave")
          .add("master_host", rep.host())
          .add("master_port", rep.port())
          .add("master_link_status", rep.linkUp() ? "up" : "down")
          .add(
              "master_last_io_seconds_ago",
              link != null && rep.linkUp() ? (now - link.lastIoMs()) / 1000 : -1)
          .add(
              "master_sync_in_progress",
              link != null && link.state() == MasterLink.State.SYNC ? 1 : 0)
          .add("slave_read_repl_offset", m.offset())
          .add("slave_repl_offset", m.offset());
      if (!rep.linkUp()) {
        out.add("master_link_down_since_seconds", Math.max(0, (now - rep.downSinceMs()) / 1000));
        if (rep.lastError() != null) {
          out.add("master_link_last_error", rep.lastError());
        }
      }
      out.add("slave_priority", r.engine().config().replicaPriority)
          .add("slave_read_only", r.engine().config().replicaReadOnly ? 1 : 0)
          .add("replica_announced", r.engine().config().replicaAnnounced ? 1 : 0);
    } else {
      out.add("role", "master");
    }
    List<ReplicaLink> replicas = m.replicas();
    out.add("connected_slaves", replicas.size());
    if (r.minReplicasActive()) {
      out.add("min_slaves_good_slaves", r.goodReplicas());
    }
    int i = 0;
    for (ReplicaLink l : replicas) {
      out.add(
          "slave" + i++,
          "ip="
              + l.ip()
              + ",port="
              + l.listeningPort
              + ",state="
              + l.state.infoName
              + ",offset="
              + l.ackOffset
              + ",lag="
              + (now - l.lastAckMs) / 1000
              // A Banyan extension, after Redis's fields so their parsers are unaffected.
              + (l.zone == null ? "" : ",zone=" + l.zone));
    }
    Backlog b = m.backlog();
    out.add("master_failover_state", r.failover().state().infoName)
        .add("master_replid", m.replId())
        .add("master_replid2", m.replId2())
        .add("master_repl_offset", m.offset())
        .add("second_repl_offset", m.secondOffset())
        .add("repl_backlog_active", b == null ? 0 : 1)
        .add("repl_backlog_size", r.engine().config().replBacklogSize)
        .add("repl_backlog_first_byte_offset", b == null ? 0 : b.firstByteOffset())
        .add("repl_backlog_histlen", b == null ? 0 : b.histlen())
        // Banyan extensions, last so that Redis's own fields keep their order.
        .add("banyan_epoch", r.fence().epoch())
        .add("banyan_fenced", r.fence().fenced() ? 1 : 0);
    if (rep.active()) {
      // Milliseconds, where master_last_io_seconds_ago has whole seconds and only while the link
      // is up: the operator's failure detector dates a master's silence from it.
      out.add("banyan_master_last_io_ms", rep.masterSilentMs(now));
    }
  }
}
