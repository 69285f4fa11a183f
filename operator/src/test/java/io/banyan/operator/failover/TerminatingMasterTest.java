package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.failover.Command.Fence;
import io.banyan.operator.failover.Command.Promote;
import io.banyan.operator.failover.Decision.Start;
import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.failover.StepResult.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 1: the API's word that a master's pod is being deleted, or is gone, is no proof
 * that its process stopped. A Terminating pod keeps its address and is judged like any other; a
 * master whose pod object vanished but whose process still answers at its last address is fenced
 * before anyone is promoted.
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
}
