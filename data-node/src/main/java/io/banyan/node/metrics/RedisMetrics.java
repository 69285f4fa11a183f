package io.banyan.node.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an {@link InfoSample} into Prometheus metric snapshots named as redis_exporter names them
 * (its {@code redis_} namespace, metric names and label names), so dashboards and alerts written
 * for Redis work unchanged; plus {@code banyan_epoch}, {@code banyan_fenced} and {@code
 * banyan_loading}. The exposition itself is the Prometheus client library's. Any thread.
 */
public final class RedisMetrics {
  private RedisMetrics() {}

  /** Unlabelled gauges: metric name (without the namespace) → section and INFO field. */
  private static final Map<String, String[]> GAUGES = new LinkedHashMap<>();

  /** Unlabelled counters: metric name without {@code redis_} and {@code _total} → INFO field. */
  private static final Map<String, String[]> COUNTERS = new LinkedHashMap<>();

  static {
    gauge("uptime_in_seconds", "server", "uptime_in_seconds");
    gauge("process_id", "server", "process_id");
    gauge("connected_clients", "clients", "connected_clients");
    gauge("blocked_clients", "clients", "blocked_clients");
    gauge("max_clients", "clients", "maxclients");
    gauge("client_recent_max_input_buffer_bytes", "clients", "client_recent_max_input_buffer");
    gauge("client_recent_max_output_buffer_bytes", "clients", "client_recent_max_output_buffer");
    gauge("memory_used_bytes", "memory", "used_memory");
    gauge("memory_used_rss_bytes", "memory", "used_memory_rss");
    gauge("memory_used_peak_bytes", "memory", "used_memory_peak");
    gauge("memory_max_bytes", "memory", "maxmemory");
    gauge("mem_fragmentation_ratio", "memory", "mem_fragmentation_ratio");
    gauge("loading_dump_file", "persistence", "loading");
    gauge("async_loading", "persistence", "async_loading");
    gauge("rdb_changes_since_last_save", "persistence", "rdb_changes_since_last_save");
    gauge("rdb_bgsave_in_progress", "persistence", "rdb_bgsave_in_progress");
    gauge("rdb_last_save_timestamp_seconds", "persistence", "rdb_last_save_time");
    gauge("rdb_last_bgsave_status", "persistence", "rdb_last_bgsave_status");
    gauge("aof_enabled", "persistence", "aof_enabled");
    gauge("aof_rewrite_in_progress", "persistence", "aof_rewrite_in_progress");
    gauge("aof_rewrite_scheduled", "persistence", "aof_rewrite_scheduled");
    gauge("aof_last_bgrewrite_status", "persistence", "aof_last_bgrewrite_status");
    gauge("aof_last_write_status", "persistence", "aof_last_write_status");
    gauge("aof_current_size_bytes", "persistence", "aof_current_size");
    gauge("aof_base_size_bytes", "persistence", "aof_base_size");
    gauge("pubsub_channels", "stats", "pubsub_channels");
    gauge("pubsub_patterns", "stats", "pubsub_patterns");
    gauge("connected_slaves", "replication", "connected_slaves");
    gauge("master_repl_offset", "replication", "master_repl_offset");
    gauge("second_repl_offset", "replication", "second_repl_offset");
    gauge("replication_backlog_bytes", "replication", "repl_backlog_size");
    gauge("repl_backlog_is_active", "replication", "repl_backlog_active");
    gauge("repl_backlog_first_byte_offset", "replication", "repl_backlog_first_byte_offset");
    gauge("repl_backlog_history_bytes", "replication", "repl_backlog_histlen");
    gauge("replica_resyncs_full", "stats", "sync_full");
    gauge("replica_partial_resync_accepted", "stats", "sync_partial_ok");
    gauge("replica_partial_resync_denied", "stats", "sync_partial_err");
    counter("connections_received", "stats", "total_connections_received");
    counter("commands_processed", "stats", "total_commands_processed");
    counter("rejected_connections", "stats", "rejected_connections");
    counter("net_input_bytes", "stats", "total_net_input_bytes");
    counter("net_output_bytes", "stats", "total_net_output_bytes");
    counter("expired_keys", "stats", "expired_keys");
    counter("evicted_keys", "stats", "evicted_keys");
    counter("keyspace_hits", "stats", "keyspace_hits");
    counter("keyspace_misses", "stats", "keyspace_misses");
    counter("rdb_saves", "persistence", "rdb_saves");
    counter("cpu_sys_seconds", "cpu", "used_cpu_sys");
    counter("cpu_user_seconds", "cpu", "used_cpu_user");
  }

  private static void gauge(String name, String section, String field) {
    GAUGES.put(name, new String[] {section, field});
  }

