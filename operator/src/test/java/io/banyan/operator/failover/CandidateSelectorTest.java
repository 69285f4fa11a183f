package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.failover.Selection.Exclusion;
import io.banyan.operator.observe.NodeObservation.Link;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateSelectorTest {
  /** The master froze at T0 and was declared failed at T0 + 5 s. */
  static final MasterSuspicion SINCE_T0 = new MasterSuspicion("jf-a-0", T0);

  static Selection choose(Cluster c) {
    return CandidateSelector.forFailover(c.view(), c.master, SINCE_T0, T0.plusMillis(5000));
  }

  static Cluster masterKilled() {
    return Cluster.threeDc().freeze("jf-a-0").linksDown("jf-a-0", 5000);
  }

  @Test
  void masterKillPromotesTheSameZoneBackup() {
    Selection s = choose(masterKilled());
    assertThat(s.target()).isEqualTo("jf-a-1");
    assertThat(s.catchUpFrom()).isNull();
    assertThat(s.catchUpOffset()).isEqualTo(1000);
    assertThat(s.history()).isEqualTo(Cluster.HISTORY);
  }

  @Test
  void laggingSameZoneBackupLosesToTheNextZone() {
    // jf-a-1's link was down 60 s before the failure: it may miss acknowledged writes.
    Cluster c = masterKilled();
    c.change("jf-a-1", o -> Cluster.offset(Cluster.link(o, Link.DOWN, 65000), 400));
    Selection s = choose(c);
    assertThat(s.target()).isEqualTo("jf-b-0");
    assertThat(s.excluded())
        .anyMatch(e -> e.node().equals("jf-a-1") && e.why().contains("lagging"));
  }

  @Test
  void laggingBoundaryIsTheDetectionTimeoutBeforeTheFailure() {
    // 5 s since the failure + 5 s timeout = 10 s of allowed link downtime.
    Cluster c = masterKilled();
    c.change("jf-a-1", o -> Cluster.link(o, Link.DOWN, 10000));
    assertThat(choose(c).target()).isEqualTo("jf-a-1");
    c.change("jf-a-1", o -> Cluster.link(o, Link.DOWN, 10001));
    assertThat(choose(c).target()).isEqualTo("jf-b-0");
    c.change("jf-a-1", o -> Cluster.link(o, Link.SYNCING, 10001));
    assertThat(choose(c).target()).isEqualTo("jf-b-0");
  }

  @Test
  void unreachableOrUnlinkedBackupsAreNotCandidates() {
    Cluster c = masterKilled().freeze("jf-a-1");
    assertThat(choose(c).target()).isEqualTo("jf-b-0");
    assertThat(choose(c).excluded()).contains(new Exclusion("jf-a-1", "unreachable"));

    Cluster restarted = masterKilled();
    restarted.change("jf-a-1", o -> Cluster.asMaster(o, 0, true));
    assertThat(choose(restarted).target()).isEqualTo("jf-b-0");
  }

  @Test
  void zoneLossPromotesFromTheFirstZoneOfPromotionOrder() {
    StoreClusterSpec spec = Cluster.load("three-datacenters.yaml");
    spec.zones.get(2).masterBackups = 1; // jf-c-0
    spec.failover.promotionOrder = List.of("jf-c", "jf-b");
    Cluster c = new Cluster(spec, "jf-a-0", 1, 1000).zoneDown("jf-a").linksDown("jf-a-0", 5000);
    assertThat(choose(c).target()).isEqualTo("jf-c-0");

    spec.failover.promotionOrder = List.of("jf-b");
    assertThat(choose(c).target()).isEqualTo("jf-b-0");

    // No promotion order: the remaining zones in spec order.
    spec.failover.promotionOrder = List.of();
    c.freeze("jf-b-0");
    assertThat(choose(c).target()).isEqualTo("jf-c-0");
  }

  @Test
  void zoneLossInTheThreeDatacentersExampleGoesToJfB() {
    Cluster c = Cluster.threeDc().zoneDown("jf-a").linksDown("jf-a-0", 5000);
    assertThat(choose(c).target()).isEqualTo("jf-b-0");
  }

  @Test
  void highestOffsetWinsWithinTheZone() {
    StoreClusterSpec spec = Cluster.load("three-datacenters.yaml");
    spec.zones.get(0).masterBackups = 3; // jf-a-1, jf-a-2, jf-a-3
    Cluster c = new Cluster(spec, "jf-a-0", 1, 1000).freeze("jf-a-0").linksDown("jf-a-0", 5000);
    c.offset("jf-a-1", 900).offset("jf-a-2", 1100).offset("jf-a-3", 1050);
    c.offset("jf-b-0", 2000); // further ahead, but in a later zone: caught up from instead
    Selection s = choose(c);
    assertThat(s.target()).isEqualTo("jf-a-2");
    assertThat(s.catchUpFrom()).isEqualTo("jf-b-0");
    assertThat(s.catchUpOffset()).isEqualTo(2000);
  }

  @Test
  void candidateCatchesUpFromAChainHeadAhead() {
    Cluster c = masterKilled();
    c.tree.forEach(n -> c.offset(n.name(), 800));
    c.offset("jf-a-1", 900).offset("jf-c-s1", 1000).offset("jf-c-s2", 990);
    Selection s = choose(c);
    assertThat(s.target()).isEqualTo("jf-a-1");
    assertThat(s.targetOffset()).isEqualTo(900);
    assertThat(s.catchUpFrom()).isEqualTo("jf-c-s1");
    assertThat(s.catchUpOffset()).isEqualTo(1000);
  }

  @Test
  void nodesOfAnotherHistoryAreNeitherCandidatesNorSources() {
    Cluster c = masterKilled();
    c.change("jf-a-1", o -> Cluster.replid(Cluster.offset(o, 5000), "bbbb"));
    c.change("jf-c-s1", o -> Cluster.replid(Cluster.offset(o, 9000), "cccc"));
    Selection s = choose(c);
    assertThat(s.target()).isEqualTo("jf-b-0");
    assertThat(s.catchUpFrom()).isNull();
    assertThat(s.excluded()).anyMatch(e -> e.node().equals("jf-a-1") && e.why().contains("bbbb"));
  }

  @Test
  void noCandidateWhenNoBackupQualifies() {
    Cluster c = masterKilled().freeze("jf-a-1").delete("jf-b-0");
    Selection s = choose(c);
    assertThat(s.found()).isFalse();
    assertThat(s.excluded())
        .containsExactly(
            new Exclusion("jf-a-1", "unreachable"), new Exclusion("jf-b-0", "pod gone"));

    Cluster helper = Cluster.helperTree().freeze("dc1-0").linksDown("dc1-0", 5000);
    assertThat(
            CandidateSelector.forFailover(
                    helper.view(), "dc1-0", new MasterSuspicion("dc1-0", T0), T0.plusMillis(5000))
                .found())
        .isFalse();
  }

  @Test
  void switchoverTakesALinkedCaughtUpBackupOfThePreferredZone() {
    Cluster c = new Cluster(Cluster.load("three-datacenters.yaml"), "jf-b-0", 2, 1000);
    c.offset("jf-a-1", 990);
    assertThat(CandidateSelector.forSwitchover(c.view(), "jf-b-0").target()).isEqualTo("jf-a-0");
    c.change("jf-a-0", o -> Cluster.link(o, Link.DOWN, 3000));
    assertThat(CandidateSelector.forSwitchover(c.view(), "jf-b-0").target()).isEqualTo("jf-a-1");
    c.change("jf-a-0", o -> Cluster.link(o, Link.UP, 0));
    c.change(
        "jf-a-0",
        o -> o.toBuilder().fenced(true).epoch(0).offset(5000).connectedReplicas(0).build());
    assertThat(CandidateSelector.forSwitchover(c.view(), "jf-b-0").target())
        .as("a fenced node (still rejoining) would refuse the FAILOVER handshake")
        .isEqualTo("jf-a-1");
    c.freeze("jf-a-1");
    Selection none = CandidateSelector.forSwitchover(c.view(), "jf-b-0");
    assertThat(none.found()).isFalse();
    assertThat(none.excluded()).extracting(Exclusion::node).containsExactly("jf-a-0", "jf-a-1");
  }
}
