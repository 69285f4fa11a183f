package io.banyan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.ConditionStatus;
import io.banyan.operator.api.StoreClusterStatus.ConditionType;
import io.banyan.operator.api.StoreClusterStatus.LinkState;
import io.banyan.operator.api.StoreClusterStatus.Phase;
import io.banyan.operator.model.DesiredTree.InitialRole;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
  private static final List<Node> TREE =
      List.of(
          new Node("a-0", "a", null, InitialRole.MASTER),
          new Node("a-1", "a", "a-0", InitialRole.MASTER_BACKUP),
          new Node("a-s1", "a", "a-0", InitialRole.REPLICA));
  private static final Map<String, String> IPS =
      Map.of("a-0", "10.0.0.1", "a-1", "10.0.0.2", "a-s1", "10.0.0.3");

  private static NodeObservation master(long offset) {
    return NodeObservation.of("a-0")
        .role(Role.MASTER)
        .epoch(1)
        .offset(offset)
        .replid("r")
        .connectedReplicas(2)
        .build();
  }

  private static NodeObservation replica(String name, long offset, Link link) {
    return NodeObservation.of(name)
        .role(Role.REPLICA)
        .epoch(1)
        .masterAddress("10.0.0.1:6379")
        .link(link)
        .offset(offset)
        .replid("r")
        .build();
  }

  private static StoreClusterStatus running() {
    StoreClusterStatus s = new StoreClusterStatus();
    s.currentMaster = "a-0";
    s.epoch = 1L;
    return s;
  }

  private static StoreClusterStatus aggregate(
      StoreClusterStatus previous, Map<String, NodeObservation> obs, String now) {
    return StatusAggregator.aggregate(
        new StatusAggregator.Inputs(7, TREE, obs, IPS, previous, false, null, null, now));
  }

  @Test
  void aHealthyTreeIsRunningWithParentsOffsetsAndLag() {
    StoreClusterStatus s =
        aggregate(
            running(),
            Map.of(
                "a-0", master(1000),
                "a-1", replica("a-1", 1000, Link.UP),
                "a-s1", replica("a-s1", 900, Link.UP)),
            "t1");
    assertThat(s.phase).isEqualTo(Phase.Running);
    assertThat(s.readyNodes).isEqualTo("3/3");
    assertThat(s.observedGeneration).isEqualTo(7);
    assertThat(s.nodes.get(2).parent).isEqualTo("a-0");
    assertThat(s.nodes.get(2).lag).isEqualTo(100);
    assertThat(s.nodes.get(2).address).isEqualTo("10.0.0.3:6379");
    assertThat(s.nodes.get(0).linkState).isEqualTo(LinkState.none);
    assertThat(Conditions.find(s.conditions, ConditionType.Ready).status)
        .isEqualTo(ConditionStatus.True);
    assertThat(Conditions.find(s.conditions, ConditionType.Degraded).status)
        .isEqualTo(ConditionStatus.False);
  }

  @Test
  void anUnreachableReplicaDegradesButKeepsTheClusterReady() {
    StoreClusterStatus s =
        aggregate(
            running(),
            Map.of(
                "a-0", master(1000),
                "a-1", replica("a-1", 1000, Link.UP),
                "a-s1", NodeObservation.unreachable("a-s1", true)),
            "t1");
    assertThat(s.phase).isEqualTo(Phase.Degraded);
    assertThat(s.readyNodes).isEqualTo("2/3");
    assertThat(Conditions.find(s.conditions, ConditionType.Ready).reason).isEqualTo("MasterReady");
    assertThat(Conditions.find(s.conditions, ConditionType.Degraded).message).contains("a-s1");
    assertThat(s.nodes.get(2).reachable).isFalse();
  }

  @Test
  void transitionTimesChangeOnlyWhenAConditionFlips() {
    Map<String, NodeObservation> healthy =
        Map.of(
            "a-0", master(10),
            "a-1", replica("a-1", 10, Link.UP),
            "a-s1", replica("a-s1", 10, Link.UP));
    StoreClusterStatus first = aggregate(running(), healthy, "t1");
    StoreClusterStatus second = aggregate(first, healthy, "t2");
    assertThat(Conditions.find(second.conditions, ConditionType.Ready).lastTransitionTime)
        .isEqualTo("t1");
    Map<String, NodeObservation> broken =
        Map.of(
            "a-0", master(10),
            "a-1", replica("a-1", 10, Link.DOWN),
            "a-s1", replica("a-s1", 10, Link.UP));
    StoreClusterStatus third = aggregate(second, broken, "t3");
    assertThat(Conditions.find(third.conditions, ConditionType.Degraded).lastTransitionTime)
        .isEqualTo("t3");
    assertThat(Conditions.find(third.conditions, ConditionType.Ready).lastTransitionTime)
        .as("Ready stayed True")
        .isEqualTo("t1");
  }

  @Test
  void aHealthyTreeWhoseOffsetsMovedAggregatesToNothingWorthWriting() {
    StoreClusterStatus first =
        aggregate(
            running(),
            Map.of(
                "a-0", master(1000),
                "a-1", replica("a-1", 1000, Link.UP),
                "a-s1", replica("a-s1", 986, Link.UP)),
            "t1");
    StoreClusterStatus later =
        aggregate(
            first,
            Map.of(
                "a-0", master(9014),
                "a-1", replica("a-1", 9000, Link.UP),
                "a-s1", replica("a-s1", 9014, Link.UP)),
            "t2");
    assertThat(later.nodes.get(1).lag).as("the aggregate itself is fresh").isEqualTo(14);
    assertThat(StatusChange.worthWriting(first, later, Set.of(), Set.of())).isFalse();

    StoreClusterStatus broken =
        aggregate(
            later,
            Map.of(
                "a-0", master(9028),
                "a-1", replica("a-1", 9028, Link.UP),
                "a-s1", NodeObservation.unreachable("a-s1", true)),
            "t3");
    assertThat(StatusChange.worthWriting(first, broken, Set.of(), Set.of())).isTrue();
  }

  @Test
  void decisionsRecordedInStatusAreCarriedOverUntouched() {
    StoreClusterStatus previous = running();
    previous.targetMaster = "a-1";
    previous.epoch = 2L;
    previous.failover = new StoreClusterStatus.FailoverStatus();
    previous.failover.target = "a-1";
    previous.failover.step = "PROMOTING";
    StoreClusterStatus.FailoverRecord r = new StoreClusterStatus.FailoverRecord();
    r.to = "a-0";
    previous.failoverHistory.add(r);
    StoreClusterStatus s = aggregate(previous, Map.of(), "t");
    assertThat(s.failover).isSameAs(previous.failover);
    assertThat(s.targetMaster).isEqualTo("a-1");
    assertThat(s.epoch).isEqualTo(2L);
    assertThat(s.currentMaster).isEqualTo("a-0");
    assertThat(s.failoverHistory).containsExactly(r);
  }

  @Test
  void withoutAMasterYetTheClusterIsPendingThenCreating() {
    StoreClusterStatus none =
        aggregate(
            new StoreClusterStatus(),
            Map.of(
                "a-0", NodeObservation.unreachable("a-0", true),
                "a-1", NodeObservation.unreachable("a-1", true),
                "a-s1", NodeObservation.unreachable("a-s1", false)),
            "t");
    assertThat(none.phase).isEqualTo(Phase.Pending);
    assertThat(Conditions.find(none.conditions, ConditionType.Progressing).reason)
        .isEqualTo("Creating");
  }

  /** Issue 11 item 3: a derived-settings rollout shows as Progressing, and the record is kept. */
  @Test
  void aSettingsRolloutIsProgressingAndTheAppliedRecordIsCarriedOver() {
    Map<String, NodeObservation> healthy =
        Map.of(
            "a-0", master(1000),
            "a-1", replica("a-1", 1000, Link.UP),
            "a-s1", replica("a-s1", 1000, Link.UP));
    StoreClusterStatus before = aggregate(running(), healthy, "t1");
    before.appliedSettings = new StoreClusterStatus.AppliedSettings();
    before.appliedSettings.generation = 3L;
    before.appliedSettings.detectionTimeoutMillis = 5000L;

    StoreClusterStatus next = aggregate(before, healthy, "t2");
    assertThat(next.appliedSettings.generation).isEqualTo(3);
    StatusAggregator.applyingSettings(next, before.conditions, "giving them generation 7's", "t2");
    var progressing = Conditions.find(next.conditions, ConditionType.Progressing);
    assertThat(progressing.status).isEqualTo(ConditionStatus.True);
    assertThat(progressing.reason).isEqualTo("ApplyingSettings");
    assertThat(progressing.lastTransitionTime).isEqualTo("t2");
    var ready = Conditions.find(next.conditions, ConditionType.Ready);
    assertThat(ready.status).isEqualTo(ConditionStatus.True);
    assertThat(ready.lastTransitionTime).as("unchanged condition keeps its time").isEqualTo("t1");
    assertThat(next.conditions)
        .extracting(c -> c.type)
        .containsExactly(
            ConditionType.Ready,
            ConditionType.Progressing,
            ConditionType.Degraded,
            ConditionType.FailoverInProgress);
  }
}
