package io.banyan.node.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-database gauges from INFO keyspace ({@code db0:keys=..,expires=..,avg_ttl=..}), labelled
 * {@code db="db0"} as redis_exporter labels them; like it, only databases INFO lists (with keys).
 */
final class KeyspaceMetrics {
  private KeyspaceMetrics() {}

  static void addTo(List<MetricSnapshot> out, InfoSample s) {
    Map<Labels, Double> keys = new HashMap<>();
    Map<Labels, Double> expiring = new HashMap<>();
    Map<Labels, Double> avgTtl = new HashMap<>();
    for (Map.Entry<String, String> e : s.section("keyspace").entrySet()) {
      Labels db = Labels.of("db", e.getKey());
      Map<String, String> f = FieldList.parse(e.getValue());
      Double k = FieldList.number(f, "keys");
      Double x = FieldList.number(f, "expires");
      Double ttl = FieldList.number(f, "avg_ttl");
      if (k != null && x != null) {
        keys.put(db, k);
        expiring.put(db, x);
      }
      if (ttl != null) {
        avgTtl.put(db, ttl / 1000);
      }
    }
    if (!keys.isEmpty()) {
      out.add(RedisMetrics.gauge("redis_db_keys", "Keys per database.", keys));
      out.add(
          RedisMetrics.gauge(
              "redis_db_keys_expiring", "Keys with an expiry per database.", expiring));
      out.add(
          RedisMetrics.gauge(
              "redis_db_avg_ttl_seconds", "Average time to live per database.", avgTtl));
    }
  }
}
