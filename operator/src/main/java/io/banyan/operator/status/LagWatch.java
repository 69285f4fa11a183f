package io.banyan.operator.status;

import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which replicas are further behind their master than the lag the spec allows, in time: a replica
 * lags when it has still not reached the offset the master reported {@code allowed} ago. Offsets
 * are bytes and a busy master is always a little ahead of its replicas, so a byte difference alone
 * says nothing; how old the missing bytes are does (Redis's {@code min-replicas-max-lag} and the
 * data node's readiness bound are in seconds too). Every node of a tree reports offsets in the
 * master's space (I2), so chain members are compared with the master as well.
 *
 * <p>Keeps the master's offset as sampled each round, back to the newest sample at least {@code
 * allowed} old; starts over when the master changes or its offset goes back (a restart). Not
 * thread-safe: one per cluster, used by its reconciles, which never overlap.
 */
public final class LagWatch {
  private record Sample(Instant at, long offset) {}

  private final Deque<Sample> samples = new ArrayDeque<>();
  private String master;

  /**
   * Records the master's offset observed at {@code now} and returns the replicas lagging beyond
   * {@code allowed}, sorted by name.
   *
   * @param master the master of the current epoch (null: none yet — nothing lags)
   */
  public Set<String> update(
      Instant now, String master, Map<String, NodeObservation> observations, Duration allowed) {
    if (!Objects.equals(master, this.master)) {
      samples.clear();
      this.master = master;
    }
    NodeObservation m = master == null ? null : observations.get(master);
    if (m != null && m.reachable() && m.role() == Role.MASTER && m.offset() >= 0) {
      if (!samples.isEmpty() && m.offset() < samples.peekLast().offset()) {
        samples.clear();
      }
      samples.addLast(new Sample(now, m.offset()));
    }
    Instant cutoff = now.minus(allowed);
    while (samples.size() >= 2 && !secondOldest().at().isAfter(cutoff)) {
      samples.removeFirst();
    }
    Set<String> lagging = new TreeSet<>();
    Sample reference = samples.peekFirst();
    if (reference == null || reference.at().isAfter(cutoff)) {
      return lagging; // not watched for long enough to tell
    }
    for (NodeObservation o : observations.values()) {
      if (o.reachable()
          && o.role() == Role.REPLICA
          && o.offset() >= 0
          && o.offset() < reference.offset()) {
        lagging.add(o.node());
      }
    }
    return lagging;
  }

  private Sample secondOldest() {
    var it = samples.iterator();
    it.next();
    return it.next();
  }
}
