package io.banyan.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.local.LocalCluster;
import io.banyan.local.LocalNode;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@code status} shows: the JSON document {@code {"status", "nodes", "endpoints"}} and the
 * live table (node, zone, role, parent, offset, lag, link, address, pid), joined from the CR's
 * status (the operator's view) and the kubelet's processes.
 */
final class StatusView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusView() {}

  static String json(LocalCluster cluster) {
    StoreCluster cr = cluster.storeCluster();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("status", cr == null ? null : cr.getStatus());
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (LocalNode n : cluster.nodes()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", n.name());
      node.put("zone", n.zone());
      node.put("address", n.address());
      node.put("pid", n.pid() > 0 ? n.pid() : null);
      node.put("kubernetesNode", n.pod().nodeName());
      nodes.add(node);
    }
    doc.put("nodes", nodes);
    doc.put("endpoints", cluster.endpoints());
    doc.put("pending", ClusterViews.pending(cluster));
    doc.put("partitions", cluster.partitions());
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String table(LocalCluster cluster) {
    StoreCluster cr = cluster.storeCluster();
    StoreClusterStatus status = cr == null ? null : cr.getStatus();
    Map<String, StoreClusterStatus.NodeStatus> observed = new TreeMap<>();
    if (status != null && status.nodes != null) {
      status.nodes.forEach(n -> observed.put(n.name, n));
    }
    Map<String, LocalNode> running = new TreeMap<>();
    cluster.nodes().forEach(n -> running.put(n.name(), n));
    List<String> names = new ArrayList<>(observed.keySet());
    running.keySet().stream().filter(n -> !observed.containsKey(n)).forEach(names::add);

    StringBuilder out = new StringBuilder();
    out.append(header(cluster, status)).append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"NODE", "ZONE", "ROLE", "PARENT", "OFFSET", "LAG", "LINK", "ADDRESS", "PID"});
    for (String name : names) {
      var o = observed.get(name);
      LocalNode r = running.get(name);
      rows.add(
          new String[] {
            name,
            r != null ? r.zone() : o.zone,
            o == null || o.role == null ? "-" : o.role.name(),
            o == null || o.parent == null ? "-" : o.parent,
            o == null || o.offset == null ? "-" : o.offset.toString(),
            o == null || o.lag == null ? "-" : o.lag.toString(),
            o == null || o.linkState == null ? "-" : o.linkState.name(),
            r == null ? "-" : r.address(),
            pid(r)
          });
    }
    appendAligned(out, rows);
    ClusterViews.pending(cluster)
        .forEach(
            (pod, why) -> out.append("PENDING ").append(pod).append("  ").append(why).append('\n'));
    cluster
        .partitions()
        .forEach(
            (side, ips) ->
                out.append("PARTITIONED ").append(side).append("  ").append(ips).append('\n'));
    if (names.isEmpty()) {
      out.append(
          cluster.operatorRunning()
              ? "(no nodes yet: the operator is creating them)\n"
              : "(no nodes: the operator is not running)\n");
    }
    return out.toString();
  }

  private static String header(LocalCluster cluster, StoreClusterStatus status) {
    String phase = status == null || status.phase == null ? "-" : status.phase.name();
    String master = status == null ? null : status.currentMaster;
    return "StoreCluster "
        + cluster.name()
        + "  phase "
        + phase
        + "  master "
        + Objects.requireNonNullElse(master, "-")
        + "  epoch "
        + (status == null || status.epoch == null ? "-" : status.epoch)
        + "  ready "
        + (status == null || status.readyNodes == null ? "-" : status.readyNodes);
  }

  private static String pid(LocalNode r) {
    if (r == null) {
      return "-";
    }
    if (r.pid() < 0) {
      return "down";
    }
    return r.pod().frozen() ? r.pid() + " (frozen)" : Long.toString(r.pid());
  }

  static void appendAligned(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
