package io.banyan.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.local.kubelet.TestPods;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The README's main command end to end: the three-datacenter example (with its password) under the
 * real operator — every node wired under its parent as the spec says, the live tree in status,
 * writes through the read-write endpoint reaching the ends of the chains and the read endpoint.
 */
class LocalClusterE2E {
  static LocalCluster cluster;
  static List<Long> pids = List.of();

  @BeforeAll
  static void start() throws IOException {
    int basePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      basePort = probe.getLocalPort();
    }
    StoreCluster cr =
        LocalCluster.load(TestPods.repoRoot().resolve("examples/three-datacenters.yaml"));
    cluster =
        LocalCluster.start(
            cr,
            new LocalCluster.Options(
                TestPods.repoRoot(),
                TestPods.stateDir("local-e2e"),
                TestPods.network(204),
                basePort,
                "default",
                true));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      pids = cluster.nodes().stream().map(LocalNode::pid).filter(p -> p > 0).toList();
      cluster.close();
    }
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  void theExampleComesUpAndServesWritesAndReadsThroughItsEndpoints() {
    assertThat(cluster.operatorRunning())
        .as(() -> cluster.operatorProblem().orElse("operator not running"))
        .isTrue();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              StoreCluster sc = cluster.storeCluster();
              return sc.getStatus() != null
                  && sc.getStatus().phase == StoreClusterStatus.Phase.Running
                  && cluster.nodes().size() == 9
                  && cluster.nodes().stream().allMatch(n -> n.pod().ready());
            });
    StoreClusterStatus s = cluster.storeCluster().getStatus();
    assertThat(s.currentMaster).isEqualTo("jf-a-0");
    assertThat(s.epoch).isEqualTo(1L);
    assertThat(s.readyNodes).isEqualTo("9/9");
    assertThat(s.nodes).allSatisfy(n -> assertThat(n.fenced).isFalse());
    java.util.Map<String, String> parents = new java.util.HashMap<>();
    s.nodes.forEach(n -> parents.put(n.name, n.parent == null ? "-" : n.parent));
    assertThat(parents)
        .containsEntry("jf-a-0", "-")
        .containsEntry("jf-a-1", "jf-a-0")
        .containsEntry("jf-b-0", "jf-a-0")
        .containsEntry("jf-a-s1", "jf-a-0")
        .containsEntry("jf-a-s2", "jf-a-s1")
        .containsEntry("jf-b-s1", "jf-a-0")
        .containsEntry("jf-b-s2", "jf-b-s1")
        .containsEntry("jf-c-s1", "jf-a-0")
        .containsEntry("jf-c-s2", "jf-c-s1");
    String password = cluster.generatedPassword().orElseThrow();
    HostAndPort rw = HostAndPort.from(cluster.endpoints().get("rw"));
    try (Jedis j = new Jedis(rw)) {
      j.auth(password);
      j.set("hello", "world");
      assertThat(j.waitReplicas(1, 5000)).isGreaterThanOrEqualTo(1);
    }
    HostAndPort leaf =
        HostAndPort.from(
            s.nodes.stream().filter(n -> n.name.equals("jf-c-s2")).findFirst().get().address);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (Jedis j = new Jedis(leaf)) {
                j.auth(password);
                return "world".equals(j.get("hello"));
              }
            });
    HostAndPort ro = HostAndPort.from(cluster.endpoints().get("ro"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (Jedis j = new Jedis(ro)) {
                j.auth(password);
                return "world".equals(j.get("hello"));
              }
            });
  }
}
