package io.banyan.operator.model;

import io.banyan.operator.api.PlacementSpec;
import io.banyan.operator.api.SchedulingSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.model.DesiredTree.Node;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.List;
import java.util.Map;

/**
 * Where a node's pod may run: its zone's node label values (required node affinity) unless the zone
 * says {@code anyNode}, spread on Kubernetes nodes by pod anti-affinity, and the zone's topology
 * spread constraints.
 */
final class Placement {
  static final String HOSTNAME_TOPOLOGY = "kubernetes.io/hostname";
  static final int SPREAD_WEIGHT = 100;

  private Placement() {}

  static ZoneSpec zone(StoreClusterSpec spec, Node node) {
    return spec.zones.stream()
        .filter(z -> z.name.equals(node.zone()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown zone " + node.zone()));
  }

  static PlacementSpec placement(ZoneSpec zone) {
    return zone.placement == null ? new PlacementSpec() : zone.placement;
  }

  /** The node label values a zone maps to: {@code nodeLabelValues}, else the zone's name. */
  static List<String> nodeLabelValues(ZoneSpec zone) {
    List<String> values = placement(zone).nodeLabelValues;
    return values == null || values.isEmpty() ? List.of(zone.name) : values;
  }

  /**
   * Zone placement (required node affinity, unless {@code anyNode}) plus spreading on Kubernetes
   * nodes: the master and its backups must not share one (losing it would take out every failover
   * candidate with the master) — or, with {@code podAntiAffinity: Preferred}, should not; read
   * replicas merely prefer not to share one with any pod of the cluster.
   */
  static Affinity affinity(String cluster, StoreClusterSpec spec, Node node) {
    ZoneSpec zone = zone(spec, node);
    PlacementSpec placement = placement(zone);
    AffinityBuilder affinity = new AffinityBuilder();
    if (!Boolean.TRUE.equals(placement.anyNode)) {
      String key =
          placement.nodeLabelKey == null ? PlacementSpec.DEFAULT_KEY : placement.nodeLabelKey;
      affinity
          .withNewNodeAffinity()
          .withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewNodeSelectorTerm()
          .addNewMatchExpression()
          .withKey(key)
          .withOperator("In")
          .withValues(nodeLabelValues(zone))
          .endMatchExpression()
          .endNodeSelectorTerm()
          .endRequiredDuringSchedulingIgnoredDuringExecution()
          .endNodeAffinity();
    }
    if (Labels.isMasterEligible(node)
        && antiAffinity(spec) == SchedulingSpec.AntiAffinity.Required) {
      affinity
          .withNewPodAntiAffinity()
          .addToRequiredDuringSchedulingIgnoredDuringExecution(
              hostTerm(Labels.selectMasterEligible(cluster)))
          .endPodAntiAffinity();
    } else {
      Map<String, String> selector =
          Labels.isMasterEligible(node)
              ? Labels.selectMasterEligible(cluster)
              : Labels.selectCluster(cluster);
      affinity
          .withNewPodAntiAffinity()
          .addNewPreferredDuringSchedulingIgnoredDuringExecution()
          .withWeight(SPREAD_WEIGHT)
          .withPodAffinityTerm(hostTerm(selector))
          .endPreferredDuringSchedulingIgnoredDuringExecution()
          .endPodAntiAffinity();
    }
    return affinity.build();
  }

  static SchedulingSpec.AntiAffinity antiAffinity(StoreClusterSpec spec) {
    return spec.scheduling == null || spec.scheduling.podAntiAffinity == null
        ? SchedulingSpec.AntiAffinity.Required
        : spec.scheduling.podAntiAffinity;
  }

  /**
   * The zone's topology spread constraints; one without a label selector selects the zone's pods of
   * this cluster (a constraint over every pod of the namespace is rarely what is meant).
   */
  static List<TopologySpreadConstraint> spread(String cluster, StoreClusterSpec spec, Node node) {
    List<TopologySpreadConstraint> constraints =
        placement(zone(spec, node)).topologySpreadConstraints;
    if (constraints == null) {
      return List.of();
    }
    return constraints.stream()
        .map(
            c -> {
              TopologySpreadConstraintBuilder copy = new TopologySpreadConstraintBuilder(c);
              if (c.getLabelSelector() == null) {
                copy.withNewLabelSelector()
                    .withMatchLabels(Labels.selectZone(cluster, node.zone()))
                    .endLabelSelector();
              }
              return copy.build();
            })
        .toList();
  }

  private static PodAffinityTerm hostTerm(Map<String, String> selector) {
    return new PodAffinityTermBuilder()
        .withTopologyKey(HOSTNAME_TOPOLOGY)
        .withNewLabelSelector()
        .withMatchLabels(selector)
        .endLabelSelector()
        .build();
  }
}
