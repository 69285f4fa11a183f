package io.banyan.operator.model;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.PersistenceSpec;
import io.banyan.operator.api.ReplicationSpec;
import io.banyan.operator.api.StoreClusterSpec;
import java.util.List;

/**
 * Renders {@code banyan.conf} (redis.conf syntax) from the spec. Every node gets the same file:
 * per-node and per-start settings ({@code --dir}, {@code --banyan-start-fenced}, passwords) go on
 * the command line instead, so the file holds no secret and one ConfigMap serves all pods. Absent
 * spec sections render with the API defaults. Option names are ones the data node's config parser
 * accepts ({@code data-node/.../config/*Options.java}).
 */
public final class ConfigRenderer {
  public static final int PORT = 6379;

  private ConfigRenderer() {}

  /** The file's text, one option per line, ending with a newline. */
  public static String render(StoreClusterSpec spec) {
    ReplicationSpec replication =
        spec.replication == null ? new ReplicationSpec() : spec.replication;
    PersistenceSpec persistence =
        spec.persistence == null ? new PersistenceSpec() : spec.persistence;
    ReplicationSpec defaults = new ReplicationSpec();
    PersistenceSpec persistenceDefaults = new PersistenceSpec();

    StringBuilder out = new StringBuilder();
    out.append("# Rendered by the Banyan operator from the StoreCluster spec; edits are lost.\n");
    line(out, "port", String.valueOf(PORT));
    // Pods are reached on their pod IP; access control is the password and NetworkPolicies.
    line(out, "bind", "0.0.0.0");
    line(out, "protected-mode", "no");
    line(out, "repl-backlog-size", or(replication.backlogSize, defaults.backlogSize));
    line(
        out,
        "min-replicas-to-write",
        String.valueOf(or(replication.writeQuorum, defaults.writeQuorum)));
    int detectionSeconds = detectionTimeoutMillis(spec) / 1000;
    // A master frozen past the detection timeout must refuse writes the moment it resumes (I3):
    // by then the operator may have promoted another node, so the lag allowed is below it.
    int maxLag =
        Math.min(
            or(replication.maxLagSeconds, defaults.maxLagSeconds),
            Math.max(1, detectionSeconds - 1));
    line(out, "min-replicas-max-lag", String.valueOf(maxLag));
    // Replicas must see a dead master within the detection timeout for the operator to trust
    // their view: the master pings every second and a replica gives up after repl-timeout.
    line(out, "repl-ping-replica-period", "1");
    line(out, "repl-timeout", String.valueOf(Math.max(2, detectionSeconds - 2)));
    line(
        out,
        "appendonly",
        or(persistence.appendonly, persistenceDefaults.appendonly) ? "yes" : "no");
    line(out, "appendfsync", or(persistence.appendfsync, persistenceDefaults.appendfsync).name());
    List<PersistenceSpec.SaveRule> rules = persistence.save == null ? List.of() : persistence.save;
    if (rules.isEmpty()) {
      // Without this line the data node would keep its built-in snapshot schedule.
      line(out, "save", "\"\"");
    }
    for (PersistenceSpec.SaveRule rule : rules) {
      line(out, "save", rule.seconds + " " + rule.changes);
    }
    return out.toString();
  }

  private static int detectionTimeoutMillis(StoreClusterSpec spec) {
    Integer configured = spec.failover == null ? null : spec.failover.detectionTimeoutMillis;
    return configured == null ? new FailoverSpec().detectionTimeoutMillis : configured;
  }

  private static void line(StringBuilder out, String option, String value) {
    out.append(option).append(' ').append(value).append('\n');
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
