package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How the kubelet stops a container (kuberuntime's killContainer): the {@code preStop} hook first,
 * given the grace period (only when the grace period is above zero); then SIGTERM; then what is
 * left of the grace period, but never less than 2 s (kuberuntime's minimum, which also applies to a
 * forced deletion); then SIGKILL. A later, shorter grace period (a second delete, a forced one)
 * brings the SIGKILL forward, as the kubelet's pod workers do. A SIGSTOPped process is not resumed:
 * it cannot act on SIGTERM, so it waits out the grace period and is killed, as under a real
 * kubelet. {@link #run} blocks: it runs on a virtual thread of its own.
 */
final class ContainerKiller {
  static final Duration MINIMUM_GRACE = Duration.ofSeconds(2);

  /** What the kill did. */
  record Outcome(ContainerActions.Result preStop, boolean sigkilled) {}

  private final Process process;
  private final LifecycleHandler preStop;
  private final ContainerActions.Target target;
  private final Duration grace;
  private volatile long sigkillAt = Long.MAX_VALUE;

  ContainerKiller(
      Process process, Duration grace, LifecycleHandler preStop, ContainerActions.Target target) {
    this.process = process;
    this.grace = grace;
    this.preStop = preStop;
    this.target = target;
  }

  /** Moves the SIGKILL to {@code grace} (at least 2 s) from now, if that is sooner. */
  void shorten(Duration grace) {
    long at = System.nanoTime() + max(grace, MINIMUM_GRACE).toNanos();
    if (at < sigkillAt) {
      sigkillAt = at;
    }
  }

  Outcome run() {
    long started = System.nanoTime();
    ContainerActions.Result hook = null;
    if (preStop != null && grace.isPositive() && process.isAlive()) {
      hook = ContainerActions.hook(preStop, target, grace);
    }
    shorten(grace.minusNanos(System.nanoTime() - started));
    boolean sigkilled = false;
    try {
      if (process.isAlive()) {
        process.destroy(); // SIGTERM
        long left;
        while ((left = sigkillAt - System.nanoTime()) > 0) {
          if (process.waitFor(
              Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS)) {
            return new Outcome(hook, false);
          }
        }
        process.destroyForcibly(); // SIGKILL
        sigkilled = true;
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    return new Outcome(hook, sigkilled);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
