package io.banyan.operator.failover;

/** Why the operator moves (or wants to move) the master. */
public enum FailoverReason {
  /** The master's pod no longer exists (deleted, evicted). Detected at once, no timeout. */
  MasterPodGone,
  /** The operator cannot reach the master and its replicas agree, for the detection timeout. */
  MasterUnreachable,
  /**
   * The master is fenced (it restarted, or an interrupted failover fenced it) without the writes
   * its replicas hold: re-admitting it would make them resync from a node that lost data. Detected
   * at once.
   */
  MasterRestartedBehind,
  /**
   * The status' master answers as a replica outside any failover (an interrupted switchover, a
   * hand-made REPLICAOF): the cluster has no writable master.
   */
  MasterDemoted,
  /** Every node of the master's zone is unreachable for the detection timeout. */
  ZoneLost,
  /** Planned move to the spec's preferred master zone, with the data node's FAILOVER. */
  Switchover,
  /**
   * Planned move away from a master whose pod is Terminating (deleted gracefully, drained, evicted)
   * while its process still answers: the same zero-loss FAILOVER as {@link #Switchover}, before the
   * kubelet's SIGTERM, instead of a failover after its death.
   */
  MasterTerminating,
  /**
   * Planned move away from a master whose pod runs an outdated revision, once every other node runs
   * the new one: the rolling update replaces the master last, after a zero-loss FAILOVER.
   */
  RollingUpdate,
  /** Planned move to the node {@code spec.failover.targetMaster} names (declarative switchover). */
  RequestedSwitchover;

  /**
   * A hand-over by the live master (FAILOVER: writes paused, target caught up, then promoted), not
   * a promotion after a failure.
   */
  public boolean planned() {
    return this == Switchover
        || this == MasterTerminating
        || this == RollingUpdate
        || this == RequestedSwitchover;
  }
}
