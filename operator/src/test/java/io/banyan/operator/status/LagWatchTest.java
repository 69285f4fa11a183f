package io.banyan.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagWatchTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration ALLOWED = Duration.ofSeconds(10);

  private final LagWatch watch = new LagWatch();

  private static NodeObservation master(String name, long offset) {
    return NodeObservation.of(name)
        .role(Role.MASTER)
        .epoch(1)
        .offset(offset)
        .replid("r")
        .connectedReplicas(1)
        .build();
  }

  private static NodeObservation replica(String name, long offset) {
    return NodeObservation.of(name)
        .role(Role.REPLICA)
        .epoch(1)
        .masterAddress("10.0.0.1:6379")
        .link(Link.UP)
        .offset(offset)
        .replid("r")
        .build();
  }

  /** One round at {@code second}: the master at {@code masterOffset}, replica b at {@code b}. */
  private java.util.Set<String> round(int second, long masterOffset, long b) {
    return watch.update(
        T0.plusSeconds(second),
        "a",
        Map.of("a", master("a", masterOffset), "b", replica("b", b)),
        ALLOWED);
  }

  @Test
  void aReplicaAFewBytesBehindABusyMasterDoesNotLag() {
    for (int s = 0; s <= 30; s++) {
      // 1 MB/s of writes; the replica is always the last half second behind.
      assertThat(round(s, s * 1_000_000L, s * 1_000_000L - 500_000)).isEmpty();
    }
  }

  @Test
  void aReplicaThatHasNotReachedWhatTheMasterHadTheAllowedTimeAgoLags() {
    for (int s = 0; s <= 10; s++) {
      // At 10 s it misses only what was written since 0 s, when the master was at 1000 too.
      assertThat(round(s, 1000 + s * 14L, 1000)).as("within the bound at %d s", s).isEmpty();
    }
    assertThat(round(11, 1154, 1000))
        .as("misses what the master had 10 s ago")
        .containsExactly("b");
    assertThat(round(12, 1168, 1168)).as("caught up").isEmpty();
  }

  @Test
  void anIdleMasterLetsAStuckReplicaLookInSync() {
    // Nothing written: the replica is missing nothing, whatever its link says.
    for (int s = 0; s <= 20; s++) {
      assertThat(round(s, 5000, 5000)).isEmpty();
    }
  }

  @Test
  void aNewMasterOrAnOffsetGoingBackStartsOver() {
    for (int s = 0; s <= 10; s++) {
      round(s, 1000 + s * 100L, 1000);
    }
    assertThat(round(11, 2100, 1000)).containsExactly("b");
    assertThat(
            watch.update(
                T0.plusSeconds(12),
                "b",
                Map.of("b", master("b", 2200), "a", replica("a", 0)),
                ALLOWED))
        .as("another master: its history starts now")
        .isEmpty();
    assertThat(round(13, 10, 0)).as("master changed back, offsets restarted").isEmpty();
  }
}
