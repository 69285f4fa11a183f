package io.banyan.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreClusterStatus.RolloutStatus;
import io.banyan.operator.api.UpdateStrategySpec;
import io.banyan.operator.model.DesiredTree.InitialRole;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.rollout.RolloutPlanner.NodeState;
import io.banyan.operator.rollout.RolloutPlanner.Plan;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

  // m: master; b1 (same zone) and b2 (other zone): backups; h: chain head; l: its leaf.
  private static final List<Node> TREE =
      List.of(
          new Node("a-0", "a", null, InitialRole.MASTER),
          new Node("a-1", "a", "a-0", InitialRole.MASTER_BACKUP),
          new Node("b-1", "b", "a-0", InitialRole.MASTER_BACKUP),
          new Node("a-s1", "a", "a-0", InitialRole.REPLICA),
          new Node("a-s2", "a", "a-s1", InitialRole.REPLICA));
  private static final Map<String, String> PARENTS =
      Map.of("a-1", "a-0", "b-1", "a-0", "a-s1", "a-0", "a-s2", "a-s1");

  private final Map<String, NodeState> nodes = new HashMap<>();
  private UpdateStrategySpec strategy = new UpdateStrategySpec();
  private String approved;
  private RolloutStatus previous;
  private boolean failover;
  private Instant now = NOW;

  RolloutPlannerTest() {
    for (Node n : TREE) {
      current(n.name());
    }
  }

  private void current(String node) {
    nodes.put(node, new NodeState("new", "new", true, false, null));
  }

  private void outdated(String node) {
    nodes.put(node, new NodeState("new", "old", true, false, null));
  }

  private void unhealthy(String node, String revision, String why) {
    nodes.put(node, new NodeState("new", revision, true, false, why));
  }

  private Plan plan() {
    Plan p =
        RolloutPlanner.plan(
            new RolloutPlanner.Inputs(
                TREE, PARENTS, "a-0", nodes, failover, strategy, approved, previous, now));
    previous = p.status();
    return p;
  }

  @Test
  void nothingOutdatedIsDone() {
    assertThat(plan()).isInstanceOf(RolloutPlanner.Done.class);
    assertThat(previous).isNull();
  }

  @Test
  void leavesFirstThenChainHeadsThenBackupsThenTheMasterBySwitchover() {
    TREE.forEach(n -> outdated(n.name()));
    List<String> order = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Plan p = plan();
      assertThat(p).isInstanceOf(RolloutPlanner.Replace.class);
      String node = ((RolloutPlanner.Replace) p).node();
      order.add(node);
      current(node); // replaced and back in place
    }
    assertThat(order).containsExactly("a-s2", "a-s1", "a-1", "b-1");
    Plan last = plan();
    assertThat(last).isInstanceOf(RolloutPlanner.MoveMaster.class);
    assertThat(last.status().node).isEqualTo("a-0");
    assertThat(last.status().updated).isEqualTo("4/5");
  }

  @Test
  void waitsWhileTheReplacedNodeIsNotBackAndPausesAfterTheStepTimeout() {
    outdated("a-s2");
    outdated("a-s1");
    assertThat(((RolloutPlanner.Replace) plan()).node()).isEqualTo("a-s2");
    unhealthy("a-s2", "new", "not linked (role REPLICA, link DOWN)");
    now = NOW.plusSeconds(599);
    Plan waiting = plan();
    assertThat(waiting).isInstanceOf(RolloutPlanner.Hold.class);
    assertThat(waiting.status().step).isEqualTo("WaitingForNode");
    assertThat(waiting.status().since).isEqualTo(NOW.toString());
    now = NOW.plusSeconds(600);
    Plan paused = plan();
    assertThat(paused).isInstanceOf(RolloutPlanner.Hold.class);
    assertThat(paused.status().step).isEqualTo("Paused");
    assertThat(paused.status().message)
        .contains("a-s2 has not come back")
        .contains("600 s")
        .contains("link DOWN");
    current("a-s2"); // it came back: the rollout resumes by itself
    assertThat(((RolloutPlanner.Replace) plan()).node()).isEqualTo("a-s1");
  }

  @Test
  void anUnhealthyNodeThatTheRolloutDidNotTouchBlocksTheNextStep() {
    outdated("a-s2");
    unhealthy("b-1", "new", "not answering");
    Plan p = plan();
    assertThat(p).isInstanceOf(RolloutPlanner.Hold.class);
    assertThat(p.status().message).contains("b-1: not answering");
  }

  @Test
  void theOnlyUnhealthyNodeIsReplacedWhenItIsOutdatedSoABadRevisionRollsForward() {
    outdated("a-s2");
    unhealthy("a-s1", "old", "not answering");
    Plan p = plan();
    assertThat(p).isInstanceOf(RolloutPlanner.Replace.class);
    assertThat(((RolloutPlanner.Replace) p).node()).isEqualTo("a-s1");
  }

  @Test
  void anUnhealthyOutdatedMasterIsNeverDeletedByTheRollout() {
    unhealthy("a-0", "old", "not answering");
    assertThat(plan()).isInstanceOf(RolloutPlanner.Hold.class);
  }

  @Test
  void nothingIsReplacedDuringAFailover() {
    outdated("a-s2");
    failover = true;
    assertThat(plan()).isInstanceOf(RolloutPlanner.Hold.class);
  }

  @Test
  void aSupervisedRolloutWaitsForTheApprovalOfThisRevisionBeforeTheMaster() {
    strategy.type = UpdateStrategySpec.Type.Supervised;
    outdated("a-0");
    Plan p = plan();
    assertThat(p).isInstanceOf(RolloutPlanner.Hold.class);
    assertThat(p.status().step).isEqualTo("AwaitingApproval");
    String revision = p.status().revision;
    assertThat(p.status().message)
        .contains(UpdateStrategySpec.APPROVAL_ANNOTATION + "=" + revision);
    approved = "an-older-revision";
    assertThat(plan()).isInstanceOf(RolloutPlanner.Hold.class);
    approved = revision;
    assertThat(plan()).isInstanceOf(RolloutPlanner.MoveMaster.class);
  }

  @Test
  void aMasterWithoutAnyBackupIsRestartedInPlace() {
    Map<String, NodeState> single = Map.of("a-0", new NodeState("new", "old", true, false, null));
    Plan p =
        RolloutPlanner.plan(
            new RolloutPlanner.Inputs(
                List.of(TREE.get(0)), Map.of(), "a-0", single, false, null, null, null, NOW));
    assertThat(p).isInstanceOf(RolloutPlanner.Replace.class);
    assertThat(p.status().message).contains("no other master-eligible node");
  }

  @Test
  void aPodWithoutRevisionCountsAsOutdated() {
    nodes.put("a-s2", new NodeState("new", null, true, false, null));
    assertThat(((RolloutPlanner.Replace) plan()).node()).isEqualTo("a-s2");
  }

  @Test
  void theClusterRevisionChangesWithAnyNodesRevision() {
    String before = RolloutPlanner.clusterRevision(nodes);
    nodes.put("a-s2", new NodeState("newer", "new", true, false, null));
    assertThat(RolloutPlanner.clusterRevision(nodes)).isNotEqualTo(before);
  }
}
