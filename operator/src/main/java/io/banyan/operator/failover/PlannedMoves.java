package io.banyan.operator.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What may move a healthy master on purpose, besides its pod terminating: the spec's declarative
 * switchover, a rolling update that reached the master, and the move back to the preferred zone
 * after a failover, which is held down so that a flapping zone causes no repeated switchovers.
 *
 * @param requestedMaster {@code spec.failover.targetMaster}; null when unset. While set, the master
 *     is not moved back to the preferred zone
 * @param moveForUpdate the rolling update has replaced every other node and may move the master
 * @param outdated nodes whose pod runs an outdated revision: never the target of a rolling update's
 *     switchover
 * @param lastMasterChange when the master last changed (the newest failover record); null: unknown
 * @param failbackHoldDown how long the preferred zone's candidate must have qualified, and how long
 *     since {@code lastMasterChange}, before a move back to the preferred zone
 * @param failbackCandidateSince since when the preferred zone has had a qualifying candidate, as
 *     the previous evaluation returned it (null: none, or not looked at yet)
 */
public record PlannedMoves(
    String requestedMaster,
    boolean moveForUpdate,
    Set<String> outdated,
    Instant lastMasterChange,
    Duration failbackHoldDown,
    Instant failbackCandidateSince) {
  public PlannedMoves {
    outdated = Set.copyOf(outdated);
  }

  /** No move asked for; failback as soon as a candidate qualifies (no hold-down). */
  public static PlannedMoves none() {
    return new PlannedMoves(null, false, Set.of(), null, Duration.ZERO, null);
  }

  /**
   * When the move back to the preferred zone may happen, for a candidate qualifying since {@code
   * candidateSince}: both the candidate and the current master must have held for the hold-down.
   */
  Instant failbackAllowedAt(Instant candidateSince) {
    Instant byCandidate = candidateSince.plus(failbackHoldDown);
    if (lastMasterChange == null) {
      return byCandidate;
    }
    Instant byLastChange = lastMasterChange.plus(failbackHoldDown);
    return byCandidate.isAfter(byLastChange) ? byCandidate : byLastChange;
  }
}
