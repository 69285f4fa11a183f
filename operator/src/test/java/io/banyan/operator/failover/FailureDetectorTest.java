package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
  static Detection assess(Cluster c, MasterSuspicion prior, long atMillis) {
    return FailureDetector.assess(c.view(), c.facts(), prior, T0.plusMillis(atMillis));
  }

  @Test
  void healthyClusterIsHealthy() {
    Detection d = assess(Cluster.threeDc(), MasterSuspicion.none(), 0);
    assertThat(d.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(d.suspicion()).isEqualTo(MasterSuspicion.none());
  }

  @Test
  void masterPodGoneFailsAtOnce() {
    Cluster c = Cluster.threeDc().delete("jf-a-0");
    Detection d = assess(c, MasterSuspicion.none(), 0);
    assertThat(d.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(d.reason()).isEqualTo(FailoverReason.MasterPodGone);
    assertThat(d.suspicion()).isEqualTo(new MasterSuspicion("jf-a-0", T0));
  }

  @Test
  void unreachableMasterFailsOnlyAfterTheDetectionTimeout() {
    Cluster c = Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 100);
    Detection first = assess(c, MasterSuspicion.none(), 0);
    assertThat(first.verdict()).isEqualTo(Verdict.SUSPECTED);
    assertThat(first.suspicion().since()).isEqualTo(T0);

    Detection justBefore = assess(c, first.suspicion(), 4999);
    assertThat(justBefore.verdict()).isEqualTo(Verdict.SUSPECTED);
    assertThat(justBefore.suspicion().since()).isEqualTo(T0);

    Detection atTimeout = assess(c, justBefore.suspicion(), 5000);
    assertThat(atTimeout.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(atTimeout.reason()).isEqualTo(FailoverReason.MasterUnreachable);
  }

  @Test
  void masterBackBeforeTheTimeoutResetsSuspicion() {
    Cluster c = Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 100);
    MasterSuspicion s = assess(c, MasterSuspicion.none(), 0).suspicion();
    Cluster back = Cluster.threeDc();
    Detection d = assess(back, s, 4000);
    assertThat(d.verdict()).isEqualTo(Verdict.HEALTHY);
    assertThat(d.suspicion()).isEqualTo(MasterSuspicion.none());
    // A second outage starts its own timeout: 4 s after it began is not enough.
    Detection again = assess(c, d.suspicion(), 6000);
    assertThat(again.suspicion().since()).isEqualTo(T0.plusMillis(6000));
    assertThat(assess(c, again.suspicion(), 10999).verdict()).isEqualTo(Verdict.SUSPECTED);
    assertThat(assess(c, again.suspicion(), 11000).verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  void replicasThatStillSeeTheMasterPreventAFailover() {
    // Operator partitioned from the master; every replica's link is up.
    Cluster c = Cluster.threeDc().freeze("jf-a-0");
    for (long t : new long[] {0, 5000, 60000}) {
      Detection d = assess(c, MasterSuspicion.none(), t);
      assertThat(d.verdict()).isEqualTo(Verdict.DEGRADED);
      assertThat(d.suspicion()).isEqualTo(MasterSuspicion.none());
    }
    // One chain head still linked is enough to disagree.
    Cluster one = Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 100);
    one.change("jf-c-s1", o -> Cluster.link(o, Link.UP, 0));
    assertThat(assess(one, new MasterSuspicion("jf-a-0", T0), 60000).verdict())
        .isEqualTo(Verdict.DEGRADED);
    // A replica in a full sync is talking to the master too.
    one.change("jf-c-s1", o -> Cluster.link(o, Link.SYNCING, 0));
    assertThat(assess(one, new MasterSuspicion("jf-a-0", T0), 60000).verdict())
        .isEqualTo(Verdict.DEGRADED);
  }

  /**
   * A stopped master (SIGSTOP, a hung host) or one cut off by a partition leaves its replicas'
   * links up until repl-timeout: their silence, not the link state, says it stopped talking, and
   * the detection timeout counts from when they last heard from it.
   */
  @Test
  void replicasThatHaveNotHeardFromTheMasterDateItsFailure() {
    Cluster fresh = Cluster.threeDc().freeze("jf-a-0").silentLinks("jf-a-0", 1_999);
    assertThat(assess(fresh, MasterSuspicion.none(), 3000).verdict())
        .as("a PING may be late")
        .isEqualTo(Verdict.DEGRADED);

    Cluster silent = Cluster.threeDc().freeze("jf-a-0").silentLinks("jf-a-0", 2_500);
    Detection first = assess(silent, MasterSuspicion.none(), 3000);
    assertThat(first.verdict()).isEqualTo(Verdict.SUSPECTED);
    assertThat(first.suspicion().since()).isEqualTo(T0.plusMillis(500));
    assertThat(assess(silent, first.suspicion(), 5499).verdict()).isEqualTo(Verdict.SUSPECTED);
    Detection failed = assess(silent, first.suspicion(), 5500);
    assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(failed.reason()).isEqualTo(FailoverReason.MasterUnreachable);

    // The latest contact counts: one replica that heard from the master 2.1 s ago dates it.
    Cluster mixed = Cluster.threeDc().freeze("jf-a-0").silentLinks("jf-a-0", 4_000);
    mixed.change("jf-b-0", o -> Cluster.silence(o, 2_100));
    assertThat(assess(mixed, MasterSuspicion.none(), 10_000).suspicion().since())
        .isEqualTo(T0.plusMillis(7_900));
    // One that cannot date it (no Banyan field, link down) makes the suspicion start now.
    mixed.change("jf-c-s1", o -> Cluster.silence(Cluster.link(o, Link.DOWN, 3_000), -1));
    assertThat(assess(mixed, MasterSuspicion.none(), 10_000).suspicion().since())
        .isEqualTo(T0.plusMillis(10_000));
  }

  @Test
  void reachableMasterWithAllReplicaLinksDownIsDegradedNotFailed() {
    Cluster c = Cluster.threeDc().linksDown("jf-a-0", 60000);
    Detection d = assess(c, MasterSuspicion.none(), 60000);
    assertThat(d.verdict()).isEqualTo(Verdict.DEGRADED);
    assertThat(d.failed()).isFalse();
  }

  @Test
  void unlinkedReplicasDoNotVouchForTheMaster() {
    // A chain head that restarted fenced and was never re-pointed has no link: it sees nothing.
    Cluster c = Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 100);
    c.change("jf-b-s1", o -> Cluster.asMaster(o, 0, true));
    assertThat(assess(c, new MasterSuspicion("jf-a-0", T0), 5000).verdict())
        .isEqualTo(Verdict.FAILED);
  }

  @Test
  void noReachableReplicaCountsAsAgreement() {
    Cluster c = Cluster.helperTree();
    c.tree.forEach(n -> c.freeze(n.name()));
    assertThat(assess(c, new MasterSuspicion("dc1-0", T0), 5000).verdict())
        .isEqualTo(Verdict.FAILED);
  }

  @Test
  void wholeZoneUnreachableIsZoneLost() {
    Cluster c = Cluster.threeDc().zoneDown("jf-a").linksDown("jf-a-0", 100);
    Detection d = assess(c, new MasterSuspicion("jf-a-0", T0), 5000);
    assertThat(d.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(d.reason()).isEqualTo(FailoverReason.ZoneLost);
  }

  @Test
  void aRestartedMasterHoldingEveryWriteWaitsForAdmissionButADemotedOneIsReplaced() {
    Cluster demoted = Cluster.threeDc();
    demoted.change(
        "jf-a-0",
        o ->
            NodeObservation.of(o.node())
                .role(Role.REPLICA)
                .epoch(1)
                .masterAddress("10.0.0.2:6379")
                .link(Link.UP)
                .offset(1000)
                .replid(o.replid())
                .build());
    // Outside a failover nothing demotes the master: a master reporting REPLICA leaves the
    // cluster without a writable one, so a new master is chosen.
    Detection demotedVerdict = assess(demoted, MasterSuspicion.none(), 0);
    assertThat(demotedVerdict.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(demotedVerdict.reason()).isEqualTo(FailoverReason.MasterDemoted);

    Cluster restarted = Cluster.threeDc();
    restarted.epoch = 3;
    restarted.change("jf-a-0", o -> Cluster.asMaster(o, 0, true));
    Detection d = assess(restarted, new MasterSuspicion("jf-a-0", T0), 9000);
    assertThat(d.verdict()).isEqualTo(Verdict.NOT_MASTER_OF_EPOCH);
    assertThat(d.message()).contains("fenced", "epoch 0", "status epoch is 3");
    assertThat(d.suspicion()).isEqualTo(MasterSuspicion.none());
  }

  @Test
  void noMasterInStatusIsNothingToJudge() {
    Cluster c = Cluster.threeDc();
    c.master = null;
    assertThat(assess(c, MasterSuspicion.none(), 0).verdict()).isEqualTo(Verdict.NO_MASTER);
  }
}
