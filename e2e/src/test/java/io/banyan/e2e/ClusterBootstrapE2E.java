package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.NodeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The three-datacenter example brought up by the unchanged operator on real data-node processes:
 * every node wired under its parent as the spec says, the live tree reported in status, writes
 * through the read-write endpoint reaching every node.
 */
class ClusterBootstrapE2E {
  @TempDir static Path state;
  static E2eCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = E2eCluster.start("three-datacenters.yaml", "61.1", 17100, state);
    cluster.awaitRunning(Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theLiveTreeIsTheDesiredOne() {
    StoreClusterStatus s = cluster.status();
    assertThat(s.currentMaster).isEqualTo("jf-a-0");
    assertThat(s.epoch).isEqualTo(1L);
    assertThat(s.readyNodes).isEqualTo("9/9");
    Map<String, String> parents =
        s.nodes.stream()
            .collect(Collectors.toMap(n -> n.name, n -> n.parent == null ? "-" : n.parent));
    assertThat(parents)
        .containsEntry("jf-a-0", "-")
        .containsEntry("jf-a-1", "jf-a-0")
        .containsEntry("jf-b-0", "jf-a-0")
        .containsEntry("jf-a-s1", "jf-a-0")
        .containsEntry("jf-a-s2", "jf-a-s1")
        .containsEntry("jf-b-s2", "jf-b-s1")
        .containsEntry("jf-c-s2", "jf-c-s1");
    assertThat(s.nodes).allSatisfy(n -> assertThat(n.fenced).isFalse());
  }

  @Test
  void writesThroughTheReadWriteEndpointReachTheEndsOfTheChains() {
    try (Jedis rw = new Jedis(cluster.rw().getHostString(), cluster.rw().getPort())) {
      rw.set("greeting", "hello");
      assertThat(rw.waitReplicas(1, 5000)).isGreaterThanOrEqualTo(1);
    }
    NodeStatus leaf =
        cluster.status().nodes.stream().filter(n -> n.name.equals("jf-c-s2")).findFirst().get();
    String[] hostPort = leaf.address.split(":");
    try (Jedis replica = new Jedis(hostPort[0], Integer.parseInt(hostPort[1]))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> "hello".equals(replica.get("greeting")));
    }
  }
}
