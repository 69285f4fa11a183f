package io.banyan.node.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled replication metrics of redis_exporter, from INFO replication: on a replica the link
 * to its master ({@code master_host}, {@code master_port} labels), on a master one series per
 * connected replica ({@code slave_ip}, {@code slave_port}, {@code slave_state}).
 */
final class ReplicationMetrics {
  private ReplicationMetrics() {}

  static void addTo(List<MetricSnapshot> out, InfoSample s) {
    Map<String, String> r = s.section("replication");
    if ("slave".equals(r.get("role"))) {
      Labels master =
          Labels.of(
              "master_host", String.valueOf(r.get("master_host")),
              "master_port", String.valueOf(r.get("master_port")));
      gauge(
          out,
          "redis_master_link_up",
          "1 while the link to the master is up.",
          master,
          r,
          "master_link_status");
      gauge(
          out,
          "redis_master_last_io_seconds_ago",
          "Seconds since the last data from the master.",
          master,
          r,
          "master_last_io_seconds_ago");
      gauge(
          out,
          "redis_master_sync_in_progress",
          "1 while syncing from the master.",
          master,
          r,
          "master_sync_in_progress");
      gauge(
          out,
          "redis_slave_repl_offset",
          "This replica's replication offset.",
          master,
          r,
          "slave_repl_offset");
      out.add(
          RedisMetrics.gauge(
              "redis_slave_info",
              "The replica's master and read-only setting, in labels.",
              Map.of(master.add("read_only", String.valueOf(r.get("slave_read_only"))), 1.0)));
    }
    Map<Labels, Double> offsets = new HashMap<>();
    Map<Labels, Double> lags = new HashMap<>();
    for (Map.Entry<String, String> e : r.entrySet()) {
      if (!e.getKey().matches("slave\\d+")) {
        continue;
      }
      Map<String, String> f = FieldList.parse(e.getValue());
      Labels replica =
          Labels.of(
              "slave_ip", String.valueOf(f.get("ip")),
              "slave_port", String.valueOf(f.get("port")),
              "slave_state", String.valueOf(f.get("state")));
      Double offset = FieldList.number(f, "offset");
      Double lag = FieldList.number(f, "lag");
      if (offset != null) {
        offsets.put(replica, offset);
      }
      if (lag != null) {
        lags.put(replica, lag);
      }
    }
    if (!offsets.isEmpty()) {
      out.add(
          RedisMetrics.gauge(
              "redis_connected_slave_offset_bytes", "Offset each replica acknowledged.", offsets));
      out.add(
          RedisMetrics.gauge(
              "redis_connected_slave_lag_seconds",
              "Seconds since each replica's last acknowledgement.",
              lags));
    }
  }

  private static void gauge(
      List<MetricSnapshot> out,
      String name,
      String help,
      Labels labels,
      Map<String, String> fields,
      String field) {
    Double v = RedisMetrics.number(fields.get(field));
    if (v != null) {
      out.add(RedisMetrics.gauge(name, help, Map.of(labels, v)));
    }
  }
}
