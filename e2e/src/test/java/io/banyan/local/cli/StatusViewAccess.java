package io.banyan.local.cli;

import io.banyan.local.LocalCluster;

/** Test access to the package-private status document. */
public final class StatusViewAccess {
  private StatusViewAccess() {}

  public static String json(LocalCluster cluster) {
    return StatusView.json(cluster);
  }

  public static String nodesTable(LocalCluster cluster) {
    return ClusterViews.nodesTable(cluster);
  }
}
