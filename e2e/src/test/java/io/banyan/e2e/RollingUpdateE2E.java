package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.FailoverRecord;
import io.banyan.operator.model.PodRevision;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1: a new image rolls through the three-datacenter cluster while a SET + WAIT writer
 * goes through the rw Service and a {@link SplitBrainDetector} writes to every node. Every pod is
 * replaced exactly once, one at a time, the master last and only after a planned {@code
 * RollingUpdate} switchover; nothing acknowledged is lost, no two nodes acknowledge at once, and
 * the replaced nodes resume with partial resynchronisations (the new master served no full sync).
 * First, {@code spec.failover.targetMaster} moves the master to another zone's backup without
 * touching any pod, and, once cleared, the master returns to the preferred zone after the
 * hold-down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingUpdateE2E {
  private static final Duration SETTLE = Duration.ofSeconds(300);

  // Kept when the test fails: the pods' logs are there.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path state;

  static E2eCluster cluster;

  @BeforeAll
  static void start() {
    cluster = E2eCluster.start(ZonePartitionE2E.smallThreeDatacenters(), "66.1", 17900, state);
    cluster.awaitRunning(SETTLE);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aTargetMasterInTheSpecMovesTheMasterWithoutReplacingAnyPod() throws Exception {
    StoreClusterStatus before = cluster.status();
    int historyBefore = before.failoverHistory == null ? 0 : before.failoverHistory.size();
    Map<String, String> uids = new HashMap<>();
    for (StoreClusterStatus.NodeStatus n : before.nodes) {
      uids.put(n.name, cluster.pod(n.name).get().getMetadata().getUid());
    }
    AckedWriter w = cluster.writer(1, "target");
    cluster.await("writes acknowledged", Duration.ofSeconds(60), () -> w.acknowledgedCount() > 20);

    cluster.editSpec(spec -> spec.failover.targetMaster = "jf-b-0");
    cluster.await(
        "jf-b-0 the master",
        SETTLE,
        () -> {
          StoreClusterStatus s = cluster.status();
          return s.failover == null && "jf-b-0".equals(s.currentMaster);
        });
    FailoverRecord r = cluster.status().failoverHistory.get(historyBefore);
    assertThat(r.reason).isEqualTo("RequestedSwitchover");
    assertThat(r.from).isEqualTo(before.currentMaster);
    cluster.awaitRunning(SETTLE);
    w.close();
    w.assertNothingLost(cluster.rw());
    uids.forEach(
        (node, uid) ->
            assertThat(cluster.pod(node).get().getMetadata().getUid())
                .as("pod of %s not replaced", node)
                .isEqualTo(uid));
    assertThat(cluster.status().rollout).isNull();
    // Not moved back to the preferred zone while the spec names a target.
    assertThat(cluster.status().failoverHistory).hasSize(historyBefore + 1);

    cluster.editSpec(spec -> spec.failover.targetMaster = null);
  }

  @Test
  @Order(2)
  void aNewImageReplacesEveryPodOnceTheMasterLastBySwitchoverLosingNothing() throws Exception {
    cluster.await(
        "the master back in the preferred zone jf-a",
        SETTLE,
        () -> {
          StoreClusterStatus s = cluster.status();
          return s.failover == null
              && s.currentMaster != null
              && s.currentMaster.startsWith("jf-a-");
        });
    cluster.awaitRunning(SETTLE);
    StoreClusterStatus before = cluster.status();
    String oldMaster = before.currentMaster;
    int historyBefore = before.failoverHistory == null ? 0 : before.failoverHistory.size();
    Map<String, String> oldUids = new HashMap<>();
    Map<String, String> oldRevisions = new HashMap<>();
    for (StoreClusterStatus.NodeStatus n : before.nodes) {
      Pod p = cluster.pod(n.name).get();
      oldUids.put(n.name, p.getMetadata().getUid());
      oldRevisions.put(n.name, PodRevision.current(p));
    }

    AckedWriter w = cluster.writer(1, "roll");
    SplitBrainDetector probe = cluster.splitBrainDetector(1, "roll-probe");
    cluster.await(
        "the master acknowledging writes",
        Duration.ofSeconds(60),
        () -> w.acknowledgedCount() > 20 && probe.acknowledgingSince(0).contains(oldMaster));

    cluster.editSpec(spec -> spec.image = spec.image + "-rolled");
    long editedAt = System.nanoTime();

    // Every pod seen during the rollout, in the order its replacement first appeared.
    Map<String, Set<String>> uidsSeen = new HashMap<>();
    oldUids.forEach((node, uid) -> uidsSeen.put(node, new LinkedHashSet<>(List.of(uid))));
    List<String> replacedInOrder = new ArrayList<>();
    List<Integer> missingAtOnce = new ArrayList<>();
    cluster.await(
        "every pod on the new revision and the rollout finished",
        SETTLE,
        () -> {
          int missing = 0;
          boolean allNew = true;
          for (String node : oldUids.keySet()) {
            Pod p = cluster.pod(node).get();
            if (p == null || p.getMetadata().getDeletionTimestamp() != null) {
              missing++;
              allNew = false;
              continue;
            }
            String uid = p.getMetadata().getUid();
            uidsSeen.computeIfAbsent(node, k -> new LinkedHashSet<>()).add(uid);
            if (!uid.equals(oldUids.get(node)) && !replacedInOrder.contains(node)) {
              replacedInOrder.add(node);
            }
            allNew &= !uid.equals(oldUids.get(node));
          }
          missingAtOnce.add(missing);
          StoreClusterStatus s = cluster.status();
          return allNew && s.rollout == null && s.failover == null;
        });

    assertThat(replacedInOrder).as("every pod replaced").hasSameSizeAs(oldUids.keySet());
    assertThat(replacedInOrder.get(replacedInOrder.size() - 1))
        .as("the old master replaced last")
        .isEqualTo(oldMaster);
    uidsSeen.forEach(
        (node, uids) ->
            assertThat(uids).as("pods of %s: the old one and one new one", node).hasSize(2));
    assertThat(missingAtOnce).as("never two pods missing at once").allMatch(m -> m <= 1);
    for (String node : oldUids.keySet()) {
      assertThat(PodRevision.current(cluster.pod(node).get()))
          .as("revision of %s", node)
          .isNotEqualTo(oldRevisions.get(node));
    }

    List<FailoverRecord> moves =
        cluster
            .status()
            .failoverHistory
            .subList(historyBefore, cluster.status().failoverHistory.size());
    assertThat(moves)
        .as("one planned switchover, no failover%s", cluster.diagnostics())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason).isEqualTo("RollingUpdate");
              assertThat(r.outcome).isEqualTo("Completed");
              assertThat(r.from).isEqualTo(oldMaster);
            });

    String master = cluster.status().currentMaster;
    cluster.awaitRunning(SETTLE);
    cluster.awaitWritesOn(master, w, probe, editedAt, 20, SETTLE);
    probe.closeAndAssertNoSplitBrain();
    w.close();
    w.assertNothingLost(cluster.rw());
    assertThat(cluster.writableMasters()).containsExactly(master);
    // Each node restarted on its own volume after a clean shutdown: with the master's backlog
    // covering the restart, every one resumed with a partial resynchronisation.
    assertThat(cluster.info(master, "stats", "sync_full"))
        .as("full syncs served by the new master%s", cluster.diagnostics())
        .isEqualTo("0");
  }

  /**
   * A change whose new pod cannot come back (here: a node selector no node matches, so it stays
   * Pending, as a too-large resource request or an image that cannot be pulled would): the rollout
   * pauses after the step timeout with the scheduler's reason and touches no other pod; reverting
   * the spec replaces the stuck pod at once (rolling forward) and the rollout ends.
   */
  @Test
  @Order(3)
  void aReplacedPodThatCannotComeBackPausesTheRolloutWithTheReasonUntilTheSpecIsFixed() {
    cluster.awaitRunning(SETTLE);
    Map<String, String> uids = new HashMap<>();
    for (StoreClusterStatus.NodeStatus n : cluster.status().nodes) {
      uids.put(n.name, cluster.pod(n.name).get().getMetadata().getUid());
    }
    java.util.concurrent.atomic.AtomicBoolean hadScheduling =
        new java.util.concurrent.atomic.AtomicBoolean();
    cluster.editSpec(
        spec -> {
          spec.updateStrategy = new io.banyan.operator.api.UpdateStrategySpec();
          spec.updateStrategy.stepTimeoutSeconds = 30;
          hadScheduling.set(spec.scheduling != null);
          if (spec.scheduling == null) {
            spec.scheduling = new io.banyan.operator.api.SchedulingSpec();
          }
          spec.scheduling.nodeSelector = Map.of("disktype", "none-has-it");
        });
    cluster.await(
        "the rollout paused",
        SETTLE,
        () -> {
          StoreClusterStatus s = cluster.status();
          return s.rollout != null && "Paused".equals(s.rollout.step);
        });
    StoreClusterStatus paused = cluster.status();
    String stuck = paused.rollout.node;
    assertThat(paused.rollout.message)
        .as("names the node and the scheduler's reason")
        .contains(stuck)
        .contains("Pending")
        .contains("node affinity/selector");
    assertThat(paused.conditions)
        .anySatisfy(
            c -> {
              assertThat(c.type).isEqualTo(StoreClusterStatus.ConditionType.Progressing);
              assertThat(c.reason).isEqualTo("RolloutPaused");
            });
    uids.forEach(
        (node, uid) -> {
          if (!node.equals(stuck)) {
            assertThat(cluster.pod(node).get().getMetadata().getUid())
                .as("%s untouched while paused", node)
                .isEqualTo(uid);
          }
        });

    cluster.editSpec(
        spec -> {
          if (hadScheduling.get()) {
            spec.scheduling.nodeSelector = null;
          } else {
            spec.scheduling = null;
          }
        });
    cluster.await(
        "the rollout finished after the fix",
        SETTLE,
        () -> {
          StoreClusterStatus s = cluster.status();
          return s.rollout == null
              && s.failover == null
              && "Running".equals(String.valueOf(s.phase));
        });
    uids.forEach(
        (node, uid) -> {
          if (!node.equals(stuck)) {
            assertThat(cluster.pod(node).get().getMetadata().getUid())
                .as("%s never replaced: its revision is the fixed spec's", node)
                .isEqualTo(uid);
          }
        });
  }
}
