package io.banyan.operator.reconcile;

import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides which administrative commands bring the live tree to the desired one, outside of a
 * failover. Pure: the reconciler executes the actions. It never promotes: in steady state the
 * master is the one recorded in status, and only a failover (with its epoch recorded first) changes
 * it.
 */
public final class TreeWiring {
  /** What to tell one node. */
  public enum Kind {
    /** {@code REPLICAOF parent}: the node follows the wrong master, or none. */
    REPLICATE,
    /** {@code BANYAN ADMIT epoch}: the node holds its role for the current epoch. */
    ADMIT
  }

  /** One command for one node; {@code parentIp} only for {@link Kind#REPLICATE}. */
  public record Action(String node, Kind kind, String parent, String parentIp, long epoch) {}

  private TreeWiring() {}

  /**
   * The actions for this round.
   *
   * @param parents desired parent of every node (null for the master)
   * @param master the master of the current epoch, from status
   * @param observations what the nodes reported just now
   * @param addresses pod IP of each node that has one
   * @param epoch the current epoch, from status
   * @param masterReadmissible a fenced master holds every write its replicas hold ({@link
   *     io.banyan.operator.failover.MasterAdmission}); otherwise the failover manager replaces it
   */
  public static List<Action> plan(
      Map<String, String> parents,
      String master,
      Map<String, NodeObservation> observations,
      Map<String, String> addresses,
      long epoch,
      boolean masterReadmissible) {
    List<Action> actions = new ArrayList<>();
    NodeObservation m = observations.get(master);
    if (m != null && masterNeedsAdmission(m, epoch) && masterReadmissible) {
      actions.add(new Action(master, Kind.ADMIT, null, null, epoch));
    }
    for (var e : parents.entrySet()) {
      String node = e.getKey();
      String parent = e.getValue();
      NodeObservation o = observations.get(node);
      if (parent == null || o == null || !o.reachable()) {
        continue;
      }
      String parentIp = addresses.get(parent);
      if (parentIp == null) {
        continue; // the parent has no pod IP yet; wire the node once it has
      }
      String parentAddress = NodeConnector.address(parentIp);
      if (o.role() != Role.REPLICA || !parentAddress.equals(o.masterAddress())) {
        actions.add(new Action(node, Kind.REPLICATE, parent, parentIp, epoch));
      } else if (o.link() == Link.UP && needsAdmission(o, epoch)) {
        // Admitted only once in sync: until then it must not serve sub-replicas what it had on
        // disk before it rejoined.
        actions.add(new Action(node, Kind.ADMIT, parent, null, epoch));
      }
    }
    return actions;
  }

  /** True when the master of this epoch is fenced and must be checked before serving writes. */
  public static boolean masterNeedsAdmission(NodeObservation master, long epoch) {
    return master.reachable() && master.role() == Role.MASTER && needsAdmission(master, epoch);
  }

  private static boolean needsAdmission(NodeObservation o, long epoch) {
    return o.fenced() || o.epoch() < epoch;
  }
}
