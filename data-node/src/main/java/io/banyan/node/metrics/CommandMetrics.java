package io.banyan.node.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-command and per-error counters from INFO commandstats ({@code cmdstat_<cmd>:calls=..,
 * usec=..,rejected_calls=..,failed_calls=..}) and errorstats ({@code errorstat_<code>:count=..}),
 * labelled {@code cmd} and {@code err} as redis_exporter labels them.
 */
final class CommandMetrics {
  private CommandMetrics() {}

  static void addTo(List<MetricSnapshot> out, InfoSample s) {
    Map<Labels, Double> calls = new HashMap<>();
    Map<Labels, Double> seconds = new HashMap<>();
    Map<Labels, Double> rejected = new HashMap<>();
    Map<Labels, Double> failed = new HashMap<>();
    for (Map.Entry<String, String> e : s.section("commandstats").entrySet()) {
      if (!e.getKey().startsWith("cmdstat_")) {
        continue;
      }
      Labels cmd = Labels.of("cmd", e.getKey().substring("cmdstat_".length()));
      Map<String, String> f = FieldList.parse(e.getValue());
      put(calls, cmd, FieldList.number(f, "calls"), 1);
      put(seconds, cmd, FieldList.number(f, "usec"), 1e-6);
      put(rejected, cmd, FieldList.number(f, "rejected_calls"), 1);
      put(failed, cmd, FieldList.number(f, "failed_calls"), 1);
    }
    out.add(RedisMetrics.counter("redis_commands", "Calls per command.", calls));
    out.add(
        RedisMetrics.counter(
            "redis_commands_duration_seconds", "Time spent per command, in seconds.", seconds));
    out.add(
        RedisMetrics.counter(
            "redis_commands_rejected_calls",
            "Calls per command refused before execution.",
            rejected));
    out.add(
        RedisMetrics.counter(
            "redis_commands_failed_calls", "Calls per command that failed in execution.", failed));
    Map<Labels, Double> errors = new HashMap<>();
    for (Map.Entry<String, String> e : s.section("errorstats").entrySet()) {
      if (e.getKey().startsWith("errorstat_")) {
        Labels err = Labels.of("err", e.getKey().substring("errorstat_".length()));
        put(errors, err, FieldList.number(FieldList.parse(e.getValue()), "count"), 1);
      }
    }
    out.add(RedisMetrics.counter("redis_errors", "Error replies per error code.", errors));
  }

  private static void put(Map<Labels, Double> m, Labels labels, Double v, double scale) {
    if (v != null) {
      m.put(labels, v * scale);
    }
  }
}
