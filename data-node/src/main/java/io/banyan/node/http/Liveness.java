package io.banyan.node.http;

import io.banyan.node.engine.Engine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code /livez} check: the command thread must run a task posted to it within {@link
 * #BOUND_NANOS} (2 s). A wedged thread fails it by timing out. A process that was stopped (SIGSTOP,
 * a VM pause) and resumed would pass it at once — the task runs right after the probe's request,
 * which waited in the socket — so a heartbeat on the command thread also tells when the thread last
 * ran: a heartbeat older than the bound, or a stop that ended less than the bound ago, fails the
 * check too ("answered late after a freeze").
 */
final class Liveness {
  static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long BEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final Engine engine;
  private volatile long lastBeat = System.nanoTime();
  private volatile long resumedAt;
  private volatile long stoppedFor;
  private ScheduledFuture<?> beat;

  Liveness(Engine engine) {
    this.engine = engine;
  }

  void start() {
    beat =
        engine
            .eventLoop()
            .scheduleAtFixedRate(this::beat, BEAT_NANOS, BEAT_NANOS, TimeUnit.NANOSECONDS);
  }

  void stop() {
    if (beat != null) {
      beat.cancel(false);
    }
  }

  /** Command thread. */
  private void beat() {
    long now = System.nanoTime();
    long gap = now - lastBeat;
    if (gap > BEAT_NANOS + BOUND_NANOS) {
      stoppedFor = gap;
      resumedAt = now;
    }
    lastBeat = now;
  }

  /** Completes with null when live, or with the reason it is not. Any thread. */
  CompletableFuture<String> check() {
    long now = System.nanoTime();
    long sinceBeat = now - lastBeat;
    if (sinceBeat > BEAT_NANOS + BOUND_NANOS) {
      return CompletableFuture.completedFuture(
          "command thread has not run for " + seconds(sinceBeat) + " s");
    }
    long resumed = resumedAt;
    if (resumed != 0 && now - resumed < BOUND_NANOS) {
      return CompletableFuture.completedFuture(
          "command thread resumed "
              + seconds(now - resumed)
              + " s ago after a stop of "
              + seconds(stoppedFor)
              + " s");
    }
    CompletableFuture<String> ran = new CompletableFuture<>();
    try {
      engine.eventLoop().execute(() -> ran.complete(null));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture("command thread stopped: " + e.getMessage());
    }
    return ran.completeOnTimeout(
        "command thread did not run a task within " + seconds(BOUND_NANOS) + " s",
        BOUND_NANOS,
        TimeUnit.NANOSECONDS);
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
