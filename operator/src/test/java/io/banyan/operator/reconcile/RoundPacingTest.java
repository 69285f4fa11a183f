package io.banyan.operator.reconcile;

import static io.banyan.operator.reconcile.StoreClusterReconciler.FAILOVER_STEP;
import static io.banyan.operator.reconcile.StoreClusterReconciler.nextRound;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When the reconciler runs its next round: {@link StoreClusterReconciler#nextRound}. */
class RoundPacingTest {
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final Instant START = Instant.parse("2026-12-07T00:00:00Z");
  static final Instant END = START.plusMillis(800); // a round that waited out a probe timeout

  @Test
  void aQuietClusterIsProbedEveryInterval() {
    assertThat(nextRound(INTERVAL, false, null, START, END)).isEqualTo(INTERVAL);
  }

  @Test
  void aFailoverInProgressStepsQuickly() {
    assertThat(nextRound(INTERVAL, true, null, START, END)).isEqualTo(FAILOVER_STEP);
  }

  @Test
  void theRoundThatMayDeclareTheFailureRunsWhenTheTimeoutRunsOut() {
    assertThat(nextRound(INTERVAL, false, END.plusMillis(350), START, END))
        .isEqualTo(Duration.ofMillis(350));
    assertThat(nextRound(INTERVAL, false, END.plusMillis(20), START, END))
        .as("never sooner than a failover step")
        .isEqualTo(FAILOVER_STEP);
    assertThat(nextRound(INTERVAL, false, START.plusMillis(500), START, END))
        .as("matured while this round probed: judge it at once")
        .isEqualTo(FAILOVER_STEP);
    assertThat(nextRound(INTERVAL, false, END.plusSeconds(3), START, END))
        .as("far off: the usual interval")
        .isEqualTo(INTERVAL);
  }

  @Test
  void aSuspicionThatHadMaturedWhenJudgedDoesNotSpinTheLoop() {
    // No candidate, say: the master stays failed and suspected; rounds stay an interval apart.
    assertThat(nextRound(INTERVAL, false, START.minusSeconds(10), START, END)).isEqualTo(INTERVAL);
  }

  @Test
  void aFastProbeIntervalIsKept() {
    Duration fast = Duration.ofMillis(50);
    assertThat(nextRound(fast, true, END.plusSeconds(3), START, END)).isEqualTo(fast);
  }
}
