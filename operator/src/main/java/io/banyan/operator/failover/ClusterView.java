package io.banyan.operator.failover;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.DesiredTree.InitialRole;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec, its desired tree and the latest observation of every node, with the small lookups the
 * decisions share. A node without an observation counts as unreachable with its pod gone. Pure.
 */
public final class ClusterView {
  private final StoreClusterSpec spec;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, NodeObservation> observations;

  /** The detection timeout the nodes are configured for, when it differs from the spec's. */
  private Long detectionOverride;

  /**
   * @param tree {@code DesiredTree.of(spec)}
   * @param observations latest observation per node name; missing nodes count as gone
   */
  public ClusterView(
      StoreClusterSpec spec, List<Node> tree, Map<String, NodeObservation> observations) {
    this.spec = spec;
    tree.forEach(n -> nodes.put(n.name(), n));
    this.observations = Map.copyOf(observations);
  }

  /** Builds the view from the spec alone (tree computed here). */
  public static ClusterView of(StoreClusterSpec spec, Map<String, NodeObservation> observations) {
    return new ClusterView(spec, DesiredTree.of(spec), observations);
  }

  public StoreClusterSpec spec() {
    return spec;
  }

  /** Desired nodes in tree order. */
  public List<Node> tree() {
    return List.copyOf(nodes.values());
  }

  /** The desired node, or null when the name is not in the tree. */
  public Node node(String name) {
    return nodes.get(name);
  }

  /** The latest observation; an unreachable, pod-gone one when there is none. */
  public NodeObservation observed(String name) {
    NodeObservation o = observations.get(name);
    return o != null ? o : NodeObservation.unreachable(name, false);
  }

  /** The node answered the last probe and its pod exists. */
  public boolean reachable(String name) {
    NodeObservation o = observed(name);
    return o.podExists() && o.reachable();
  }

  /**
   * The highest failover epoch a node that answered reports (nodes persist it): a new epoch is
   * above both this and the status epoch, so a lost or restored status can never hand out an epoch
   * some node already holds.
   */
  public long maxReportedEpoch() {
    return observations.values().stream()
        .filter(NodeObservation::reachable)
        .mapToLong(NodeObservation::epoch)
        .max()
        .orElse(0);
  }

  /** Master-eligible: the initial master or a master backup. */
  public static boolean eligible(Node n) {
    return n.initialRole() == InitialRole.MASTER || n.initialRole() == InitialRole.MASTER_BACKUP;
  }

  /** The zone where the spec puts the initial master: the preferred master zone. */
  public String preferredZone() {
    return spec.zones.stream()
        .filter(z -> Boolean.TRUE.equals(z.initialMaster))
        .map(z -> z.name)
        .findFirst()
        .orElseThrow();
  }

  /** Nodes of one zone in tree order. */
  public List<Node> zoneNodes(String zone) {
    return nodes.values().stream().filter(n -> n.zone().equals(zone)).toList();
  }

  /**
   * Zones in promotion preference after losing a master of {@code firstZone}: that zone, then the
   * spec's promotionOrder, then the remaining zones in spec order; no zone twice.
   */
  public List<String> zoneOrder(String firstZone) {
    List<String> order = new ArrayList<>();
    order.add(firstZone);
    for (String z :
        failover().promotionOrder == null ? List.<String>of() : failover().promotionOrder) {
      if (!order.contains(z)) {
        order.add(z);
      }
    }
    for (ZoneSpec z : spec.zones) {
      if (!order.contains(z.name)) {
        order.add(z.name);
      }
    }
    return order;
  }

  public FailoverSpec.Policy policy() {
    FailoverSpec.Policy p = failover().policy;
    return p == null ? FailoverSpec.Policy.Automatic : p;
  }

  public long detectionTimeoutMillis() {
    if (detectionOverride != null) {
      return detectionOverride;
    }
    Integer t = failover().detectionTimeoutMillis;
    return t == null ? 5000 : t;
  }

  /**
   * This view judging with {@code millis} as the detection timeout: the one the running nodes' lag
   * bound and {@code repl-timeout} were derived from, while a spec change has not reached every
   * reachable node yet.
   */
  public ClusterView withDetectionTimeout(long millis) {
    ClusterView v = new ClusterView(spec, tree(), observations);
    v.detectionOverride = millis;
    return v;
  }

  private FailoverSpec failover() {
    return spec.failover == null ? new FailoverSpec() : spec.failover;
  }
}
