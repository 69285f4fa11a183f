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
  }
}
