package io.banyan.operator.failover;

/**
 * Steps of one failover, in order. Persisted in status so a restarted operator resumes at the same
 * step of the same failover (I5); {@link FailoverSteps#next} skips every step whose goal the nodes
 * already report as reached, so resuming never repeats harm.
 */
public enum FailoverStep {
  /** Recorded in status (target, epoch, reason); no node told yet. */
  DECIDED,
  /** Fence the old master at the new epoch if it is reachable (I3). Skipped for a switchover. */
  FENCING_OLD,
  /** Target replicates from {@code catchUpFrom} until its offset reaches the required offset. */
  CATCHING_UP,
  /** Target becomes master of the new epoch (or, for a switchover, FAILOVER then admit). */
  PROMOTING,
  /** Backups, chain heads and the old master follow the new master. */
  REPARENTING,
  /** Pod role labels follow the new roles, so Services route to the new master. */
  RELABELING,
  /** Finished: the caller records history and clears the in-progress failover. */
  DONE
}
