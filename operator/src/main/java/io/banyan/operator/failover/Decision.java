package io.banyan.operator.failover;

import io.banyan.operator.failover.Selection.Exclusion;
import java.util.List;

/** What the failover manager decided for this observation. */
public sealed interface Decision {
  /**
   * Nothing to do (healthy, suspected but not yet failed, degraded, not the master of epoch...).
   */
  record NoAction(String message) implements Decision {}

  /**
   * Manual policy: the master failed (or a switchover is due) and the operator only reports.
   *
   * @param wouldPromote what an automatic policy would do now; null when no candidate qualifies
   */
  record ReportOnly(FailoverReason reason, String message, Promotion wouldPromote)
      implements Decision {}

  /** No candidate qualifies: the cluster stays as it is (masterless after a failure); retried. */
  record NoCandidate(FailoverReason reason, String message, List<Exclusion> excluded)
      implements Decision {
    public NoCandidate {
      excluded = List.copyOf(excluded);
    }
  }

  /**
   * A new failover or switchover: persist {@code state} (and status epoch = {@code
   * promotion.epoch()}, targetMaster = target) before telling any node (I3, I5), then follow {@link
   * FailoverSteps#next}.
   */
  record Start(Promotion promotion, FailoverState state) implements Decision {}

  /** A failover is in progress: do what {@code step} says. */
  record Continue(StepResult step) implements Decision {}

  /**
   * The in-progress failover cannot finish (its target is lost): clear it from status, record it in
   * history as abandoned, set the status epoch to {@code epoch}, then apply {@code next} — decided
   * as if no failover were in progress at that epoch (so a new one gets epoch + 1).
   *
   * @param epoch the abandoned failover's epoch, or one more when it was abandoned at PROMOTING
   *     (its target may have become master of that epoch unseen; nobody else may share it)
   */
  record Abandon(FailoverState abandoned, String why, long epoch, Decision next)
      implements Decision {}
}
