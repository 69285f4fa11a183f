package io.banyan.operator.reconcile;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.model.ConfigRenderer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The node options derived from the spec's failover and replication settings that the operator's
 * own decisions depend on (the lag bound below the detection timeout, replicas giving up on a dead
 * master within it, the write quorum), as {@link ConfigRenderer} renders them — one source of
 * truth. The rendered file only reaches a node when it restarts; these are also changed on the
 * running nodes with {@code CONFIG SET}, and the operator keeps judging with the detection timeout
 * the nodes were configured for until every reachable node has taken the new values (issue 11 item
 * 3). Pure.
 */
public final class DerivedSettings {
  static final Set<String> NAMES =
      Set.of(
          "min-replicas-to-write",
          "min-replicas-max-lag",
          "banyan-ready-max-lag",
          "repl-ping-replica-period",
          "repl-timeout");

  /** Options whose name starts with this are derived too (the zone-aware quorum's). */
  static final String PREFIX = "banyan-min-replicas-";

  private DerivedSettings() {}

  /** Option → value, in rendered order. */
  public static Map<String, String> of(StoreClusterSpec spec) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : ConfigRenderer.render(spec).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String name = line.substring(0, space);
      if (NAMES.contains(name) || name.startsWith(PREFIX)) {
        settings.put(name, unquote(line.substring(space + 1).trim()));
      }
    }
    return settings;
  }

  /** The detection timeout the spec asks for. */
  public static long detectionTimeoutMillis(StoreClusterSpec spec) {
    Integer t = spec.failover == null ? null : spec.failover.detectionTimeoutMillis;
    return t == null ? new FailoverSpec().detectionTimeoutMillis : t;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }
}
