package io.banyan.local.cli;

import io.banyan.local.LocalCluster;
import io.banyan.local.nodes.NodeInventory;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code banyan local nodes} and the pending lines of {@code status} show, read from the API
 * as kubectl would: the Kubernetes Nodes, and the cluster's pods the scheduler could not place.
 */
final class ClusterViews {
  private ClusterViews() {}

  /** A Kubernetes Node: name, zone, Ready condition, schedulable, pods bound there. */
  record NodeInfo(String name, String zone, String ready, boolean schedulable, List<String> pods) {}

  static List<NodeInfo> nodes(LocalCluster cluster) {
    List<Pod> pods = cluster.client().pods().inAnyNamespace().list().getItems();
    List<NodeInfo> out = new ArrayList<>();
    for (var n : cluster.client().nodes().list().getItems()) {
      String name = n.getMetadata().getName();
      String ready =
          n.getStatus() == null || n.getStatus().getConditions() == null
              ? "Unknown"
              : n.getStatus().getConditions().stream()
                  .filter(c -> "Ready".equals(c.getType()))
                  .map(c -> c.getStatus())
                  .findFirst()
                  .orElse("Unknown");
      boolean cordoned = n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
      List<String> on =
          pods.stream()
              .filter(p -> name.equals(p.getSpec().getNodeName()))
              .map(p -> p.getMetadata().getName())
              .sorted()
              .toList();
      String zone =
          n.getMetadata().getLabels() == null
              ? null
              : n.getMetadata().getLabels().get(NodeInventory.ZONE_LABEL);
      out.add(new NodeInfo(name, zone, ready, !cordoned, on));
    }
    out.sort(Comparator.comparing(NodeInfo::name));
    return out;
  }

  static String nodesTable(LocalCluster cluster) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NODE", "ZONE", "READY", "SCHEDULING", "PODS"});
    for (NodeInfo n : nodes(cluster)) {
      rows.add(
          new String[] {
            n.name(),
            n.zone() == null ? "-" : n.zone(),
            n.ready(),
            n.schedulable() ? "Enabled" : "Disabled",
            n.pods().isEmpty() ? "-" : String.join(",", n.pods())
          });
    }
    StringBuilder out = new StringBuilder();
    StatusView.appendAligned(out, rows);
    return out.toString();
  }

  /** The cluster's pods no node runs yet, with the scheduler's reason. */
  static Map<String, String> pending(LocalCluster cluster) {
    Map<String, String> pending = new TreeMap<>();
    for (Pod p :
        cluster
            .client()
            .pods()
            .inNamespace(cluster.namespace())
            .withLabel("app.kubernetes.io/instance", cluster.name())
            .list()
            .getItems()) {
      if (p.getSpec().getNodeName() != null) {
        continue;
      }
      String why =
          p.getStatus() == null || p.getStatus().getConditions() == null
              ? "waiting for the scheduler"
              : p.getStatus().getConditions().stream()
                  .filter(c -> "PodScheduled".equals(c.getType()) && c.getMessage() != null)
                  .map(c -> c.getReason() + ": " + c.getMessage())
                  .findFirst()
                  .orElse("waiting for the scheduler");
      pending.put(p.getMetadata().getName(), why);
    }
    return pending;
  }
}
