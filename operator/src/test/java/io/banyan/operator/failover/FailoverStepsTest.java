package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.failover.Command.FailoverTo;
import io.banyan.operator.failover.Command.Fence;
import io.banyan.operator.failover.Command.Promote;
import io.banyan.operator.failover.Command.RelabelMaster;
import io.banyan.operator.failover.Command.ReplicaOf;
import io.banyan.operator.failover.StepResult.Outcome;
import io.banyan.operator.observe.NodeObservation.Link;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailoverStepsTest {
  /** jf-a-0 failed; jf-a-1 (900) must catch up from jf-c-s1 (1000) and become master of epoch 2. */
  static Cluster failedWithCatchUp() {
    Cluster c = Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 5000);
    c.tree.forEach(n -> c.offset(n.name(), 800));
    c.offset("jf-a-1", 900).offset("jf-c-s1", 1000);
    return c;
  }

  static FailoverState decided() {
    return new FailoverState(
        FailoverStep.DECIDED,
        "jf-a-0",
        "jf-a-1",
        2,
        FailoverReason.MasterUnreachable,
        "test",
        "jf-c-s1",
        1000,
        T0);
  }

  static StepResult next(FailoverState s, Cluster c) {
    return FailoverSteps.next(s, c.view(), c.pods());
  }

  @Test
  void walksEveryStepToDone() {
    Cluster c = failedWithCatchUp();
    String target = c.addresses.get("jf-a-1");

    // Old master unreachable: nothing to fence; catch-up starts.
    StepResult r = next(decided(), c);
    assertThat(r.outcome()).isEqualTo(Outcome.ACT);
    assertThat(r.state().step()).isEqualTo(FailoverStep.CATCHING_UP);
    assertThat(r.commands()).containsExactly(new ReplicaOf("jf-a-1", "jf-c-s1"));

    // Following the source but not there yet: wait.
    c.change("jf-a-1", o -> Cluster.follow(o, c.addresses.get("jf-c-s1")));
    r = next(r.state(), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.CATCHING_UP);
    assertThat(r.commands()).isEmpty();
    assertThat(r.message()).contains("900 of 1000");

    // Caught up: promote.
    c.offset("jf-a-1", 1000);
    r = next(r.state(), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.PROMOTING);
    // The new master's replicas are re-linked in the same round, right after the promotion.
    assertThat(r.commands())
        .startsWith(new Promote("jf-a-1", 2))
        .contains(new ReplicaOf("jf-b-0", "jf-a-1"), new ReplicaOf("jf-c-s1", "jf-a-1"));

    // Promoted: re-parent the reachable direct replicas of the plan (jf-a-0 is away).
    c.change("jf-a-1", o -> Cluster.asMaster(o, 2, false));
    r = next(r.state(), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.REPARENTING);
    assertThat(r.commands())
        .containsExactly(
            new ReplicaOf("jf-a-s1", "jf-a-1"),
            new ReplicaOf("jf-b-0", "jf-a-1"),
            new ReplicaOf("jf-b-s1", "jf-a-1"),
            new ReplicaOf("jf-c-s1", "jf-a-1"));

    // Two followed already; only the others are asked again.
    c.change("jf-a-s1", o -> Cluster.follow(o, target));
    c.change("jf-b-0", o -> Cluster.follow(o, target));
    r = next(r.state(), c);
    assertThat(r.commands())
        .containsExactly(new ReplicaOf("jf-b-s1", "jf-a-1"), new ReplicaOf("jf-c-s1", "jf-a-1"));

    c.change("jf-b-s1", o -> Cluster.follow(o, target));
    c.change("jf-c-s1", o -> Cluster.follow(o, target));
    r = next(r.state(), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.RELABELING);
    assertThat(r.commands()).containsExactly(new RelabelMaster("jf-a-1"));

    c.labeledMaster = Set.of("jf-a-1");
    r = next(r.state(), c);
    assertThat(r.outcome()).isEqualTo(Outcome.DONE);
    assertThat(r.state().step()).isEqualTo(FailoverStep.DONE);
    assertThat(next(r.state(), c).outcome()).isEqualTo(Outcome.DONE);
  }

  @Test
  void nextIsIdempotent() {
    Cluster c = failedWithCatchUp();
    StepResult first = next(decided(), c);
    assertThat(next(decided(), c)).isEqualTo(first);
    // Persisting the returned state and asking again gives the same commands.
    assertThat(next(first.state(), c)).isEqualTo(first);
  }

  @Test
  void reachableOldMasterIsFencedFirst() {
    Cluster c = failedWithCatchUp();
    c.change("jf-a-0", o -> Cluster.asMaster(Cluster.offset(o, 800), 1, false));
    StepResult r = next(decided(), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.FENCING_OLD);
    assertThat(r.commands()).containsExactly(new Fence("jf-a-0", 2));

    c.change("jf-a-0", o -> Cluster.asMaster(o, 2, true));
    assertThat(next(r.state(), c).state().step()).isEqualTo(FailoverStep.CATCHING_UP);
  }

  @Test
  void oldMasterReturningUnfencedLaterIsFencedAgainAndReparented() {
    Cluster c = failedWithCatchUp();
    c.offset("jf-a-1", 1000).change("jf-a-1", o -> Cluster.asMaster(o, 2, false));
    c.change("jf-a-0", o -> Cluster.asMaster(Cluster.offset(o, 800), 1, false));
    StepResult r = next(decided().withStep(FailoverStep.REPARENTING), c);
    assertThat(r.commands()).startsWith(new Fence("jf-a-0", 2));
    assertThat(r.commands()).contains(new ReplicaOf("jf-a-0", "jf-a-1"));
  }

  @Test
  void alreadyPromotedTargetSkipsPromotion() {
    // Operator died after PROMOTE was sent but before it recorded the step: state says CATCHING_UP.
    Cluster c = failedWithCatchUp();
    c.offset("jf-a-1", 1000).change("jf-a-1", o -> Cluster.asMaster(o, 2, false));
    StepResult r = next(decided().withStep(FailoverStep.CATCHING_UP), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.REPARENTING);
    assertThat(r.commands()).noneMatch(cmd -> cmd instanceof Promote);
    assertThat(r.state().target()).isEqualTo("jf-a-1");
    assertThat(r.state().epoch()).isEqualTo(2);
  }

  @Test
  void targetThatLostDataBeforePromotionCatchesUpAgain() {
    Cluster c = failedWithCatchUp();
    c.change("jf-a-1", o -> Cluster.asMaster(Cluster.offset(o, 700), 0, true)); // restarted
    StepResult r = next(decided().withStep(FailoverStep.PROMOTING), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.PROMOTING);
    assertThat(r.commands()).containsExactly(new ReplicaOf("jf-a-1", "jf-c-s1"));
  }

  @Test
  void unreachableCatchUpSourceAbandonsSoTheChoiceIsMadeAgainAmongReachableNodes() {
    Cluster c = failedWithCatchUp().freeze("jf-c-s1");
    StepResult r = next(decided(), c);
    assertThat(r.outcome()).isEqualTo(Outcome.ABANDON);
    assertThat(r.commands()).isEmpty();
    assertThat(r.message()).contains("jf-c-s1 unreachable");
  }

  @Test
  void lostTargetAbandons() {
    Cluster c = failedWithCatchUp().freeze("jf-a-1");
    StepResult r = next(decided().withStep(FailoverStep.PROMOTING), c);
    assertThat(r.outcome()).isEqualTo(Outcome.ABANDON);
    assertThat(r.commands()).isEmpty();
    assertThat(r.message()).contains("jf-a-1 unreachable");
  }

  @Test
  void switchoverUsesFailoverThenAdmitsTheTarget() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    FailoverState s =
        new FailoverState(
            FailoverStep.DECIDED,
            "jf-b-0",
            "jf-a-0",
            3,
            FailoverReason.Switchover,
            "",
            null,
            1000,
            T0);
    StepResult r = next(s, c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.PROMOTING);
    assertThat(r.commands()).containsExactly(new FailoverTo("jf-b-0", "jf-a-0"));

    // FAILOVER done: jf-a-0 master (still epoch 2), jf-b-0 follows it.
    c.change("jf-a-0", o -> Cluster.asMaster(o, 2, false));
    c.change("jf-b-0", o -> Cluster.follow(o, c.addresses.get("jf-a-0")));
    r = next(r.state(), c);
    assertThat(r.commands()).containsExactly(new Promote("jf-a-0", 3));

    c.change("jf-a-0", o -> Cluster.asMaster(o, 3, false));
    r = next(r.state(), c);
    assertThat(r.state().step()).isEqualTo(FailoverStep.REPARENTING);
    assertThat(r.commands()).doesNotContain(new ReplicaOf("jf-b-0", "jf-a-0"));
    assertThat(r.commands()).contains(new ReplicaOf("jf-a-1", "jf-a-0"));
    assertThat(r.commands()).noneMatch(cmd -> cmd instanceof Fence);
  }

  @Test
  void switchoverWhoseMasterVanishesIsAbandoned() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    c.freeze("jf-b-0").linksDown("jf-b-0", 100);
    FailoverState s =
        new FailoverState(
            FailoverStep.PROMOTING,
            "jf-b-0",
            "jf-a-0",
            3,
            FailoverReason.Switchover,
            "",
            null,
            1000,
            T0);
    c.change("jf-a-0", o -> Cluster.link(o, Link.DOWN, 100));
    assertThat(next(s, c).outcome()).isEqualTo(Outcome.ABANDON);
  }

  @Test
  void stateSurvivesTheStatusRoundTrip() {
    FailoverState s = decided().withStep(FailoverStep.REPARENTING);
    assertThat(FailoverState.fromStatus(s.toStatus())).isEqualTo(s);
    assertThat(FailoverState.fromStatus(null)).isNull();
    FailoverState noCatchUp =
        new FailoverState(
            FailoverStep.DECIDED, "a", "b", 7, FailoverReason.ZoneLost, "m", null, 5, null);
    assertThat(FailoverState.fromStatus(noCatchUp.toStatus())).isEqualTo(noCatchUp);
  }
}
