package io.banyan.operator.failover;

import io.banyan.operator.api.StoreClusterStatus.FailoverStatus;
import java.time.Instant;

/**
 * A failover in progress, as persisted in {@code status.failover}: enough to resume the same
 * failover (same target, same epoch) after an operator restart (I5). The re-parenting plan is not
 * stored: it is {@link ReparentPlan#plan}{@code (tree, target)}.
 *
 * @param step the step to work on (all earlier ones reached)
 * @param from the master being replaced
 * @param target the node being promoted
 * @param epoch the epoch of the promotion
 * @param reason why
 * @param message the decision's sentence
 * @param catchUpFrom node the target catches up from; null when none
 * @param requiredOffset the offset the target must reach before promotion
 * @param startedAt when the failover was decided
 */
public record FailoverState(
    FailoverStep step,
    String from,
    String target,
    long epoch,
    FailoverReason reason,
    String message,
    String catchUpFrom,
    long requiredOffset,
    Instant startedAt) {

  /** The state recorded for a fresh decision, at {@link FailoverStep#DECIDED}. */
  public static FailoverState start(Promotion p, Instant now) {
    return new FailoverState(
        FailoverStep.DECIDED,
        p.from(),
        p.target(),
        p.epoch(),
        p.reason(),
        p.message(),
        p.catchUpFrom(),
        p.requiredOffset(),
        now);
  }

  public FailoverState withStep(FailoverStep next) {
    return new FailoverState(
        next, from, target, epoch, reason, message, catchUpFrom, requiredOffset, startedAt);
  }

  public boolean switchover() {
    return reason.planned();
  }

  /** The status form; null-safe round trip with {@link #fromStatus}. */
  public FailoverStatus toStatus() {
    FailoverStatus s = new FailoverStatus();
    s.step = step.name();
    s.from = from;
    s.target = target;
    s.epoch = epoch;
    s.reason = reason.name();
    s.message = message;
    s.catchUpFrom = catchUpFrom;
    s.requiredOffset = requiredOffset;
    s.startedAt = startedAt == null ? null : startedAt.toString();
    return s;
  }

  /** Reads the persisted form; null when {@code s} is null (no failover in progress). */
  public static FailoverState fromStatus(FailoverStatus s) {
    if (s == null) {
      return null;
    }
    return new FailoverState(
        FailoverStep.valueOf(s.step),
        s.from,
        s.target,
        s.epoch == null ? 0 : s.epoch,
        FailoverReason.valueOf(s.reason),
        s.message,
        s.catchUpFrom,
        s.requiredOffset == null ? 0 : s.requiredOffset,
        s.startedAt == null ? null : Instant.parse(s.startedAt));
  }
}
