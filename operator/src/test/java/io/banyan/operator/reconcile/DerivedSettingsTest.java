package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.ReplicationSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.StoreClusterStatus.AppliedSettings;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.failover.ClusterFacts;
import io.banyan.operator.failover.ClusterView;
import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.failover.FailureDetector;
import io.banyan.operator.failover.MasterSuspicion;
import io.banyan.operator.observe.NodeObservation;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 3: the settings derived from the detection timeout and write quorum are what the
 * rendered config says, and a view keeps judging with the timeout the nodes were configured for.
 */
class DerivedSettingsTest {
  static StoreClusterSpec spec(int detectionMillis, int quorum) {
    StoreClusterSpec spec = new StoreClusterSpec();
    ZoneSpec z = new ZoneSpec();
    z.name = "a";
    z.initialMaster = true;
    z.masterBackups = 1;
    spec.zones.add(z);
    spec.failover = new FailoverSpec();
    spec.failover.detectionTimeoutMillis = detectionMillis;
    spec.replication = new ReplicationSpec();
    spec.replication.writeQuorum = quorum;
    return spec;
  }

  @Test
  void theDerivedOptionsFollowTheSpec() {
    Map<String, String> five = DerivedSettings.of(spec(5000, 1));
    assertThat(five)
        .containsEntry("min-replicas-to-write", "1")
        .containsEntry("min-replicas-max-lag", "4")
        .containsEntry("repl-timeout", "3")
        .containsEntry("repl-ping-replica-period", "1")
        .doesNotContainKeys("port", "appendonly", "maxmemory-policy");
    Map<String, String> three = DerivedSettings.of(spec(3000, 2));
    assertThat(three)
        .containsEntry("min-replicas-to-write", "2")
        .containsEntry("min-replicas-max-lag", "2")
        .containsEntry("repl-timeout", "2");
    assertThat(three).isNotEqualTo(five);
  }

  @Test
  void untilTheNodesHaveTheNewSettingsTheOldTimeoutJudges() {
    StoreClusterSpec shorter = spec(3000, 1);
    Map<String, NodeObservation> obs = new HashMap<>();
    obs.put("a-0", NodeObservation.unreachable("a-0", true));
    ClusterView view = ClusterView.of(shorter, obs);
    Instant t0 = Instant.parse("2026-12-07T00:00:00Z");
    MasterSuspicion since = new MasterSuspicion("a-0", t0);
    ClusterFacts facts = new ClusterFacts("a-0", 1, null);
    Instant later = t0.plusMillis(3500);
    assertThat(FailureDetector.assess(view, facts, since, later).verdict())
        .isEqualTo(Verdict.FAILED);
    // The nodes still run with the 5 s settings (a 4 s lag bound): 3.5 s is not enough.
    assertThat(
            FailureDetector.assess(view.withDetectionTimeout(5000), facts, since, later).verdict())
        .isEqualTo(Verdict.SUSPECTED);
  }

  @Test
  void untilTheStatusRecordsTheSpecsSettingsTheRecordedTimeoutJudges() {
    StoreClusterSpec five = spec(5000, 1);
    StoreClusterSpec three = spec(3000, 1);
    AppliedSettings fiveApplied = DerivedSettings.record(five, 1);
    assertThat(fiveApplied.detectionTimeoutMillis).isEqualTo(5000);
    assertThat(fiveApplied.generation).isEqualTo(1);

    assertThat(DerivedSettings.pending(five, fiveApplied)).isFalse();
    assertThat(DerivedSettings.judgingDetectionMillis(five, fiveApplied)).isEqualTo(5000);
    // Spec shortened to 3 s, nodes still on the 5 s settings: judge with 5 s.
    assertThat(DerivedSettings.pending(three, fiveApplied)).isTrue();
    assertThat(DerivedSettings.judgingDetectionMillis(three, fiveApplied)).isEqualTo(5000);
    // Recorded: the spec's own timeout.
    assertThat(DerivedSettings.judgingDetectionMillis(three, DerivedSettings.record(three, 2)))
        .isEqualTo(3000);
    // No record (a new cluster: its nodes start from the rendered config).
    assertThat(DerivedSettings.pending(three, null)).isFalse();
    assertThat(DerivedSettings.judgingDetectionMillis(three, null)).isEqualTo(3000);
  }

  @Test
  void theHashFollowsTheSettingsNotTheirOrder() {
    Map<String, String> a = new java.util.LinkedHashMap<>();
    a.put("repl-timeout", "3");
    a.put("min-replicas-to-write", "1");
    Map<String, String> b = new java.util.LinkedHashMap<>();
    b.put("min-replicas-to-write", "1");
    b.put("repl-timeout", "3");
    assertThat(DerivedSettings.hash(a)).isEqualTo(DerivedSettings.hash(b)).hasSize(16);
    b.put("repl-timeout", "2");
    assertThat(DerivedSettings.hash(b)).isNotEqualTo(DerivedSettings.hash(a));
    // A spec change that leaves the derived settings alone changes no hash.
    StoreClusterSpec more = spec(5000, 1);
    more.zones.get(0).masterBackups = 2;
    assertThat(DerivedSettings.hash(DerivedSettings.of(more)))
        .isEqualTo(DerivedSettings.hash(DerivedSettings.of(spec(5000, 1))));
  }
}
