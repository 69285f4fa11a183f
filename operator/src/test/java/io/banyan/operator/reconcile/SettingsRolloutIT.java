package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.AppliedSettings;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.testing.MockApi;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 2: a new detection timeout never leaves a node's lag bounds above the timeout the
 * operator judges with. {@link SettingsRollout} against two {@link FakeNode}s (real sockets on
 * loopback addresses; the mock API server only receives the Events): a lowered timeout is recorded
 * — and so used for judging — only once every reachable node and the master took the shorter
 * bounds; a raised one judges with the longer timeout from the start; a node that was unreachable
 * or restarted is given the settings when it answers.
 */
class SettingsRolloutIT {
  /**
   * Each test gets its own addresses: a listening socket closed while its accepting virtual thread
   * is blocked is released only once that thread wakes up, so the next test could not bind it yet.
   */
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_IP =
      new java.util.concurrent.atomic.AtomicInteger(1);

  private static MockApi api;
  private FakeNode master;
  private FakeNode backup;
  private final ClusterMemory memory = new ClusterMemory();
  private ClusterEvents events;
  private NodeCommands commands;

  @BeforeAll
  static void startApi() {
    api = MockApi.start();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @BeforeEach
  void startNodes() throws Exception {
    String masterIp = "127.61.41." + NEXT_IP.getAndIncrement();
    String backupIp = "127.61.41." + NEXT_IP.getAndIncrement();
    master = new FakeNode(masterIp);
    backup = new FakeNode(backupIp);
    events = new ClusterEvents(api.client());
    commands =
        new NodeCommands(
            new NodeConnector(2000), Map.of("a-0", masterIp, "a-1", backupIp), (String) null);
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (FakeNode n : new FakeNode[] {master, backup}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void aLowerTimeoutIsRecordedOnlyOnceEveryReachableNodeAndTheMasterTookIt() {
    StoreCluster sc = cluster(5000, DerivedSettings.record(DerivedSettingsTest.spec(5000, 1), 1));
    sc.getSpec().failover.detectionTimeoutMillis = 3000;

    // The master does not answer: the backup is given the shorter bounds, nothing is recorded, and
    // the old (longer) timeout keeps judging.
    AppliedSettings record = round(sc, reachable("a-1", "run-b1"));
    assertThat(backup.config).containsEntry("repl-timeout", "2");
    assertThat(master.config).isEmpty();
    assertThat(record).isNull();
    assertThat(DerivedSettings.judgingDetectionMillis(sc.getSpec(), sc.getStatus().appliedSettings))
        .isEqualTo(5000);

    // The master answers again: given them, then recorded; the backup is not told twice.
    backup.config.clear();
    record = round(sc, reachable("a-0", "run-m1", "a-1", "run-b1"));
    assertThat(master.config).containsEntry("repl-timeout", "2");
    assertThat(backup.config).isEmpty();
    assertThat(record).isNotNull();
    assertThat(record.detectionTimeoutMillis).isEqualTo(3000);
    assertThat(DerivedSettings.judgingDetectionMillis(sc.getSpec(), record)).isEqualTo(3000);
  }

  @Test
  void aRefusingNodeKeepsTheLongerTimeoutJudging() {
    StoreCluster sc = cluster(5000, DerivedSettings.record(DerivedSettingsTest.spec(5000, 1), 1));
    sc.getSpec().failover.detectionTimeoutMillis = 3000;
    backup.configSetError = "busy";
    AppliedSettings record = round(sc, reachable("a-0", "run-m1", "a-1", "run-b1"));
    assertThat(master.config).containsEntry("repl-timeout", "2");
    assertThat(record).isNull();
    assertThat(DerivedSettings.judgingDetectionMillis(sc.getSpec(), sc.getStatus().appliedSettings))
        .isEqualTo(5000);
  }

  @Test
  void aRaisedTimeoutJudgesWithTheLongerOneBeforeAnyNodeHasTheLongerBounds() {
    StoreCluster sc = cluster(3000, DerivedSettings.record(DerivedSettingsTest.spec(3000, 1), 1));
    sc.getSpec().failover.detectionTimeoutMillis = 10_000;
    // Before this round pushes anything, the decisions already use 10 s.
    assertThat(DerivedSettings.judgingDetectionMillis(sc.getSpec(), sc.getStatus().appliedSettings))
        .isEqualTo(10_000);
    backup.configSetError = "busy";
    AppliedSettings record = round(sc, reachable("a-0", "run-m1", "a-1", "run-b1"));
    assertThat(master.config).containsEntry("repl-timeout", "8");
    assertThat(record).isNull();
    // Still pending (the backup has the 3 s bounds): 10 s judges, above every node's bounds.
    assertThat(DerivedSettings.judgingDetectionMillis(sc.getSpec(), sc.getStatus().appliedSettings))
        .isEqualTo(10_000);
  }

  @Test
  void aRestartedNodeIsGivenTheSettingsAgainAndAnUnchangedOneIsLeftAlone() {
    StoreClusterSpec spec = DerivedSettingsTest.spec(3000, 1);
    StoreCluster sc = cluster(3000, DerivedSettings.record(spec, 1));
    round(sc, reachable("a-0", "run-m1", "a-1", "run-b1")); // once per process
    assertThat(backup.config).containsEntry("repl-timeout", "2");
    master.config.clear();
    backup.config.clear();

    round(sc, reachable("a-0", "run-m1", "a-1", "run-b1"));
    assertThat(master.config).as("nothing changed: nothing sent").isEmpty();
    assertThat(backup.config).isEmpty();

    round(sc, reachable("a-0", "run-m1", "a-1", "run-b2")); // the backup's process restarted
    assertThat(backup.config).containsEntry("repl-timeout", "2");
    assertThat(master.config).isEmpty();
  }

  @Test
  void goingBackToTheRecordedValuesAfterAPartialPushPushesThemAgain() {
    StoreCluster sc = cluster(5000, DerivedSettings.record(DerivedSettingsTest.spec(5000, 1), 1));
    round(sc, reachable("a-0", "run-m1", "a-1", "run-b1"));
    sc.getSpec().failover.detectionTimeoutMillis = 3000;
    backup.configSetError = "busy";
    round(sc, reachable("a-0", "run-m1", "a-1", "run-b1"));
    assertThat(master.config).containsEntry("repl-timeout", "2");

    sc.getSpec().failover.detectionTimeoutMillis = 5000; // back to what status records
    backup.configSetError = null;
    round(sc, reachable("a-0", "run-m1", "a-1", "run-b1"));
    assertThat(master.config).containsEntry("repl-timeout", "3");
    assertThat(backup.config).containsEntry("repl-timeout", "3");
  }

  private AppliedSettings round(StoreCluster sc, Map<String, NodeObservation> observations) {
    List<DesiredTree.Node> tree = DesiredTree.of(sc.getSpec());
    return SettingsRollout.run(sc, tree, observations, commands, events, memory, 2);
  }

  private static StoreCluster cluster(int recordedTimeout, AppliedSettings recorded) {
    StoreCluster sc = new StoreCluster();
    sc.getMetadata().setName("settings");
    sc.getMetadata().setNamespace("settings-" + UUID.randomUUID().toString().substring(0, 8));
    sc.getMetadata().setUid(UUID.randomUUID().toString());
    sc.setSpec(DerivedSettingsTest.spec(recordedTimeout, 1));
    sc.setStatus(new StoreClusterStatus());
    sc.getStatus().currentMaster = "a-0";
    sc.getStatus().appliedSettings = recorded;
    return sc;
  }

  /** Node, run id, node, run id...: these answer; the others do not. */
  private static Map<String, NodeObservation> reachable(String... nodeAndRunId) {
    Map<String, NodeObservation> obs = new HashMap<>();
    obs.put("a-0", NodeObservation.unreachable("a-0", true));
    obs.put("a-1", NodeObservation.unreachable("a-1", true));
    for (int i = 0; i < nodeAndRunId.length; i += 2) {
      String node = nodeAndRunId[i];
      Role role = node.equals("a-0") ? Role.MASTER : Role.REPLICA;
      obs.put(
          node,
          NodeObservation.of(node)
              .role(role)
              .epoch(1)
              .replid("r")
              .runId(nodeAndRunId[i + 1])
              .build());
    }
    return obs;
  }
}
