package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.FailoverSpec.Policy;
import io.banyan.operator.failover.Command.FailoverTo;
import io.banyan.operator.failover.Command.Fence;
import io.banyan.operator.failover.Command.Promote;
import io.banyan.operator.failover.Decision.Abandon;
import io.banyan.operator.failover.Decision.NoCandidate;
import io.banyan.operator.failover.Decision.ReportOnly;
import io.banyan.operator.failover.Decision.Start;
import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.failover.StepResult.Outcome;
import io.banyan.operator.observe.NodeObservation.Link;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 1: the API's word that a master's pod is being deleted, or is gone, is no proof
 * that its process stopped. A Terminating pod keeps its address and is judged like any other; a
 * master whose pod object vanished but whose process still answers at its last address is fenced
 * before anyone is promoted. A master whose pod is Terminating while it answers hands over by a
 * planned, zero-loss switchover ({@link FailoverReason#MasterTerminating}) before the kubelet stops
 * it; a Terminating node is never promoted.
 */
class TerminatingMasterTest {
  @Test
  void aTerminatingMasterThatAnswersIsStillTheHealthyMaster() {
    // A Terminating pod exists (ClusterResources keeps it), so its observation is an ordinary one.
    Cluster c = Cluster.threeDc();
    FailoverManager.Evaluation e = c.evaluate(MasterSuspicion.none(), T0);
    assertThat(e.detection().verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(e.decision()).isInstanceOf(Decision.NoAction.class);
  }

  @Test
  void aTerminatingMasterThatStoppedAnsweringNeedsTheReplicasAndTheTimeout() {
    // Its pod still exists: no "pod gone" shortcut; the replicas' agreement and the detection
    // timeout decide, as for a frozen master.
    Cluster c = Cluster.threeDc().freeze("jf-a-0");
    assertThat(c.evaluate(MasterSuspicion.none(), T0).detection().verdict())
        .isEqualTo(Verdict.DEGRADED); // replicas still report their link up
    c.linksDown("jf-a-0", 1000);
    Detection d = c.evaluate(MasterSuspicion.none(), T0).detection();
    assertThat(d.verdict()).isEqualTo(Verdict.SUSPECTED);
    assertThat(c.evaluate(d.suspicion(), T0.plusMillis(4999)).detection().verdict())
        .isEqualTo(Verdict.SUSPECTED);
  }

  @Test
  void aVanishedMasterWhoseProcessAnswersIsFencedBeforeThePromotion() {
    Cluster c = Cluster.threeDc();
    c.change("jf-a-0", o -> o.withoutPod()); // force-deleted, still serving at its last IP
    FailoverManager.Evaluation e = c.evaluate(MasterSuspicion.none(), T0);
    assertThat(e.detection().verdict()).isEqualTo(Verdict.FAILED);
    assertThat(e.detection().reason()).isEqualTo(FailoverReason.MasterPodGone);
    assertThat(e.detection().message()).contains("still answers");
    Start start = (Start) e.decision();
    assertThat(start.promotion().target()).isEqualTo("jf-a-1");

    StepResult r = FailoverSteps.next(start.state(), c.view(), c.pods());
    assertThat(r.state().step()).isEqualTo(FailoverStep.FENCING_OLD);
    assertThat(r.commands()).containsExactly(new Fence("jf-a-0", 2));

    // Until the fence shows, nothing is promoted; the fence is repeated.
    assertThat(FailoverSteps.next(r.state(), c.view(), c.pods()).commands())
        .containsExactly(new Fence("jf-a-0", 2));

    c.change("jf-a-0", o -> Cluster.asMaster(o, 2, true));
    StepResult promote = FailoverSteps.next(r.state(), c.view(), c.pods());
    assertThat(promote.outcome()).isEqualTo(Outcome.ACT);
    assertThat(promote.state().step()).isEqualTo(FailoverStep.PROMOTING);
    assertThat(promote.commands())
        .startsWith(new Promote("jf-a-1", 2))
        .contains(new Command.ReplicaOf("jf-b-0", "jf-a-1"));
  }

  @Test
  void aFencedEmptyMasterAtTheStatusEpochIsNoMaster() {
    // What an interrupted failover leaves: FENCING_OLD raised the restarted master's epoch to the
    // status epoch. Empty, it may not be re-admitted, so it is failed over at once.
    Cluster c = Cluster.threeDc();
    c.epoch = 2;
    c.change("jf-a-0", o -> Cluster.offset(Cluster.asMaster(o, 2, true), 0));
    c.linksDown("jf-a-0", 3000);
    FailoverManager.Evaluation e = c.evaluate(MasterSuspicion.none(), T0);
    assertThat(e.detection().reason()).isEqualTo(FailoverReason.MasterRestartedBehind);
    Start start = (Start) e.decision();
    assertThat(start.promotion().epoch()).isEqualTo(3);
    assertThat(start.promotion().target()).isEqualTo("jf-a-1");
  }

  @Test
  void aTerminatingMasterThatAnswersHandsOverByAPlannedSwitchover() {
    Cluster c = Cluster.threeDc();
    c.terminating = Set.of("jf-a-0");
    FailoverManager.Evaluation e = c.evaluate(MasterSuspicion.none(), T0);
    assertThat(e.detection().verdict()).isEqualTo(Verdict.HEALTHY); // not dead: it answers
    Start start = (Start) e.decision();
    assertThat(start.promotion().reason()).isEqualTo(FailoverReason.MasterTerminating);
    assertThat(start.promotion().switchover()).isTrue();
    assertThat(start.promotion().from()).isEqualTo("jf-a-0");
    assertThat(start.promotion().target()).isEqualTo("jf-a-1"); // the preferred zone's backup
    assertThat(start.promotion().epoch()).isEqualTo(2);
    assertThat(start.promotion().message()).contains("terminating", "jf-a-0");

    // The switchover's zero-loss steps: no fence, no catch-up; the live master's FAILOVER (writes
    // paused, target caught up to its offset, hand-over), then the target admitted at epoch + 1.
    StepResult r = FailoverSteps.next(start.state(), c.view(), c.pods());
    assertThat(r.state().step()).isEqualTo(FailoverStep.PROMOTING);
    assertThat(r.commands()).containsExactly(new FailoverTo("jf-a-0", "jf-a-1"));
    c.change("jf-a-1", o -> Cluster.asMaster(o, 1, false));
    c.change("jf-a-0", o -> Cluster.follow(o, c.addresses.get("jf-a-1")));
    r = FailoverSteps.next(r.state(), c.view(), c.pods());
    assertThat(r.commands()).containsExactly(new Promote("jf-a-1", 2));
    c.change("jf-a-1", o -> Cluster.asMaster(o, 2, false));
    r = FailoverSteps.next(r.state(), c.view(), c.pods());
    assertThat(r.state().step()).isEqualTo(FailoverStep.REPARENTING);
    assertThat(r.commands()).contains(new Command.ReplicaOf("jf-b-0", "jf-a-1"));
    assertThat(r.commands()).noneMatch(cmd -> cmd instanceof Fence);
  }

  @Test
  void theTakeOverIsTheMostAdvancedInSyncBackupOfAnyZone() {
    Cluster c = Cluster.threeDc();
    c.terminating = Set.of("jf-a-0");
    c.change("jf-a-1", o -> Cluster.link(o, Link.SYNCING, 100)); // not in sync: never chosen
    Start start = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(start.promotion().target()).isEqualTo("jf-b-0");
    assertThat(start.promotion().reason()).isEqualTo(FailoverReason.MasterTerminating);
  }

  @Test
  void aTerminatingBackupIsNeverChosenNorPromoted() {
    Cluster c = Cluster.threeDc();
    c.terminating = Set.of("jf-a-0", "jf-a-1"); // a drain of the whole machine
    c.offset("jf-a-1", 2000); // even though it is the furthest
    Start planned = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(planned.promotion().target()).isEqualTo("jf-b-0");

    // Nor by an unplanned failover.
    c.delete("jf-a-0").offset("jf-a-1", 1000);
    Start failover = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(failover.promotion().reason()).isEqualTo(FailoverReason.MasterPodGone);
    assertThat(failover.promotion().target()).isEqualTo("jf-b-0");
  }

  @Test
  void withoutASafeCandidateNothingSpecialHappensAndTheReasonIsReported() {
    Cluster c = Cluster.threeDc();
    c.terminating = Set.of("jf-a-0");
    c.change("jf-a-1", o -> Cluster.link(o, Link.SYNCING, 100));
    c.freeze("jf-b-0");
    FailoverManager.Evaluation e = c.evaluate(MasterSuspicion.none(), T0);
    NoCandidate n = (NoCandidate) e.decision();
    assertThat(n.reason()).isEqualTo(FailoverReason.MasterTerminating);
    assertThat(n.message())
        .contains("terminating", "jf-a-1: not a linked replica", "jf-b-0: unreachable");

    // When it stops answering, the usual detection takes over: no shortcut from the deletion.
    c.freeze("jf-a-0").linksDown("jf-a-0", 100);
    assertThat(c.evaluate(MasterSuspicion.none(), T0).detection().verdict())
        .isEqualTo(Verdict.SUSPECTED);
  }

  @Test
  void manualPolicyOnlyReportsTheHandOver() {
    Cluster c = Cluster.threeDc();
    c.spec.failover.policy = Policy.Manual;
    c.terminating = Set.of("jf-a-0");
    ReportOnly r = (ReportOnly) c.evaluate(MasterSuspicion.none(), T0).decision();
    assertThat(r.reason()).isEqualTo(FailoverReason.MasterTerminating);
    assertThat(r.wouldPromote().target()).isEqualTo("jf-a-1");
  }

  @Test
  void aTargetWhosePodStartsTerminatingBeforeThePromotionIsGivenUp() {
    Cluster c = Cluster.threeDc();
    c.terminating = Set.of("jf-a-0");
    Start start = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    c.inProgress = start.state();
    c.terminating = Set.of("jf-a-0", "jf-a-1");
    Abandon a = (Abandon) c.evaluate(MasterSuspicion.none(), T0.plusMillis(100)).decision();
    assertThat(a.why()).contains("jf-a-1 pod terminating");
    assertThat(a.epoch()).isEqualTo(2);
    // The reconcile re-admits the old master at the status epoch; the next round hands over again,
    // to a node that is not leaving.
    c.inProgress = null;
    c.epoch = a.epoch();
    c.change("jf-a-0", o -> Cluster.asMaster(o, 2, false));
    Start again = (Start) c.evaluate(MasterSuspicion.none(), T0.plusMillis(200)).decision();
    assertThat(again.promotion().target()).isEqualTo("jf-b-0");
    assertThat(again.promotion().epoch()).isEqualTo(3);
  }

  @Test
  void theHandOverCompletesWhenTheOldMasterStopsRightAfterSteppingDown() {
    // The preStop hook lets SIGTERM through as soon as the node is no longer a writable master, so
    // the old master may be gone before any probe saw it as a replica.
    Cluster c = Cluster.threeDc();
    c.terminating = Set.of("jf-a-0");
    Start start = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    StepResult r = FailoverSteps.next(start.state(), c.view(), c.pods());
    assertThat(r.commands()).containsExactly(new FailoverTo("jf-a-0", "jf-a-1"));
    c.change("jf-a-1", o -> Cluster.asMaster(o, 1, false));
    c.freeze("jf-a-0");
    r = FailoverSteps.next(r.state(), c.view(), c.pods());
    assertThat(r.outcome()).isEqualTo(Outcome.ACT);
    assertThat(r.commands()).containsExactly(new Promote("jf-a-1", 2));

    // A target that reports MASTER only because it restarted (fenced) proves nothing.
    c.change("jf-a-1", o -> Cluster.asMaster(o, 1, true));
    assertThat(FailoverSteps.next(r.state(), c.view(), c.pods()).outcome())
        .isEqualTo(Outcome.ABANDON);
    // Nor does anything but a leaving old master: one that merely stopped answering may not have
    // handed over at all.
    c.change("jf-a-1", o -> Cluster.asMaster(o, 1, false));
    c.terminating = Set.of();
    assertThat(FailoverSteps.next(r.state(), c.view(), c.pods()).outcome())
        .isEqualTo(Outcome.ABANDON);
  }

  @Test
  void anOldMasterSeenAsTheTargetsReplicaBeforeTheTargetIsSeenPromotedIsWaitedFor() {
    // One round probes the target just before the FAILOVER promotes it and the old master just
    // after it stepped down: a hand-over in progress, not a lost master.
    Cluster c = Cluster.threeDc();
    c.terminating = Set.of("jf-a-0");
    Start start = (Start) c.evaluate(MasterSuspicion.none(), T0).decision();
    StepResult r = FailoverSteps.next(start.state(), c.view(), c.pods());
    c.change("jf-a-0", o -> Cluster.follow(o, c.addresses.get("jf-a-1")));
    StepResult wait = FailoverSteps.next(r.state(), c.view(), c.pods());
    assertThat(wait.outcome()).isEqualTo(Outcome.ACT);
    assertThat(wait.commands()).isEmpty();
    assertThat(wait.message()).contains("handed over");

    c.change("jf-a-1", o -> Cluster.asMaster(o, 1, false));
    assertThat(FailoverSteps.next(r.state(), c.view(), c.pods()).commands())
        .containsExactly(new Promote("jf-a-1", 2));

    // A replica of anything else is an interrupted switchover: decided again.
    c.change("jf-a-1", o -> Cluster.follow(o, c.addresses.get("jf-a-0")));
    c.change("jf-a-0", o -> Cluster.follow(o, c.addresses.get("jf-b-0")));
    assertThat(FailoverSteps.next(r.state(), c.view(), c.pods()).outcome())
        .isEqualTo(Outcome.ABANDON);
  }
}
