package io.banyan.local.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * kube-scheduler's filter plugins, in the order its default profile runs them, for the fields local
 * mode emulates: NodeUnschedulable ({@code spec.unschedulable}), TaintToleration (NoSchedule and
 * NoExecute taints), NodeAffinity ({@code nodeSelector} and required node affinity: terms ORed,
 * expressions ANDed), PodTopologySpread ({@code whenUnsatisfiable: DoNotSchedule}) and
 * InterPodAffinity (required pod affinity, required pod anti-affinity, and existing pods'
 * anti-affinity against the incoming pod). A node's first failing filter gives its reason, worded
 * as the scheduler words it, so the Unschedulable message reads like a real one. Not emulated:
 * resource requests (NodeResourcesFit), host ports, volume topology. Pure.
 */
final class Filters {
  static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
  static final String NODE_UNSCHEDULABLE = "node(s) were unschedulable";
  static final String NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
  static final String POD_AFFINITY = "node(s) didn't match pod affinity rules";
  static final String POD_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
  static final String EXISTING_ANTI_AFFINITY =
      "node(s) didn't satisfy existing pods anti-affinity rules";
  static final String TOPOLOGY_SPREAD = "node(s) didn't match pod topology spread constraints";
  static final String TOPOLOGY_SPREAD_LABEL =
      "node(s) didn't match pod topology spread constraints (missing required label)";

  private Filters() {}

  /** Why {@code pod} cannot run on {@code node}, or empty when it can. */
  static Optional<String> check(Pod pod, Node node, Cluster cluster) {
    if (Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())
        && !tolerates(pod, new Taint("NoSchedule", UNSCHEDULABLE_TAINT, null, null))) {
      return Optional.of(NODE_UNSCHEDULABLE);
    }
    Optional<Taint> taint = untolerated(pod, node);
    if (taint.isPresent()) {
      Taint t = taint.get();
      return Optional.of(
          "node(s) had untolerated taint {"
              + t.getKey()
              + ": "
              + (t.getValue() == null ? "" : t.getValue())
              + "}");
    }
    if (!matchesNodeSelectorAndAffinity(pod, node)) {
      return Optional.of(NODE_AFFINITY);
    }
    Optional<String> spread = topologySpread(pod, node, cluster);
    if (spread.isPresent()) {
      return spread;
    }
    for (PodAffinityTerm term : Terms.requiredAffinity(pod)) {
      if (!affinitySatisfied(pod, term, node, cluster)) {
        return Optional.of(POD_AFFINITY);
      }
    }
    for (PodAffinityTerm term : Terms.requiredAntiAffinity(pod)) {
      if (!cluster.matchingInDomain(pod, term, node).isEmpty()) {
        return Optional.of(POD_ANTI_AFFINITY);
      }
    }
    for (Cluster.Bound existing : cluster.bound()) {
      for (PodAffinityTerm term : Terms.requiredAntiAffinity(existing.pod())) {
        if (Terms.selects(existing.pod(), term, pod)
            && cluster.sameDomain(existing.node(), node, term.getTopologyKey())) {
          return Optional.of(EXISTING_ANTI_AFFINITY);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code nodeSelector} and every required node affinity term list (terms ORed). */
  static boolean matchesNodeSelectorAndAffinity(Pod pod, Node node) {
    Map<String, String> selector = pod.getSpec().getNodeSelector();
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (selector != null) {
      for (var e : selector.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    return Selectors.matchesAny(
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms(),
        node);
  }

  /** The node's first NoSchedule/NoExecute taint the pod does not tolerate. */
  static Optional<Taint> untolerated(Pod pod, Node node) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return Optional.empty();
    }
    return node.getSpec().getTaints().stream()
        .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
        .filter(t -> !tolerates(pod, t))
        .findFirst();
  }

  static boolean tolerates(Pod pod, Taint taint) {
    List<Toleration> tolerations = pod.getSpec().getTolerations();
    return tolerations != null && tolerations.stream().anyMatch(t -> tolerates(t, taint));
  }

  /** core/v1 Toleration.ToleratesTaint. */
  static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null
        && !t.getEffect().isEmpty()
        && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) {
      return false;
    }
    String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
    if (op.equals("Exists")) {
      return true;
    }
    if ((t.getKey() == null || t.getKey().isEmpty())) {
      return false; // an empty key needs Exists
    }
    String want = t.getValue() == null ? "" : t.getValue();
    String have = taint.getValue() == null ? "" : taint.getValue();
    return op.equals("Equal") && want.equals(have);
  }

