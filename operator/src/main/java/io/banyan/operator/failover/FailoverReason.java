package io.banyan.operator.failover;

/** Why the operator moves (or wants to move) the master. */
public enum FailoverReason {
  /** The master's pod no longer exists (deleted, evicted). Detected at once, no timeout. */
  MasterPodGone,
  /** The operator cannot reach the master and its replicas agree, for the detection timeout. */
  MasterUnreachable,
  /**
   * The master restarted (it is fenced at an older epoch) without the writes its replicas hold:
   * re-admitting it would make them resync from a node that lost data. Detected at once.
   */
  MasterRestartedBehind,
  /** Every node of the master's zone is unreachable for the detection timeout. */
  ZoneLost,
  /** Planned move to the spec's preferred master zone, with the data node's FAILOVER. */
  Switchover
}
