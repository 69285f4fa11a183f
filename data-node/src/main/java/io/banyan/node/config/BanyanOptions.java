package io.banyan.node.config;

/**
 * Options Redis does not have: they serve the Banyan operator. Kept apart from the Redis 7.0
 * options so the extensions are easy to find.
 */
final class BanyanOptions {
  private BanyanOptions() {}

  static void define(OptionTable t) {
    // Read once, when the node starts: a node restarted by Kubernetes must not accept writes
    // before the operator has decided which node is the master of the current epoch (design §4).
    // Changing it at run time would mean nothing, hence immutable; BANYAN FENCE/ADMIT do that.
    t.bool(
            "banyan-start-fenced",
            false,
            c -> c.banyanStartFenced,
            (c, v) -> c.banyanStartFenced = v)
        .immutable();
    // The health and metrics listener (Kubernetes probes, Prometheus). Bound once, on the same
    // addresses as the client port; 0 means no listener.
    t.intField(
            "banyan-http-port",
            OptionTable.integer(0, 65535),
            0,
            c -> c.banyanHttpPort,
            (c, v) -> c.banyanHttpPort = v)
        .immutable();
    t.intField(
        "banyan-ready-max-lag",
        OptionTable.integer(0, Integer.MAX_VALUE),
        10,
        c -> c.banyanReadyMaxLag,
        (c, v) -> c.banyanReadyMaxLag = v);
    // Keeps data from filling the JVM heap even without maxmemory: the node evicts or refuses
    // writes
    // with -OOM before an OutOfMemoryError could stop it (docs/compatibility.md). 75 % leaves the
    // collector the room it needs while evictions churn (at 90 % a flood ended in an OOM error).
    t.intField(
        "banyan-heap-guard",
        OptionTable.integer(0, 100),
        75,
        c -> c.banyanHeapGuard,
        (c, v) -> c.banyanHeapGuard = v);
    // Zone-aware write quorum (docs/compatibility.md): the node's zone, announced to its master
    // with REPLCONF banyan-zone, and which replicas min-replicas-to-write and WAIT count. A
    // quorum that must survive the loss (or partition) of the master's zone counts only replicas
    // outside it (design invariant I4).
    t.field(
        "banyan-zone",
        OptionTable.string(BanyanOptions::zoneError),
        "",
        c -> c.banyanZone,
        (c, v) -> c.banyanZone = v);
    t.field(
        "banyan-min-replicas-scope",
        OptionTable.oneOf("any", "other-zones"),
        "any",
        c -> c.banyanMinReplicasScope,
        (c, v) -> c.banyanMinReplicasScope = v);
    // min-replicas-max-lag in milliseconds: the operator sets it below its detection timeout, so
    // a partitioned master stops acknowledging writes before another node can be promoted.
    t.intField(
        "banyan-min-replicas-max-lag-ms",
        OptionTable.integer(0, Integer.MAX_VALUE),
        0,
        c -> c.banyanMinReplicasMaxLagMs,
        (c, v) -> c.banyanMinReplicasMaxLagMs = v);
  }

  /**
   * A zone is a Kubernetes label value (at most 63 characters of letters, digits, '-', '_', '.'),
   * or empty: INFO prints it inside a replica's comma-separated line, and REPLCONF sends it as one
   * argument.
   */
  private static String zoneError(String zone) {
    if (zone.length() > 63 || !zone.matches("[A-Za-z0-9._-]*")) {
      return "argument must be a zone name of at most 63 letters, digits, '-', '_' or '.'";
    }
    return null;
  }
}