  /**
   * Required pod affinity: some existing pod matching the term in the node's domain — or, as the
   * scheduler allows, no matching pod anywhere while the pod matches its own term (the first pod of
   * a group).
   */
  private static boolean affinitySatisfied(Pod pod, PodAffinityTerm term, Node node, Cluster c) {
    if (!c.matchingInDomain(pod, term, node).isEmpty()) {
      return true;
    }
    boolean anyMatching = c.bound().stream().anyMatch(b -> Terms.selects(pod, term, b.pod()));
    return !anyMatching
        && Terms.selects(pod, term, pod)
        && c.label(node, term.getTopologyKey()) != null;
  }

  /**
   * PodTopologySpread with {@code whenUnsatisfiable: DoNotSchedule}: placing the pod on this node
   * must keep (matching pods in its domain + 1) − (fewest in any eligible domain) ≤ maxSkew.
   * Eligible domains are those of nodes that pass the pod's node affinity/selector (the default
   * {@code nodeAffinityPolicy: Honor}; {@code Ignore} counts every node); {@code minDomains} counts
   * missing domains as zero. {@code nodeTaintsPolicy} is taken as its default, Ignore.
   */
  private static Optional<String> topologySpread(Pod pod, Node node, Cluster cluster) {
    List<TopologySpreadConstraint> constraints = pod.getSpec().getTopologySpreadConstraints();
    if (constraints == null) {
      return Optional.empty();
    }
    for (TopologySpreadConstraint tsc : constraints) {
      if (!"DoNotSchedule".equals(tsc.getWhenUnsatisfiable())) {
        continue;
      }
      String key = tsc.getTopologyKey();
      String domain = cluster.label(node, key);
      if (domain == null) {
        return Optional.of(TOPOLOGY_SPREAD_LABEL);
      }
      Map<String, Integer> counts = spreadCounts(pod, tsc, cluster);
      int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
      if (tsc.getMinDomains() != null && counts.size() < tsc.getMinDomains()) {
        min = 0;
      }
      int self = Selectors.matches(tsc.getLabelSelector(), pod.getMetadata().getLabels()) ? 1 : 0;
      int skew = counts.getOrDefault(domain, 0) + self - min;
      if (skew > tsc.getMaxSkew()) {
        return Optional.of(TOPOLOGY_SPREAD);
      }
    }
    return Optional.empty();
  }

  /** Domain → pods the constraint selects there, over the domains eligible for this pod. */
  static Map<String, Integer> spreadCounts(Pod pod, TopologySpreadConstraint tsc, Cluster cluster) {
    String key = tsc.getTopologyKey();
    Map<String, Integer> counts = new HashMap<>();
    Set<String> eligibleNodes = new java.util.HashSet<>();
    for (Node n : cluster.nodes()) {
      String d = cluster.label(n, key);
      boolean eligible =
          "Ignore".equals(tsc.getNodeAffinityPolicy()) || matchesNodeSelectorAndAffinity(pod, n);
      if (d != null && eligible) {
        counts.putIfAbsent(d, 0);
        eligibleNodes.add(n.getMetadata().getName());
      }
    }
    List<Cluster.Bound> selected = new ArrayList<>();
    for (Cluster.Bound b : cluster.bound()) {
      if (eligibleNodes.contains(b.node().getMetadata().getName())
          && pod.getMetadata().getNamespace().equals(b.pod().getMetadata().getNamespace())
          && Selectors.matches(tsc.getLabelSelector(), b.pod().getMetadata().getLabels())) {
        selected.add(b);
      }
    }
    for (Cluster.Bound b : selected) {
      counts.merge(cluster.label(b.node(), key), 1, Integer::sum);
    }
    return counts;
  }
}
