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
  }
}
