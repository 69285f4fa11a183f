package io.banyan.operator.model;

import io.banyan.operator.api.ConfigPassthrough;
import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.MaxmemoryPolicy;
import io.banyan.operator.api.MemorySize;
import io.banyan.operator.api.PersistenceSpec;
import io.banyan.operator.api.ReplicationSpec;
import io.banyan.operator.api.StoreClusterSpec;
import java.util.List;

/**
 * Renders {@code banyan.conf} (redis.conf syntax) from the spec. Every node gets the same file:
 * per-node and per-start settings ({@code --dir}, {@code --banyan-start-fenced}, passwords) go on
 * the command line instead, so the file holds no secret and one ConfigMap serves all pods. Absent
 * spec sections render with the API defaults. Option names are ones the data node's config parser
 * accepts ({@code data-node/.../config/*Options.java}); {@code spec.config} comes last, after the
 * operator's own lines (it cannot repeat them: {@link ConfigPassthrough} refuses those options).
 */
public final class ConfigRenderer {
  public static final int PORT = 6379;

  /** The data node's HTTP port: health endpoints for the probes, and metrics. */
  public static final int HTTP_PORT = 9121;

  /** Without {@code spec.maxmemory}, a node may hold data up to this share of its memory limit. */
  public static final int MAXMEMORY_PERCENT_OF_LIMIT = 50;

  /**
   * How often a master sends its replicas at least a PING ({@code repl-ping-replica-period}): the
   * longest silence a replica sees from a live master, which the failure detector relies on.
   */
  public static final int REPL_PING_PERIOD_SECONDS = 1;

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
    NodeTls.configLines(spec).forEach(l -> out.append(l).append('\n'));
    // Pods are reached on their pod IP, IPv4 or IPv6 (dual-stack clusters); access control is the
    // password and NetworkPolicies. "-::*": no error where the pod has no IPv6 (Redis's default).
    line(out, "bind", "* -::*");
    // The default user always has a password (spec.auth's, or one the operator generates), so
    // protected mode never refuses anyone; it stays on as Redis's last guard: were the default user
    // ever left without one, the node would refuse every remote client rather than serve them all.
    line(out, "protected-mode", "yes");
    line(out, "banyan-http-port", String.valueOf(HTTP_PORT));
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
    // Which replicas count (each node's own zone comes from its --banyan-zone argument). With
    // OtherZones a master cut off from the other zones must refuse writes before the operator can
    // promote another zone's backup (issue 11): the lag bound is in milliseconds, half the
    // detection timeout, which leaves the other half for the operator's last probe having been
    // up to a probe interval before the cut. Replicas ACK a Banyan master every 100 ms, so a live
    // one stays well inside it.
    ReplicationSpec.WriteQuorumScope scope =
        or(replication.writeQuorumScope, defaults.writeQuorumScope);
    line(
        out,
        "banyan-min-replicas-scope",
        scope == ReplicationSpec.WriteQuorumScope.OtherZones ? "other-zones" : "any");
    line(out, "banyan-min-replicas-max-lag-ms", String.valueOf(minReplicasMaxLagMillis(spec)));
    // A replica is ready (in the -ro Services) exactly while the master would count it towards
    // the write quorum: its last data from the master is at most min-replicas-max-lag old.
    line(out, "banyan-ready-max-lag", String.valueOf(maxLag));
    // Replicas must see a dead master within the detection timeout for the operator to trust
    // their view: the master pings every second and a replica gives up after repl-timeout.
    line(out, "repl-ping-replica-period", String.valueOf(REPL_PING_PERIOD_SECONDS));
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
    Long maxmemory = maxmemoryBytes(spec);
    if (maxmemory != null) {
      line(out, "maxmemory", String.valueOf(maxmemory));
    }
    line(out, "maxmemory-policy", or(spec.maxmemoryPolicy, MaxmemoryPolicy.NOEVICTION).redisName());
    List<String> passthrough = ConfigPassthrough.lines(spec.config);
    if (!passthrough.isEmpty()) {
      out.append("# spec.config\n");
      passthrough.forEach(l -> out.append(l).append('\n'));
    }
    return out.toString();
  }

  /**
   * A fingerprint of the part of {@link #render}'s file that a running node cannot take: the
   * options {@link ConfigClasses} classes {@link ConfigClasses.ConfigClass#RESTART}, with the
   * values a node started from the file holds (see {@link LiveSettings}). {@link PodRevision} puts
   * it into each pod's revision, so pods are replaced when it changes; a change of a live-settable
   * option ({@code maxmemory-policy}, {@code hz}, {@code spec.config.timeout}, ...) or of an option
   * the operator sets on running nodes itself (the derived failover settings, passwords) leaves it
   * unchanged, and is applied by {@code reconcile.LiveConfigRollout} or its owner instead.
   * Deterministic: 16 hex digits of SHA-256 over {@code name=value} lines in option-name order, the
   * same for any order of {@code spec.config}'s entries and any spelling of a value the node reads
   * the same way (aliases, size units); an option set to the data node's default counts as absent.
   */
  public static String restartFingerprint(StoreClusterSpec spec) {
    return LiveSettings.of(render(spec)).restartFingerprint();
  }

  /**
   * The rendered {@code maxmemory} in bytes: {@code spec.maxmemory}, else {@value
   * #MAXMEMORY_PERCENT_OF_LIMIT} % of {@code resources.limits.memory}, else none (no limit, as
   * Redis). Half leaves the rest of the container to the JVM: heap headroom for the collector,
   * replication and client buffers, snapshots in progress, metaspace and native memory.
   */
  public static Long maxmemoryBytes(StoreClusterSpec spec) {
    if (spec.maxmemory != null) {
      return MemorySize.bytes(spec.maxmemory);
    }
    Long limit = MemorySize.limitBytes(spec);
    return limit == null ? null : limit * MAXMEMORY_PERCENT_OF_LIMIT / 100;
  }

  /**
   * The rendered {@code banyan-min-replicas-max-lag-ms}: {@code spec.replication.maxLagSeconds} as
   * capped for {@code min-replicas-max-lag}, and at most half the detection timeout.
   */
  public static int minReplicasMaxLagMillis(StoreClusterSpec spec) {
    ReplicationSpec replication =
        spec.replication == null ? new ReplicationSpec() : spec.replication;
    int detectionMillis = detectionTimeoutMillis(spec);
    int maxLagSeconds =
        Math.min(
            or(replication.maxLagSeconds, new ReplicationSpec().maxLagSeconds),
            Math.max(1, detectionMillis / 1000 - 1));
    return Math.min(maxLagSeconds * 1000, detectionMillis / 2);
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
