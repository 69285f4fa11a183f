package io.banyan.local.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the scheduler sees when it places one pod (its cache): the Nodes and the pods already bound
 * to them — Terminating ones included, as they still run; terminal ones (Succeeded, Failed) not.
 * Pure.
 */
record Cluster(List<Node> nodes, List<Bound> bound) {
  /** A pod bound to a node. */
  record Bound(Pod pod, Node node) {}

  String label(Node node, String key) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null || key == null ? null : labels.get(key);
  }

  /** Both nodes carry the topology key, with the same value. */
  boolean sameDomain(Node a, Node b, String key) {
    String va = label(a, key);
    return va != null && Objects.equals(va, label(b, key));
  }

  /**
   * Bound pods (other than {@code pod}) that {@code pod}'s term selects, in {@code node}'s domain.
   */
  List<Bound> matchingInDomain(Pod pod, PodAffinityTerm term, Node node) {
    return bound.stream()
        .filter(b -> !b.pod().getMetadata().getUid().equals(pod.getMetadata().getUid()))
        .filter(b -> Terms.selects(pod, term, b.pod()))
        .filter(b -> sameDomain(b.node(), node, term.getTopologyKey()))
        .toList();
  }

  long podsOn(Node node) {
    return bound.stream()
        .filter(b -> b.node().getMetadata().getName().equals(node.getMetadata().getName()))
        .count();
  }
}
