package io.banyan.operator.failover;

import java.util.List;

/**
 * The outcome of a candidate search.
 *
 * @param target the chosen node; null when no candidate qualifies
 * @param targetOffset the target's observed offset
 * @param history the replication id offsets were compared in (see {@link CandidateSelector})
 * @param catchUpFrom the most advanced reachable node of the same history ahead of the target, from
 *     which the target must replicate before promotion (I4); null when the target is the furthest
 * @param catchUpOffset the offset the target must reach before promotion (its own offset when no
 *     catch-up is needed)
 * @param excluded every master-eligible node that was not chosen for a disqualifying reason
 */
public record Selection(
    String target,
    long targetOffset,
    String history,
    String catchUpFrom,
    long catchUpOffset,
    List<Exclusion> excluded) {

  /** A node that could not be chosen, and why. */
  public record Exclusion(String node, String why) {
    @Override
    public String toString() {
      return node + ": " + why;
    }
  }

  public Selection {
    excluded = List.copyOf(excluded);
  }

  static Selection none(String history, List<Exclusion> excluded) {
    return new Selection(null, -1, history, null, -1, excluded);
  }

  public boolean found() {
    return target != null;
  }
}
