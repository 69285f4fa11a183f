package io.banyan.operator.failover;

/**
 * What the failure detector concluded about the status' current master.
 *
 * @param verdict the conclusion
 * @param reason why the master counts as failed; non-null only for {@link Verdict#FAILED}
 * @param message a sentence for status conditions and events
 * @param suspicion the updated suspicion, for the caller to keep in memory until the next probe
 */
public record Detection(
    Verdict verdict, FailoverReason reason, String message, MasterSuspicion suspicion) {

  /** The detector's conclusions. */
  public enum Verdict {
    /** Reachable, master at the status epoch, at least one replica linked (or none to link). */
    HEALTHY,
    /**
     * The master works but something around it does not: its replicas' links are all down while the
     * operator reaches it, or the operator cannot reach it while a replica still can. Report
     * Degraded; never a failover.
     */
    DEGRADED,
    /** Looks failed (replicas agree) but not yet for the detection timeout. */
    SUSPECTED,
    /** Failed: pod gone, or unreachable with agreeing replicas for the detection timeout. */
    FAILED,
    /**
     * Answers but is not the master of the status epoch (reports REPLICA, or an epoch lower than
     * the status epoch, e.g. it restarted fenced). The reconcile handles it, not a failover.
     */
    NOT_MASTER_OF_EPOCH,
    /** The status names no master yet (bootstrap); nothing to judge. */
    NO_MASTER
  }

  public boolean failed() {
    return verdict == Verdict.FAILED;
  }
}
