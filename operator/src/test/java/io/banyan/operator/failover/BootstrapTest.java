package io.banyan.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 3: a cluster whose status was lost, or re-created on retained volumes, elects its
 * first master by replication offset at an epoch above every epoch the nodes persisted — never by
 * name, never beside a master still serving.
 */
class BootstrapTest {
  @Test
  void aNewClusterTakesTheInitialMasterAtEpochOne() {
    Cluster c = Cluster.threeDc().restartedFenced(0, 0);
    Bootstrap.Election e = Bootstrap.elect(c.view(), 0);
    assertThat(e.target()).isEqualTo("jf-a-0");
    assertThat(e.epoch()).isEqualTo(1);
  }

  @Test
  void retainedVolumesElectTheMostAdvancedNodeAboveEveryPersistedEpoch() {
    Cluster c = Cluster.threeDc().restartedFenced(500, 7);
    c.offset("jf-b-0", 900).offset("jf-a-s1", 950); // a chain member is not eligible
    Bootstrap.Election e = Bootstrap.elect(c.view(), 0);
    assertThat(e.target()).isEqualTo("jf-b-0");
    assertThat(e.epoch()).isEqualTo(8);
  }

  @Test
  void withDataItWaitsForEveryEligibleNodeThatHasAPod() {
    Cluster c = Cluster.threeDc().restartedFenced(500, 3);
    c.freeze("jf-b-0"); // starting, maybe with more data
    Bootstrap.Election e = Bootstrap.elect(c.view(), 0);
    assertThat(e.decided()).isFalse();
    assertThat(e.message()).contains("jf-b-0");
    // A node whose pod is gone cannot hold the data back for ever.
    c.delete("jf-b-0");
    assertThat(Bootstrap.elect(c.view(), 0).target()).isEqualTo("jf-a-0");
  }

  @Test
  void aMasterStillServingKeepsTheRoleAtAHigherEpochAndNoOtherStaysUnfenced() {
    // The status was removed while the cluster ran: jf-a-0 serves at epoch 4.
    Cluster c = Cluster.threeDc();
    c.change("jf-a-0", o -> Cluster.asMaster(o, 4, false));
    c.change("jf-b-0", o -> Cluster.asMaster(o, 2, false)); // a stale one, behind
    c.offset("jf-b-0", 10);
    Bootstrap.Election e = Bootstrap.elect(c.view(), 0);
    assertThat(e.target()).isEqualTo("jf-a-0");
    assertThat(e.epoch()).isEqualTo(5);
    assertThat(Bootstrap.toFence(c.view(), "jf-a-0")).containsExactly("jf-b-0");
  }

  @Test
  void aFailoverEpochIsAboveWhatTheNodesReportEvenWhenStatusLagsBehind() {
    Cluster c = Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 1000);
    c.epoch = 1;
    c.change("jf-b-s1", o -> Cluster.withEpoch(o, 6));
    FailoverManager.Evaluation e =
        c.evaluate(new MasterSuspicion("jf-a-0", Cluster.T0), Cluster.T0.plusMillis(5000));
    assertThat(((Decision.Start) e.decision()).promotion().epoch()).isEqualTo(7);
  }
}
