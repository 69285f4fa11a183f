package io.banyan.local;

import io.banyan.local.nodes.NodeInventory;
import java.util.List;

/**
 * TEMPORARY (issue 10, until the branches merge): this branch's examples still require nodes whose
 * {@code topology.kubernetes.io/zone} is the StoreCluster zone's <em>name</em> ({@code jf-a},
 * {@code jf-b}, {@code jf-c}, {@code dc1}, {@code local}); the operator branch rewrites them for
 * cloud zone values ({@code us-east-1a}...). So that the end-to-end tests keep running the examples
 * meanwhile, they use this inventory: three nodes per such zone, labelled otherwise as cloud nodes.
 * At merge, delete this class and let the tests use {@link NodeInventory#cloudDefault()} (what
 * {@code banyan local up} uses).
 */
public final class TodaysExampleNodes {
  private TodaysExampleNodes() {}

  public static NodeInventory inventory() {
    return NodeInventory.zones("local", List.of("jf-a", "jf-b", "jf-c", "dc1", "local"), 3);
  }
}