  private static void counter(String name, String section, String field) {
    COUNTERS.put(name, new String[] {section, field});
  }

  /** The metrics of a node that answered. */
  public static MetricSnapshots of(InfoSample s, boolean loading) {
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
    out.add(gauge("redis_up", "Whether the node answered the scrape.", 1));
    for (Map.Entry<String, String[]> g : GAUGES.entrySet()) {
      Double v = number(s.get(g.getValue()[0], g.getValue()[1]));
      if (v != null) {
        out.add(gauge("redis_" + g.getKey(), help(g.getValue()), v));
      }
    }
    for (Map.Entry<String, String[]> c : COUNTERS.entrySet()) {
      Double v = number(s.get(c.getValue()[0], c.getValue()[1]));
      if (v != null) {
        out.add(counter("redis_" + c.getKey(), help(c.getValue()), Map.of(Labels.EMPTY, v)));
      }
    }
    Double uptime = number(s.get("server", "uptime_in_seconds"));
    if (uptime != null) {
      out.add(
          gauge(
              "redis_start_time_seconds",
              "Start time of the node, in seconds since the epoch.",
              System.currentTimeMillis() / 1000 - uptime));
    }
    out.add(instanceInfo(s));
    CommandMetrics.addTo(out, s);
    ReplicationMetrics.addTo(out, s);
    KeyspaceMetrics.addTo(out, s);
    out.add(
        gauge(
            "banyan_epoch",
            "The failover epoch the operator last gave this node (BANYAN EPOCH).",
            orZero(s.get("replication", "banyan_epoch"))));
    out.add(
        gauge(
            "banyan_fenced",
            "1 while the node refuses writes and replicas until the operator admits it.",
            orZero(s.get("replication", "banyan_fenced"))));
    out.add(gauge("banyan_loading", "1 while the node loads its dataset.", loading ? 1 : 0));
    return new MetricSnapshots(out);
  }

  /** What a scrape shows when the command thread did not answer in time. */
  public static MetricSnapshots unresponsive() {
    return MetricSnapshots.of(gauge("redis_up", "Whether the node answered the scrape.", 0));
  }

  private static InfoSnapshot instanceInfo(InfoSample s) {
    Labels labels =
        Labels.builder()
            .label("role", str(s.get("replication", "role")))
            .label("redis_version", str(s.get("server", "redis_version")))
            .label("redis_build_id", str(s.get("server", "redis_build_id")))
            .label("redis_mode", str(s.get("server", "redis_mode")))
            .label("os", str(s.get("server", "os")))
            .label("maxmemory_policy", str(s.get("memory", "maxmemory_policy")))
            .label("tcp_port", Integer.toString(s.tcpPort()))
            .label("run_id", str(s.get("server", "run_id")))
            .label("process_id", str(s.get("server", "process_id")))
            .label("master_replid", str(s.get("replication", "master_replid")))
            .build();
    return InfoSnapshot.builder()
        .name("redis_instance")
        .help("Information about the node, in labels.")
        .dataPoint(InfoDataPointSnapshot.builder().labels(labels).build())
        .build();
  }

  static GaugeSnapshot gauge(String name, String help, double value) {
    return gauge(name, help, Map.of(Labels.EMPTY, value));
  }

  static GaugeSnapshot gauge(String name, String help, Map<Labels, Double> points) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    new TreeMap<>(points)
        .forEach(
            (labels, v) ->
                b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(v).build()));
    return b.build();
  }

  /** A counter; {@code name} without the {@code _total} the exposition adds. */
  static CounterSnapshot counter(String name, String help, Map<Labels, Double> points) {
    CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
    new TreeMap<>(points)
        .forEach(
            (labels, v) ->
                b.dataPoint(CounterDataPointSnapshot.builder().labels(labels).value(v).build()));
    return b.build();
  }

  private static String help(String[] sectionAndField) {
    return "INFO " + sectionAndField[0] + " field " + sectionAndField[1] + ".";
  }

  /**
   * INFO's value as a number: numbers as they are, {@code ok}/{@code up} as 1 and {@code
   * err}/{@code down} as 0 (as redis_exporter reads status fields), null for anything else.
   */
  static Double number(String v) {
    if (v == null) {
      return null;
    }
    switch (v) {
      case "ok", "up", "true" -> {
        return 1.0;
      }
      case "err", "down", "false" -> {
        return 0.0;
      }
      default -> {
        try {
          return Double.parseDouble(v);
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
  }

  private static double orZero(String v) {
    Double d = number(v);
    return d == null ? 0 : d;
  }

  private static String str(String v) {
    return v == null ? "" : v;
  }
}
