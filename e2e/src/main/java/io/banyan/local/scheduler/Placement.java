package io.banyan.local.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One scheduling decision, as kube-scheduler makes it: filter every node ({@link Filters}), then
 * score the feasible ones and take the best. Scores, each normalized to 0–100 across the feasible
 * nodes and weighted as the default profile weights them: preferred node affinity (2), preferred
 * inter-pod affinity and anti-affinity (2), {@code PreferNoSchedule} taints (3), and {@code
 * ScheduleAnyway} topology spread (2). Ties — the usual case for pods with no preferences — go to
 * the node with the fewest pods (standing in for NodeResourcesFit's least-allocated score and the
 * default spreading), then to the node name, where the real scheduler picks at random. Pure.
 */
public final class Placement {
  /** The outcome: a node, or the reasons no node fits. */
  public sealed interface Decision {}

  public record Fit(String node) implements Decision {}

  /**
   * No node fits.
   *
   * @param reasons reason → number of nodes it excluded
   * @param message the scheduler's wording: {@code 0/N nodes are available: 3 node(s) ..., ...}
   */
  public record Unschedulable(Map<String, Integer> reasons, String message) implements Decision {}

  private Placement() {}

  static Decision decide(Pod pod, Cluster cluster) {
    List<Node> feasible = new ArrayList<>();
    Map<String, Integer> reasons = new TreeMap<>();
    for (Node node : cluster.nodes()) {
      Optional<String> why = Filters.check(pod, node, cluster);
      if (why.isPresent()) {
        reasons.merge(why.get(), 1, Integer::sum);
      } else {
        feasible.add(node);
      }
    }
    if (feasible.isEmpty()) {
      return new Unschedulable(reasons, message(cluster.nodes().size(), reasons));
    }
    double[] total = new double[feasible.size()];
    add(total, 2, normalize(feasible, n -> nodeAffinityScore(pod, n)));
    add(total, 2, normalize(feasible, n -> interPodScore(pod, n, cluster)));
    add(total, 3, normalize(feasible, n -> -preferNoScheduleCount(pod, n)));
    add(total, 2, normalize(feasible, n -> -spreadScore(pod, n, cluster)));
    int best = 0;
    Comparator<Integer> order =
        Comparator.<Integer>comparingDouble(i -> -total[i])
            .thenComparingLong(i -> cluster.podsOn(feasible.get(i)))
            .thenComparing(i -> feasible.get(i).getMetadata().getName());
    for (int i = 1; i < feasible.size(); i++) {
      if (order.compare(i, best) < 0) {
        best = i;
      }
    }
    return new Fit(feasible.get(best).getMetadata().getName());
  }

  /** {@code 0/9 nodes are available: 3 node(s) A, 6 node(s) B.} — reasons sorted as text. */
  static String message(int nodes, Map<String, Integer> reasons) {
    List<String> parts = new ArrayList<>();
    reasons.forEach((reason, count) -> parts.add(count + " " + reason));
    parts.sort(null);
    return "0/" + nodes + " nodes are available: " + String.join(", ", parts) + ".";
  }

  private static void add(double[] total, int weight, double[] scores) {
    for (int i = 0; i < total.length; i++) {
      total[i] += weight * scores[i];
    }
  }

  /** Raw scores scaled to 0–100 (min → 0, max → 100; all equal → 0). */
  private static double[] normalize(List<Node> nodes, java.util.function.ToDoubleFunction<Node> f) {
    double[] raw = new double[nodes.size()];
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int i = 0; i < raw.length; i++) {
      raw[i] = f.applyAsDouble(nodes.get(i));
      min = Math.min(min, raw[i]);
      max = Math.max(max, raw[i]);
    }
    for (int i = 0; i < raw.length; i++) {
      raw[i] = max == min ? 0 : 100 * (raw[i] - min) / (max - min);
    }
    return raw;
  }

  private static double nodeAffinityScore(Pod pod, Node node) {
    var a = pod.getSpec().getAffinity();
    if (a == null
        || a.getNodeAffinity() == null
        || a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
      return 0;
    }
    int score = 0;
    for (PreferredSchedulingTerm t :
        a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()) {
      if (t.getPreference() != null && Selectors.matches(t.getPreference(), node)) {
        score += t.getWeight();
      }
    }
    return score;
  }

  /** + weight per selected pod in the domain for affinity, − for anti-affinity. */
  private static double interPodScore(Pod pod, Node node, Cluster cluster) {
    double score = 0;
    for (WeightedPodAffinityTerm t : Terms.preferredAffinity(pod)) {
      score += t.getWeight() * cluster.matchingInDomain(pod, t.getPodAffinityTerm(), node).size();
    }
    for (WeightedPodAffinityTerm t : Terms.preferredAntiAffinity(pod)) {
      score -= t.getWeight() * cluster.matchingInDomain(pod, t.getPodAffinityTerm(), node).size();
    }
    return score;
  }

  private static double preferNoScheduleCount(Pod pod, Node node) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return 0;
    }
    long n = 0;
    for (Taint t : node.getSpec().getTaints()) {
      if ("PreferNoSchedule".equals(t.getEffect()) && !Filters.tolerates(pod, t)) {
        n++;
      }
    }
    return n;
  }

  /** Selected pods in the node's domain, summed over ScheduleAnyway constraints. */
  private static double spreadScore(Pod pod, Node node, Cluster cluster) {
    List<TopologySpreadConstraint> constraints = pod.getSpec().getTopologySpreadConstraints();
    if (constraints == null) {
      return 0;
    }
    double score = 0;
    for (TopologySpreadConstraint tsc : constraints) {
      if ("ScheduleAnyway".equals(tsc.getWhenUnsatisfiable())) {
        String domain = cluster.label(node, tsc.getTopologyKey());
        score +=
            domain == null ? 0 : Filters.spreadCounts(pod, tsc, cluster).getOrDefault(domain, 0);
      }
    }
    return score;
  }
}
