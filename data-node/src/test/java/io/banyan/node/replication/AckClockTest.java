package io.banyan.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How ACKs are dated around a stop of the process. */
class AckClockTest {
  private static final long PERIOD = 100;

  @Test
  void anAckIsAsOldAsItsReadingWhileTicksAreOnTime() {
    AckClock clock = new AckClock();
    assertThat(clock.ackTime(1_000, PERIOD)).isEqualTo(1_000); // before the first tick
    clock.tick(1_000, PERIOD);
    clock.tick(1_100, PERIOD);
    assertThat(clock.ackTime(1_150, PERIOD)).isEqualTo(1_150);
    // A tick somewhat late (a busy machine) is no stop.
    assertThat(clock.ackTime(1_100 + PERIOD + AckClock.STALL_TOLERANCE_MS, PERIOD))
        .isEqualTo(1_100 + PERIOD + AckClock.STALL_TOLERANCE_MS);
  }

  @Test
  void acksReadBeforeTheOverdueTickAreDatedToTheStop() {
    AckClock clock = new AckClock();
    clock.tick(1_000, PERIOD);
    assertThat(clock.ackTime(4_000, PERIOD)).isEqualTo(1_000);
  }

  @Test
  void acksReadJustAfterTheOverdueTickAreDatedToTheStopThenFreshAgain() {
    AckClock clock = new AckClock();
    clock.tick(1_000, PERIOD);
    clock.tick(4_000, PERIOD); // woke up: three seconds late
    assertThat(clock.ackTime(4_010, PERIOD)).isEqualTo(1_000);
    clock.tick(4_100, PERIOD);
    assertThat(clock.ackTime(4_000 + AckClock.RESUME_GRACE_MS, PERIOD))
        .isEqualTo(4_000 + AckClock.RESUME_GRACE_MS);
  }
}
