package io.banyan.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.operator.api.CronSchedule;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure decisions of backups: the source node, the schedule, retention, object names. */
class BackupDecisionsTest {
  private static NodeObservation node(
      String name, Role role, boolean fenced, Link link, long offset) {
    return NodeObservation.of(name)
        .role(role)
        .fenced(fenced)
        .epoch(3)
        .link(link)
        .offset(offset)
        .replid("id")
        .build();
  }

  @Test
  void theMostAdvancedInSyncReplicaIsTheSource() {
    var observed =
        Map.of(
            "m", node("m", Role.MASTER, false, Link.NONE, 5_000_000),
            "r1", node("r1", Role.REPLICA, false, Link.UP, 4_999_000),
            "r2", node("r2", Role.REPLICA, false, Link.UP, 4_999_900),
            "far", node("far", Role.REPLICA, false, Link.UP, 1_000),
            "fenced", node("fenced", Role.REPLICA, true, Link.UP, 5_000_000),
            "down", node("down", Role.REPLICA, false, Link.DOWN, 5_000_000));
    var choice =
        BackupSource.choose(List.of("m", "r1", "r2", "far", "fenced", "down"), "m", observed);
    assertThat(choice).get().extracting(BackupSource.Choice::node).isEqualTo("r2");
  }

  @Test
  void theMasterOnlyWhenNoReplicaQualifiesAndNothingWhenItIsFenced() {
    var lagging =
        Map.of(
            "m", node("m", Role.MASTER, false, Link.NONE, 5_000_000),
            "r", node("r", Role.REPLICA, false, Link.SYNCING, 0));
    var choice = BackupSource.choose(List.of("m", "r"), "m", lagging);
    assertThat(choice)
        .get()
        .satisfies(
            c -> {
              assertThat(c.node()).isEqualTo("m");
              assertThat(c.note()).contains("from the master");
            });
    var fencedMaster = Map.of("m", node("m", Role.MASTER, true, Link.NONE, 10));
    assertThat(BackupSource.choose(List.of("m"), "m", fencedMaster)).isEmpty();
  }

  @Test
  void aScheduledRunIsDueOnceAfterEachTimeTheExpressionNames() {
    CronSchedule nightly = CronSchedule.parse("0 3 * * *");
    Instant lastRun = Instant.parse("2026-12-06T03:00:01Z");
    assertThat(nightly.dueSince(lastRun, Instant.parse("2026-12-07T02:59:59Z"))).isFalse();
    assertThat(nightly.dueSince(lastRun, Instant.parse("2026-12-07T03:00:00Z"))).isTrue();
    assertThat(nightly.dueSince(lastRun, Instant.parse("2026-12-07T09:30:00Z"))).isTrue();
    Instant ranAt = Instant.parse("2026-12-07T03:00:02Z");
    assertThat(nightly.dueSince(ranAt, Instant.parse("2026-12-07T09:30:00Z"))).isFalse();
    assertThat(CronSchedule.parse("*/15 * * * *").dueSince(ranAt, ranAt.plusSeconds(900))).isTrue();
  }

  @Test
  void badExpressionsAreRefusedWithAReason() {
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * *")).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> CronSchedule.parse("0 3 * * * *")).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> CronSchedule.parse("61 3 * * *"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retentionDeletesOnlyThisClustersOldestBackups() {
    Instant t = Instant.parse("2026-12-07T00:00:00Z");
    List<Retention.Stored> stored =
        List.of(
            new Retention.Stored("p/demo-20261201T030000.000Z.rdb", t),
            new Retention.Stored("p/demo-20261203T030000.000Z.rdb", t),
            new Retention.Stored("p/demo-20261202T030000.000Z.rdb", t),
            new Retention.Stored("p/demo-two-20261201T030000.000Z.rdb", t), // no: demo-two's
            new Retention.Stored("p/demo-20261101T030000.000Z.rdb.notes", t),
            new Retention.Stored("p/sub/demo-20261101T030000.000Z.rdb", t),
            new Retention.Stored("p/demo-20261204T030000.000Z.rdb", t));
    List<String> gone = Retention.toDelete(stored, "p", "demo", 2);
    assertThat(gone)
        .containsExactly("p/demo-20261202T030000.000Z.rdb", "p/demo-20261201T030000.000Z.rdb");
  }

  @Test
  void objectKeysSortByTime() {
    String a = BackupJob.key("p", "demo", Instant.parse("2026-12-07T03:00:00.5Z"));
    String b = BackupJob.key("p", "demo", Instant.parse("2026-12-07T10:00:00Z"));
    assertThat(a).isEqualTo("p/demo-20261207T030000.500Z.rdb");
    assertThat(a).isLessThan(b);
  }
}
