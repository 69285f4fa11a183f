package io.banyan.operator.backup;

import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which node a backup is taken from. Pure. A replica spares the master the snapshot's work; it must
 * answer, be unfenced (a fenced node serves no sync), be linked to its master and within {@link
 * #MAX_LAG_BYTES} of it, so the backup holds what the master had moments ago. The most advanced one
 * wins (ties: tree order). Only when no replica qualifies is the master used, and the record says
 * so.
 */
final class BackupSource {
  /** How far behind the master a replica may be and still count as in sync. */
  static final long MAX_LAG_BYTES = 1024 * 1024;

  private BackupSource() {}

  /** The chosen node and why; empty when no node can serve a snapshot now. */
  record Choice(String node, String note) {}

  static Optional<Choice> choose(
      List<String> tree, String master, Map<String, NodeObservation> observations) {
    NodeObservation m = master == null ? null : observations.get(master);
    long masterOffset = m != null && m.reachable() ? m.offset() : -1;
    Optional<NodeObservation> replica =
        tree.stream()
            .filter(n -> !n.equals(master))
            .map(observations::get)
            .filter(o -> o != null && o.reachable() && !o.fenced())
            .filter(o -> o.role() == Role.REPLICA && o.link() == Link.UP)
            .filter(o -> masterOffset >= 0 && masterOffset - o.offset() <= MAX_LAG_BYTES)
            .max(Comparator.comparingLong(NodeObservation::offset));
    if (replica.isPresent()) {
      return Optional.of(new Choice(replica.get().node(), "from in-sync replica"));
    }
    if (m != null && m.reachable() && !m.fenced() && m.role() == Role.MASTER) {
      return Optional.of(new Choice(master, "from the master: no replica is linked and in sync"));
    }
    return Optional.empty();
  }
}
