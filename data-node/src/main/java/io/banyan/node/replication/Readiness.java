package io.banyan.node.replication;

import io.banyan.node.fencing.Fence;

/**
 * Whether this node should receive traffic now, from replication's point of view (the HTTP {@code
 * /readyz} check): a master when the operator has admitted it (not fenced); a replica when its link
 * to the master is up — which it is only after the initial synchronisation — and the master's last
 * data (stream or ping) is at most {@code banyan-ready-max-lag} seconds old, as {@code
 * master_last_io_seconds_ago} reports it. Command thread only.
 */
public final class Readiness {
  private final Replication replication;

  Readiness(Replication replication) {
    this.replication = replication;
  }

  /** Why the node is not ready, in one line, or null when it is. */
  public String notReadyReason(int maxLagSeconds) {
    ReplicaRole replica = replication.replica();
    if (!replica.active()) {
      Fence fence = replication.fence();
      return fence.fenced() ? "fenced at epoch " + fence.epoch() : null;
    }
    MasterLink link = replica.link();
    if (!replica.linkUp() || link == null) {
      return link != null && link.state() == MasterLink.State.SYNC
          ? "initial sync with the master in progress"
          : "master link down";
    }
    long agoMs = replication.engine().nowMs() - link.lastIoMs();
    if (agoMs > maxLagSeconds * 1000L) {
      return "last data from the master "
          + agoMs / 1000
          + " s ago (banyan-ready-max-lag "
          + maxLagSeconds
          + ")";
    }
    return null;
  }
}
