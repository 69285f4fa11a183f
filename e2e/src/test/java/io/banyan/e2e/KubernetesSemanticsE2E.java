package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 under Kubernetes' real semantics, one scenario after another on the same cluster (the
 * reference example made small, as in {@link ZonePartitionE2E}): a master pod deleted gracefully
 * while it serves, and an operator that comes back to a StoreCluster whose status is gone. Each
 * time a SET + WAIT writer goes through the rw Service and a {@link SplitBrainDetector} writes to
 * every node directly: never two nodes acknowledging, no acknowledged write lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesSemanticsE2E {
  private static final Duration SETTLE = Duration.ofSeconds(300);

  @TempDir static Path state;
  static E2eCluster cluster;

  @BeforeAll
  static void start() {
    cluster = E2eCluster.start(ZonePartitionE2E.smallThreeDatacenters(), "64.1", 17500, state);
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

  private static AckedWriter writer(String prefix) {
    AckedWriter w = cluster.writer(1, prefix);
    cluster.await(
        "acknowledged writes through rw", Duration.ofSeconds(60), () -> w.acknowledgedCount() > 20);
    return w;
  }

  private static SplitBrainDetector detector(String prefix, String master) {
    SplitBrainDetector probe = cluster.splitBrainDetector(1, prefix);
    cluster.await(
        "the detector seeing " + master + " acknowledge",
        Duration.ofSeconds(60),
        () -> probe.acknowledgingSince(0).contains(master));
    return probe;
  }

  private static void assertOneWritableMaster() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(cluster.writableMasters()).containsExactly(status().currentMaster));
  }

  /**
   * Deliver 1: a Terminating master is not gone while its process answers. The pod is deleted
   * through the API with a grace period, so it stays (Terminating, with its IP) while the kubelet
   * stops it with SIGTERM and the grace period; the operator must fence it before promoting, and
   * the pod comes back as a new object.
   */
  @Test
  @Order(1)
  void aMasterPodDeletedGracefullyWhileServingGivesOneWritableMasterAndLosesNothing()
      throws Exception {
    StoreClusterStatus before = status();
    String old = before.currentMaster;
    assertThat(old).startsWith("jf-a-");
    String oldUid = pod(old).getMetadata().getUid();

    AckedWriter w = writer("graceful");
    SplitBrainDetector probe = detector("graceful-probe", old);

    cluster.pod(old).withGracePeriod(20).delete();
    long deletedAt = System.nanoTime();
    Pod terminating = pod(old);
    assertThat(terminating).as("kept while Terminating").isNotNull();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();

    cluster.await(
        "a master other than " + old,
        SETTLE,
        () -> {
          StoreClusterStatus s = status();
          return s.failover == null
              && s.currentMaster != null
              && !s.currentMaster.equals(old)
              && s.epoch != null
              && s.epoch > before.epoch;
        });
    String promoted = status().currentMaster;
    cluster.await(
        "the pod of " + old + " re-created",
        SETTLE,
        () -> {
          Pod p = pod(old);
          return p != null
              && !oldUid.equals(p.getMetadata().getUid())
              && p.getMetadata().getDeletionTimestamp() == null;
        });
    cluster.awaitRunning(SETTLE);
    cluster.awaitWritesOn(promoted, w, probe, deletedAt, 20, SETTLE);
    probe.closeAndAssertNoSplitBrain();

    w.close();
    w.assertNothingLost(cluster.rw());
    // Back in the tree: a linked replica, or the master again — with the preferred zone jf-a and
    // a 5 s failback hold-down, the operator may already have moved the master back to it.
    cluster.await(
        "the new " + old + " back in the tree",
        SETTLE,
        () -> {
          StoreClusterStatus s = status();
          return old.equals(s.currentMaster)
              || s.nodes.stream()
                  .anyMatch(
                      n ->
                          n.name.equals(old)
                              && n.parent != null
                              && n.linkState == StoreClusterStatus.LinkState.up);
        });
    assertOneWritableMaster();
  }

  /**
   * Deliver 3: the status is not the only epoch store. The operator is stopped, the status is
   * replaced with an empty one (as after a restore without status, or an orphan delete and
   * re-apply), and the operator started again: it must take its epoch from the nodes, so it cannot
   * make a second writable master, and the cluster keeps its data.
   */
  @Test
  @Order(2)
  void anOperatorRestartedOnALostStatusTakesTheEpochFromTheNodes() throws Exception {
    StoreClusterStatus before = status();
    String master = before.currentMaster;
    long epoch = before.epoch;
    AckedWriter earlier = writer("before-loss");
    earlier.close();

    AckedWriter w = writer("status-loss");
    SplitBrainDetector probe = detector("status-loss-probe", master);

    cluster.local.stopOperator();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              StoreCluster sc = cluster.local.storeCluster();
              sc.setStatus(new StoreClusterStatus());
              cluster.client().resource(sc).updateStatus();
              return true;
            });
    StoreClusterStatus emptied = status();
    assertThat(emptied == null || emptied.currentMaster == null)
        .as("status removed: %s", emptied)
        .isTrue();
    long removedAt = System.nanoTime();

    cluster.local.startOperator();
    cluster.await(
        "status rebuilt with an epoch above " + epoch + ", Running",
        SETTLE,
        () -> {
          StoreClusterStatus s = status();
          return s != null
              && s.epoch != null
              && s.epoch > epoch
              && s.currentMaster != null
              && s.failover == null
              && s.phase == StoreClusterStatus.Phase.Running;
        });
    String now = status().currentMaster;
    cluster.awaitWritesOn(now, w, probe, removedAt, 20, SETTLE);
    probe.closeAndAssertNoSplitBrain();

    w.close();
    w.assertNothingLost(cluster.rw());
    earlier.assertNothingLost(cluster.rw());
    assertThat(status().epoch).as("new status epoch above the lost one").isGreaterThan(epoch);
    assertOneWritableMaster();
  }
}
