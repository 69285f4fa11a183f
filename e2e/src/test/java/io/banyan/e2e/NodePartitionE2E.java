package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreClusterStatus;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica cut off by a real network partition ({@code banyan local partition NODE}): the operator
 * sees it unreachable while its process runs on, the master keeps serving, and after the heal the
 * replica's own link comes back and it catches up, as a pod behind a flaky switch does.
 */
class NodePartitionE2E {
  static final Duration SETTLE = Duration.ofSeconds(300);

  @TempDir Path state;

  @Test
  void aPartitionedReplicaIsSeenUnreachableAndCatchesUpAfterTheHeal() throws Exception {
    try (E2eCluster cluster = E2eCluster.start("minimal-one-zone.yaml", "64.1", 17500, state)) {
      cluster.awaitRunning(SETTLE);
      String master = cluster.status().currentMaster;
      String replica =
          cluster.status().nodes.stream()
              .map(n -> n.name)
              .filter(n -> !n.equals(master))
              .findFirst()
              .orElseThrow();
      long pid = cluster.node(replica).pid();

      try (AckedWriter w = cluster.writer(0, "node-partition")) {
        cluster.await("writes", SETTLE, () -> w.acknowledgedCount() > 20);
        assertThat(cluster.local.partition(replica))
            .containsExactly(cluster.node(replica).pod().ip());
        cluster.await(
            replica + " unreachable for the operator",
            SETTLE,
            () -> statusOf(cluster, replica).reachable == Boolean.FALSE);
        int during = w.acknowledgedCount();
        cluster.await("writes go on", SETTLE, () -> w.acknowledgedCount() > during + 100);
        assertThat(cluster.node(replica).pid()).as("a partition kills nothing").isEqualTo(pid);
        assertThat(cluster.status().currentMaster).isEqualTo(master);

        assertThat(cluster.local.heal(replica)).isTrue();
        cluster.awaitRunning(SETTLE);
        w.close();
        cluster.await(
            replica + " caught up",
            SETTLE,
            () ->
                cluster
                    .info(master, "replication", "master_repl_offset")
                    .equals(cluster.info(replica, "replication", "slave_repl_offset")));
        // Everything acknowledged, including what was written during the partition, is on it.
        w.assertNothingLost(
            new java.net.InetSocketAddress(
                cluster.address(replica).getHost(), cluster.address(replica).getPort()));
      }
    }
  }

  private static StoreClusterStatus.NodeStatus statusOf(E2eCluster cluster, String node) {
    return cluster.status().nodes.stream()
        .filter(n -> n.name.equals(node))
        .findFirst()
        .orElseThrow();
  }
}
