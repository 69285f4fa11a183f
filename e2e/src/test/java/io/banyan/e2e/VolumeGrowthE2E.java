package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.LocalNode;
import io.banyan.local.ops.ClusterApply;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.ConditionType;
import io.banyan.operator.api.StoreClusterStatus.VolumePhase;
import io.banyan.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Issue 12, item 3 end to end: a larger {@code storage.size} applied to a running local cluster (as
 * {@code banyan local apply} does) grows every claim in place — request raised by the operator,
 * volume and file system grown by the resizer and kubelet stand-ins — and no pod is replaced or
 * restarted on the way; the master keeps accepting writes.
 */
class VolumeGrowthE2E {
  static final Duration SETTLE = Duration.ofSeconds(120);

  @TempDir Path state;

  @Test
  void aLargerSizeGrowsEveryVolumeWithoutRestartingAPod() throws Exception {
    try (E2eCluster cluster =
        E2eCluster.start(E2eCluster.example("minimal-one-zone.yaml"), "66.1", 17900, state)) {
      cluster.awaitRunning(SETTLE);
      cluster.await(
          "both claims bound at 1Gi",
          SETTLE,
          () ->
              capacities(cluster).size() == 2
                  && capacities(cluster).values().stream().allMatch(new Quantity("1Gi")::equals));
      Map<String, String> podUids = podUids(cluster);
      Map<String, Long> pids = pids(cluster);

      String edited =
          Files.readString(E2eCluster.repoRoot().resolve("examples/minimal-one-zone.yaml"))
              .replace("spec:\n", "spec:\n  storage:\n    size: 2Gi\n");
      assertThat(
              ClusterApply.apply(
                  cluster.client(), cluster.local.namespace(), cluster.name(), edited))
          .endsWith("configured");

      cluster.await(
          "every claim's capacity at 2Gi, reported in status",
          SETTLE,
          () -> {
            Map<String, Quantity> capacities = capacities(cluster);
            StoreClusterStatus s = cluster.status();
            var resized =
                s == null ? null : Conditions.find(s.conditions, ConditionType.StorageResized);
            return capacities.size() == 2
                && capacities.values().stream().allMatch(new Quantity("2Gi")::equals)
                && s.storage != null
                && s.storage.volumes.stream().allMatch(v -> v.phase == VolumePhase.Expanded)
                && resized != null
                && resized.status == StoreClusterStatus.ConditionStatus.True;
          });
      assertThat(podUids(cluster)).as("no pod replaced").isEqualTo(podUids);
      assertThat(pids(cluster)).as("no data node restarted").isEqualTo(pids);
      try (Jedis master =
          cluster.connect(
              new HostAndPort(cluster.rw().getHostString(), cluster.rw().getPort()), 5000)) {
        assertThat(master.set("after-growth", "1")).isEqualTo("OK");
      }
    }
  }

  private static Map<String, Quantity> capacities(E2eCluster cluster) {
    Map<String, Quantity> all = new TreeMap<>();
    List<PersistentVolumeClaim> claims =
        cluster
            .client()
            .persistentVolumeClaims()
            .inNamespace(cluster.local.namespace())
            .withLabel("app.kubernetes.io/instance", cluster.name())
            .list()
            .getItems();
    for (PersistentVolumeClaim c : claims) {
      var status = c.getStatus();
      all.put(
          c.getMetadata().getName(),
          status == null || status.getCapacity() == null
              ? null
              : status.getCapacity().get("storage"));
    }
    return all;
  }

  private static Map<String, String> podUids(E2eCluster cluster) {
    Map<String, String> uids = new TreeMap<>();
    for (LocalNode n : cluster.local.nodes()) {
      uids.put(n.name(), cluster.pod(n.name()).get().getMetadata().getUid());
    }
    return uids;
  }

  private static Map<String, Long> pids(E2eCluster cluster) {
    Map<String, Long> pids = new TreeMap<>();
    for (LocalNode n : cluster.local.nodes()) {
      pids.put(n.name(), n.pid());
    }
    return pids;
  }
}
