package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.UpdateStrategySpec;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.PodRevision;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.rollout.RolloutPlanner;
import io.banyan.operator.rollout.RolloutPlanner.NodeState;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The I/O side of the rolling update: reads each node's pod revision and health for {@link
 * RolloutPlanner}, and carries out a replacement (a graceful pod deletion; the next round recreates
 * the pod at the new revision with the same name and volume). The master's switchover is carried
 * out by the failover round, which the plan tells to move the master ({@link
 * RolloutPlanner.MoveMaster}).
 */
final class RollingUpdate {
  private RollingUpdate() {}

  /** The facts of one round, and the plan made from them. */
  static RolloutPlanner.Plan plan(
      StoreCluster sc,
      List<DesiredTree.Node> tree,
      Map<String, String> parents,
      Map<String, Pod> desiredPods,
      Map<String, Pod> pods,
      Map<String, NodeObservation> observations,
      Map<String, String> addresses,
      String master,
      Instant now) {
    Map<String, NodeState> nodes = new HashMap<>();
    for (DesiredTree.Node n : tree) {
      Pod desired = desiredPods.get(n.name());
      Pod pod = pods.get(n.name());
      String want = desired == null ? null : PodRevision.current(desired);
      if (want == null) {
        continue; // the master kept while the spec no longer lists it: removed, not updated
      }
      boolean terminating = pod != null && ClusterResources.terminating(pod);
      nodes.put(
          n.name(),
          new NodeState(
              want,
              pod == null ? null : PodRevision.current(pod),
              pod != null,
              terminating,
              unhealthy(n.name(), pod, observations.get(n.name()), parents, addresses, master)));
    }
    var annotations = sc.getMetadata().getAnnotations();
    return RolloutPlanner.plan(
        new RolloutPlanner.Inputs(
            tree,
            parents,
            master,
            nodes,
            sc.getStatus() != null && sc.getStatus().failover != null,
            sc.getSpec().updateStrategy,
            annotations == null ? null : annotations.get(UpdateStrategySpec.APPROVAL_ANNOTATION),
            sc.getStatus() == null ? null : sc.getStatus().rollout,
            now));
  }

  /**
   * Why the node is not in place, or null: the master must answer as an admitted master; a replica
   * must be linked (link up) to its parent in the live tree and admitted back, which the operator
   * does only once it holds its master's writes.
   */
  static String unhealthy(
      String node,
      Pod pod,
      NodeObservation o,
      Map<String, String> parents,
      Map<String, String> addresses,
      String master) {
    if (pod == null) {
      return "no pod";
    }
    if (ClusterResources.terminating(pod)) {
      return "pod terminating";
    }
    if (o == null || !o.reachable()) {
      return "not answering" + podState(pod);
    }
    if (node.equals(master)) {
      return o.role() == Role.MASTER && !o.fenced() ? null : "master not admitted yet";
    }
    if (o.role() != Role.REPLICA || o.link() != Link.UP) {
      return "not linked (role " + o.role() + ", link " + o.link() + ")";
    }
    String parent = parents.get(node);
    String parentIp = parent == null ? null : addresses.get(parent);
    if (parentIp != null && !NodeConnector.address(parentIp).equals(o.masterAddress())) {
      return "not yet re-pointed to " + parent;
    }
    if (o.fenced()) {
      return "not admitted back yet (catching up)";
    }
    return null;
  }

  /**
   * What the pod's status says about a node that does not answer: still Pending (with the
   * scheduler's or kubelet's message, e.g. no node fits the new resources), or its container
   * waiting (an image that cannot be pulled, a crash loop).
   */
  private static String podState(Pod pod) {
    var status = pod.getStatus();
    if (status == null) {
      return "";
    }
    String phase = status.getPhase();
    String detail = null;
    if (status.getConditions() != null) {
      detail =
          status.getConditions().stream()
              .filter(c -> "False".equals(c.getStatus()) && c.getMessage() != null)
              .map(c -> c.getType() + ": " + c.getMessage())
              .findFirst()
              .orElse(null);
    }
    if (status.getContainerStatuses() != null) {
      for (var c : status.getContainerStatuses()) {
        if (c.getState() != null && c.getState().getWaiting() != null) {
          var w = c.getState().getWaiting();
          detail = w.getReason() + (w.getMessage() == null ? "" : ": " + w.getMessage());
        }
      }
    }
    return " (pod "
        + (phase == null ? "without phase" : phase)
        + (detail == null ? "" : "; " + detail)
        + ")";
  }

  /** Deletes {@code node}'s pod (graceful: its preStop and grace period apply). */
  static void replace(ClusterResources resources, Map<String, Pod> pods, String node) {
    Pod pod = pods.get(node);
    if (pod != null && !ClusterResources.terminating(pod)) {
      resources.deletePod(pod);
    }
  }
}
