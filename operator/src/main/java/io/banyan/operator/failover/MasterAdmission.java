package io.banyan.operator.failover;

import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;

/**
 * Whether a fenced master (restarted, or fenced by an interrupted failover) may be re-admitted:
 * only when no reachable node holds writes it lacks — an offset at least as high as every other
 * node's, and the same history as the replicas. A master that came back empty or with another
 * replication id is replaced by a failover instead. Pure.
 */
public final class MasterAdmission {
  private MasterAdmission() {}

  public static boolean mayReadmit(NodeObservation master, ClusterView view) {
    for (var n : view.tree()) {
      NodeObservation o = view.observed(n.name());
      if (o == null || o == master || !o.reachable() || o.offset() <= 0) {
        continue;
      }
      if (o.offset() > master.offset()) {
        return false;
      }
      if (o.role() == Role.REPLICA && o.replid() != null && !o.replid().equals(master.replid())) {
        return false;
      }
    }
    return true;
  }
}
