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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The README's main command end to end: the three-datacenter example under the real operator.
 * Skipped while {@code OperatorBootstrap.start} is a stub (it throws
 * UnsupportedOperationException).
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
    Assumptions.assumeTrue(
        cluster.operatorRunning(), () -> cluster.operatorProblem().orElse("operator not running"));
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              StoreCluster sc = cluster.storeCluster();
              return sc.getStatus() != null
                  && sc.getStatus().phase == StoreClusterStatus.Phase.Running
                  && cluster.nodes().size() == 11
                  && cluster.nodes().stream().allMatch(n -> n.pod().ready());
            });
    String password = cluster.generatedPassword().orElseThrow();
    HostAndPort rw = HostAndPort.from(cluster.endpoints().get("rw"));
    try (Jedis j = new Jedis(rw)) {
      j.auth(password);
      j.set("hello", "world");
    }
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
