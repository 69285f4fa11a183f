package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.FailoverRecord;
import io.banyan.operator.api.StoreClusterStatus.LinkState;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 11 and 12: the Kubernetes node of the master's pod is drained ({@code kubectl drain}:
 * cordon, then an eviction through the PodDisruptionBudget) while a SET + WAIT writer goes through
 * the rw Service and a {@link SplitBrainDetector} writes to every node. The pod turns Terminating
 * and the kubelet runs its preStop hook ({@code /prestop}), which holds SIGTERM while the node is a
 * writable master; meanwhile the operator hands the master role over by a planned, zero-loss
 * switchover ({@code MasterTerminating}) to a backup that was in sync — no unplanned failover, no
 * acknowledged write lost, never two nodes acknowledging.
 */
class MasterDrainE2E {
  private static final Duration SETTLE = Duration.ofSeconds(300);

  // Kept when the test fails: the pods' logs are there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path state;

  static E2eCluster cluster;

  @BeforeAll
  static void start() {
    cluster = E2eCluster.start(ZonePartitionE2E.smallThreeDatacenters(), "65.1", 17800, state);
    cluster.awaitRunning(SETTLE);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static StoreClusterStatus status() {
    return cluster.status();
  }

  private static Pod pod(String node) {
    return cluster.pod(node).get();
  }

  private static String diagnostics() {
    return cluster.diagnostics();
  }

  @Test
  void aDrainedMastersNodeHandsOverByAPlannedSwitchoverLosingNothing() throws Exception {
    StoreClusterStatus before = status();
    String old = before.currentMaster;
    assertThat(old).startsWith("jf-a-");
    int historyBefore = before.failoverHistory == null ? 0 : before.failoverHistory.size();
    String oldUid = pod(old).getMetadata().getUid();

    AckedWriter w = cluster.writer(1, "drain");
    SplitBrainDetector probe = cluster.splitBrainDetector(1, "drain-probe");
    cluster.await(
        "the master acknowledging writes",
        Duration.ofSeconds(60),
        () -> w.acknowledgedCount() > 20 && probe.acknowledgingSince(0).contains(old));
    // The master backups linked to the master and in sync as the drain starts: the only
    // acceptable new masters.
    Set<String> inSync =
        status().nodes.stream()
            .filter(n -> n.name.startsWith("jf-a-") || n.name.startsWith("jf-b-0"))
            .filter(n -> !n.name.equals(old) && old.equals(n.parent))
            .filter(n -> n.linkState == LinkState.up && Boolean.TRUE.equals(n.reachable))
            .map(n -> n.name)
            .collect(Collectors.toSet());
    assertThat(inSync).as("in-sync master backups").isNotEmpty();

    // kubectl drain of the Kubernetes node the master runs on: cordon, then evictions through the
    // PodDisruptionBudget, waiting for each pod to be gone (in the background: it only returns
    // once the master's pod, held by its preStop hook during the hand-over, has stopped).
    String host = pod(old).getSpec().getNodeName();
    assertThat(host).as("the master's pod is bound").isNotNull();
    long evictedAt = System.nanoTime();
    java.util.concurrent.CompletableFuture<Void> drain =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              try {
                cluster.local.drain(host, Duration.ofSeconds(240), false, line -> {});
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
    cluster.await(
        "the master's pod Terminating",
        Duration.ofSeconds(60),
        () -> {
          Pod p = pod(old);
          return p != null
              && oldUid.equals(p.getMetadata().getUid())
              && p.getMetadata().getDeletionTimestamp() != null;
        });

    cluster.await(
        "a master other than " + old,
        SETTLE,
        () -> {
          StoreClusterStatus s = status();
          return s.failover == null
              && s.currentMaster != null
              && !s.currentMaster.equals(old)
              && s.epoch > before.epoch;
        });
    String promoted = status().currentMaster;
    assertThat(promoted).as("a master backup that was in sync").isIn(inSync);

    List<FailoverRecord> moves =
        status().failoverHistory.subList(historyBefore, status().failoverHistory.size());
    assertThat(moves)
        .as("one planned switchover, no unplanned failover (state in %s)%s", state, diagnostics())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason).isEqualTo("MasterTerminating");
              assertThat(r.outcome).isEqualTo("Completed");
              assertThat(r.from).isEqualTo(old);
              assertThat(r.to).isEqualTo(promoted);
              assertThat(r.epoch).isEqualTo(before.epoch + 1);
            });

    cluster.await(
        "the pod of " + old + " re-created",
        SETTLE,
        () -> {
          Pod p = pod(old);
          return p != null
              && !oldUid.equals(p.getMetadata().getUid())
              && p.getMetadata().getDeletionTimestamp() == null;
        });
    drain.get(240, java.util.concurrent.TimeUnit.SECONDS);
    cluster.local.cordon(host, false);
    cluster.awaitRunning(SETTLE);
    cluster.awaitWritesOn(promoted, w, probe, evictedAt, 20, SETTLE);
    probe.closeAndAssertNoSplitBrain();
    w.close();
    w.assertNothingLost(cluster.rw());

    // The old master came back as a replica, and nothing moved the master role meanwhile.
    assertThat(
            status().nodes.stream().anyMatch(n -> n.name.equals(old) && promoted.equals(n.parent)))
        .as("%s back as a replica of %s", old, promoted)
        .isTrue();
    assertThat(status().failoverHistory.subList(historyBefore, status().failoverHistory.size()))
        .extracting(r -> r.reason)
        .doesNotContain("MasterPodGone", "MasterUnreachable", "ZoneLost", "MasterDemoted");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(cluster.writableMasters()).containsExactly(status().currentMaster));
  }
}
