package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.failover.Decision.NoAction;
import io.banyan.operator.failover.Decision.NoCandidate;
import io.banyan.operator.failover.Decision.Start;
import io.banyan.operator.failover.FailoverManager.Evaluation;
import io.banyan.operator.observe.NodeObservation.Link;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Moves of a healthy master on purpose: declarative switchover, rolling update, failback. */
class PlannedMovesTest {
  private static final Duration HOLD = Duration.ofSeconds(60);

  private static PlannedMoves requested(String node) {
    return new PlannedMoves(node, false, Set.of(), null, HOLD, null);
  }

  private static PlannedMoves update(Set<String> outdated) {
    return new PlannedMoves(null, true, outdated, null, HOLD, null);
  }

  private static PlannedMoves failback(Instant lastChange, Instant candidateSince) {
    return new PlannedMoves(null, false, Set.of(), lastChange, HOLD, candidateSince);
  }

  @Test
  void theTargetMasterOfTheSpecIsSwitchedToWithoutMovingZonesPreference() {
    Start s = (Start) Cluster.threeDc().evaluate(requested("jf-b-0"), T0).decision();
    assertThat(s.promotion().reason()).isEqualTo(FailoverReason.RequestedSwitchover);
    assertThat(s.promotion().target()).isEqualTo("jf-b-0");
    assertThat(s.promotion().switchover()).isTrue();
  }

  @Test
  void underTheManualPolicyTheTargetMasterIsStillMovedToButARollingUpdateOnlyReports() {
    Cluster c = Cluster.threeDc();
    c.spec.failover.policy = io.banyan.operator.api.FailoverSpec.Policy.Manual;
    assertThat(c.evaluate(requested("jf-b-0"), T0).decision()).isInstanceOf(Start.class);
    assertThat(c.evaluate(update(Set.of("jf-a-0")), T0).decision())
        .isInstanceOf(Decision.ReportOnly.class);
  }

  @Test
  void aTargetMasterThatIsNotInSyncIsReportedNotForced() {
    Cluster c = Cluster.threeDc();
    c.change("jf-b-0", o -> Cluster.link(o, Link.SYNCING, 100));
    NoCandidate n = (NoCandidate) c.evaluate(requested("jf-b-0"), T0).decision();
    assertThat(n.message()).contains("targetMaster asks for jf-b-0", "not a linked replica");
  }

  @Test
  void aTargetMasterThatIsAReadReplicaIsRefusedWithTheReason() {
    Cluster c = Cluster.threeDc();
    String replica =
        c.tree.stream().filter(n -> !ClusterView.eligible(n)).findFirst().orElseThrow().name();
    NoCandidate n = (NoCandidate) c.evaluate(requested(replica), T0).decision();
    assertThat(n.message()).contains(replica + ": not master-eligible");
  }

  @Test
  void theMasterAlreadyBeingTheTargetNeedsNothing() {
    assertThat(Cluster.threeDc().evaluate(requested("jf-a-0"), T0).decision())
        .isInstanceOf(NoAction.class);
  }

  @Test
  void aRollingUpdateHandsOverToAnUpdatedBackupOfTheMastersZoneFirst() {
    Start s = (Start) Cluster.threeDc().evaluate(update(Set.of("jf-a-0")), T0).decision();
    assertThat(s.promotion().reason()).isEqualTo(FailoverReason.RollingUpdate);
    assertThat(s.promotion().target()).isEqualTo("jf-a-1");
  }

  @Test
  void aRollingUpdateNeverHandsOverToAnOutdatedNode() {
    Start s = (Start) Cluster.threeDc().evaluate(update(Set.of("jf-a-0", "jf-a-1")), T0).decision();
    assertThat(s.promotion().target()).isEqualTo("jf-b-0");
  }

  @Test
  void aRollingUpdateWithEveryBackupOutdatedWaitsAndSaysWhy() {
    NoCandidate n =
        (NoCandidate)
            Cluster.threeDc().evaluate(update(Set.of("jf-a-0", "jf-a-1", "jf-b-0")), T0).decision();
    assertThat(n.reason()).isEqualTo(FailoverReason.RollingUpdate);
  }

  @Test
  void theMoveBackToThePreferredZoneIsHeldDownUntilTheCandidateHeldForTheHoldDown() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    Evaluation first = c.evaluate(failback(null, null), T0);
    assertThat(first.decision()).isInstanceOf(NoAction.class);
    assertThat(((NoAction) first.decision()).message()).contains("held down until");
    assertThat(first.failbackCandidateSince()).isEqualTo(T0);
    Evaluation later = c.evaluate(failback(null, T0), T0.plus(HOLD).minusMillis(1));
    assertThat(later.decision()).isInstanceOf(NoAction.class);
    Evaluation due = c.evaluate(failback(null, T0), T0.plus(HOLD));
    assertThat(((Start) due.decision()).promotion().reason()).isEqualTo(FailoverReason.Switchover);
  }

  @Test
  void aFlappingZoneRestartsTheHoldDown() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    c.freeze("jf-a-0").freeze("jf-a-1"); // the preferred zone is gone again
    Evaluation gone = c.evaluate(failback(null, T0), T0.plusSeconds(30));
    assertThat(gone.failbackCandidateSince()).isNull();
  }

  @Test
  void theMoveBackAlsoWaitsForTheHoldDownAfterTheLastMasterChange() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    Instant changed = T0.plusSeconds(50);
    Evaluation e = c.evaluate(failback(changed, T0), T0.plusSeconds(100));
    assertThat(((NoAction) e.decision()).message()).contains(changed.plus(HOLD).toString());
  }

  @Test
  void noMoveBackWhileTheSpecNamesATargetMaster() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    assertThat(c.evaluate(requested("jf-b-0"), T0).decision()).isInstanceOf(NoAction.class);
  }
}
