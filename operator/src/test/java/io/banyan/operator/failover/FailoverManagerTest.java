package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.failover.Command.ReplicaOf;
import io.banyan.operator.failover.Decision.Abandon;
import io.banyan.operator.failover.Decision.Continue;
import io.banyan.operator.failover.Decision.NoAction;
import io.banyan.operator.failover.Decision.NoCandidate;
import io.banyan.operator.failover.Decision.ReportOnly;
import io.banyan.operator.failover.Decision.Start;
import io.banyan.operator.failover.FailoverManager.Evaluation;
import io.banyan.operator.observe.NodeObservation.Link;
import org.junit.jupiter.api.Test;

class FailoverManagerTest {
  static final MasterSuspicion SINCE_T0 = new MasterSuspicion("jf-a-0", T0);

  static Cluster masterKilled() {
    return Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 5000);
  }

  @Test
  void healthyClusterNeedsNothing() {
    Evaluation e = Cluster.threeDc().evaluate(MasterSuspicion.none(), T0);
    assertThat(e.decision()).isInstanceOf(NoAction.class);
  }

  @Test
  void suspectedMasterIsNotFailedOverYet() {
    Evaluation e = masterKilled().evaluate(SINCE_T0, T0.plusMillis(4999));
    assertThat(e.decision()).isInstanceOf(NoAction.class);
    assertThat(e.detection().suspicion()).isEqualTo(SINCE_T0);
  }

  @Test
  void masterKillStartsAFailoverToTheSameZoneBackupAtTheNextEpoch() {
    Evaluation e = masterKilled().evaluate(SINCE_T0, T0.plusMillis(5000));
    Start start = (Start) e.decision();
    Promotion p = start.promotion();
    assertThat(p.from()).isEqualTo("jf-a-0");
    assertThat(p.target()).isEqualTo("jf-a-1");
    assertThat(p.epoch()).isEqualTo(2);
    assertThat(p.reason()).isEqualTo(FailoverReason.MasterUnreachable);
    assertThat(p.catchUpFrom()).isNull();
    assertThat(p.plan()).isEqualTo(ReparentPlan.plan(Cluster.threeDc().tree, "jf-a-1"));
    assertThat(start.state().step()).isEqualTo(FailoverStep.DECIDED);
    assertThat(start.state().startedAt()).isEqualTo(T0.plusMillis(5000));
  }

  @Test
  void podGoneFailsOverWithoutWaiting() {
    Cluster c = Cluster.threeDc().delete("jf-a-0").linksDown("jf-a-0", 10);
    Start start = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(start.promotion().reason()).isEqualTo(FailoverReason.MasterPodGone);
    assertThat(start.promotion().target()).isEqualTo("jf-a-1");
  }

  @Test
  void zoneLossPromotesInTheNextZone() {
    Cluster c = Cluster.threeDc().zoneDown("jf-a").linksDown("jf-a-0", 5000);
    Start start = (Start) c.evaluate(SINCE_T0, T0.plusMillis(5000)).decision();
    assertThat(start.promotion().reason()).isEqualTo(FailoverReason.ZoneLost);
    assertThat(start.promotion().target()).isEqualTo("jf-b-0");
  }

  @Test
  void manualPolicyOnlyReports() {
    Cluster c = masterKilled();
    c.spec.failover.policy = FailoverSpec.Policy.Manual;
    ReportOnly r = (ReportOnly) c.evaluate(SINCE_T0, T0.plusMillis(5000)).decision();
    assertThat(r.reason()).isEqualTo(FailoverReason.MasterUnreachable);
    assertThat(r.wouldPromote().target()).isEqualTo("jf-a-1");
    assertThat(r.message()).contains("Manual");
  }

  @Test
  void noCandidateLeavesTheClusterMasterlessAndSaysWhy() {
    Cluster helper = Cluster.helperTree().delete("dc1-0").linksDown("dc1-0", 10);
    NoCandidate n = (NoCandidate) helper.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(n.reason()).isEqualTo(FailoverReason.MasterPodGone);
    assertThat(n.excluded()).isEmpty();
    assertThat(n.message()).contains("no master-eligible node besides dc1-0");

    Cluster c = masterKilled().freeze("jf-a-1").freeze("jf-b-0");
    NoCandidate none = (NoCandidate) c.evaluate(SINCE_T0, T0.plusMillis(5000)).decision();
    assertThat(none.message()).contains("jf-a-1: unreachable", "jf-b-0: unreachable");
  }

  @Test
  void replicasDisagreeingMeansNoFailover() {
    Cluster c = Cluster.threeDc().freeze("jf-a-0"); // links still up
    assertThat(c.evaluate(SINCE_T0, T0.plusMillis(60000)).decision()).isInstanceOf(NoAction.class);
  }

  @Test
  void restartedOperatorContinuesTheSameFailover() {
    Cluster c = masterKilled();
    Start start = (Start) c.evaluate(SINCE_T0, T0.plusMillis(5000)).decision();
    // Persisted, then the operator restarts: no suspicion in memory, and meanwhile jf-b-0 got
    // ahead of jf-a-1 — a fresh decision would differ, the running one must not change.
    c.inProgress = FailoverState.fromStatus(start.state().toStatus());
    c.epoch = start.promotion().epoch();
    c.offset("jf-b-0", 5000);
    Continue cont = (Continue) c.evaluate(MasterSuspicion.none(), T0.plusMillis(6000)).decision();
    assertThat(cont.step().state().target()).isEqualTo("jf-a-1");
    assertThat(cont.step().state().epoch()).isEqualTo(2);
  }

  @Test
  void lostTargetIsAbandonedAndANewFailoverGetsTheNextEpoch() {
    Cluster c = masterKilled();
    Start start = (Start) c.evaluate(SINCE_T0, T0.plusMillis(5000)).decision();
    c.inProgress = start.state();
    c.epoch = 2;
    c.freeze("jf-a-1");
    Abandon a = (Abandon) c.evaluate(SINCE_T0, T0.plusMillis(7000)).decision();
    assertThat(a.abandoned().target()).isEqualTo("jf-a-1");
    Start again = (Start) a.next();
    assertThat(again.promotion().target()).isEqualTo("jf-b-0");
    assertThat(again.promotion().epoch()).isEqualTo(3);
    assertThat(again.promotion().from()).isEqualTo("jf-a-0");
  }

  @Test
  void catchUpIsPartOfTheDecision() {
    Cluster c = masterKilled();
    c.tree.forEach(n -> c.offset(n.name(), 800));
    c.offset("jf-a-1", 900).offset("jf-b-s2", 1000); // a deep chain member is furthest
    Start start = (Start) c.evaluate(SINCE_T0, T0.plusMillis(5000)).decision();
    assertThat(start.promotion().catchUpFrom()).isEqualTo("jf-b-s2");
    assertThat(start.promotion().requiredOffset()).isEqualTo(1000);
    c.inProgress = start.state();
    Continue cont = (Continue) c.evaluate(SINCE_T0, T0.plusMillis(5100)).decision();
    assertThat(cont.step().commands()).containsExactly(new ReplicaOf("jf-a-1", "jf-b-s2"));
  }

  @Test
  void healthyMasterOutsideThePreferredZoneIsSwitchedOver() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    Start start = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(start.promotion().reason()).isEqualTo(FailoverReason.Switchover);
    assertThat(start.promotion().target()).isEqualTo("jf-a-0");
    assertThat(start.promotion().from()).isEqualTo("jf-b-0");
    assertThat(start.promotion().epoch()).isEqualTo(3);
    assertThat(start.promotion().switchover()).isTrue();
  }

  @Test
  void switchoverWithoutACaughtUpCandidateIsReported() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    c.change("jf-a-0", o -> Cluster.link(o, Link.SYNCING, 100));
    c.freeze("jf-a-1");
    NoCandidate n = (NoCandidate) c.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(n.reason()).isEqualTo(FailoverReason.Switchover);
    assertThat(n.message()).contains("prefers jf-a", "jf-a-0: not a linked replica");
  }

  @Test
  void noSwitchoverWhileDegraded() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    c.linksDown("jf-b-0", 1000);
    assertThat(c.evaluate(MasterSuspicion.none(), T0).decision()).isInstanceOf(NoAction.class);
  }

  @Test
  void writeQuorumShortfallIsMentioned() {
    Cluster c = masterKilled();
    c.spec.replication.writeQuorum = 9;
    Start start = (Start) c.evaluate(SINCE_T0, T0.plusMillis(5000)).decision();
    assertThat(start.promotion().message()).contains("writeQuorum 9");
  }
}
