package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * The kubelet prober's workers for one run of a container (pkg/kubelet/prober): one per declared
 * probe, with Kubernetes' defaults (period 10 s, timeout 1 s, success threshold 1, failure
 * threshold 3, no initial delay) and rules:
 *
 * <ul>
 *   <li>a worker ticks every {@code periodSeconds} from the container's start and skips ticks
 *       before {@code initialDelaySeconds} (counted from the container's start) and while its
 *       previous probe still runs;
 *   <li>liveness and readiness probes do not run until the startup probe has succeeded;
 *   <li>a result changes the probe's state only after {@code successThreshold} successes or {@code
 *       failureThreshold} failures in a row;
 *   <li>readiness starts as failed; a container without a readiness probe is ready once started;
 *   <li>a liveness or startup failure asks for the container to be killed (and restarted by its
 *       restart policy), after which that worker holds until the next run of the container.
 * </ul>
 *
 * Probes are not run here: the kubelet schedules the ticks and runs the actions ({@link
 * ContainerActions}). Touched only by the kubelet's loop thread.
 */
final class ContainerProbes {
  enum Kind {
    STARTUP("Startup"),
    LIVENESS("Liveness"),
    READINESS("Readiness");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** What a result asks of the kubelet. */
  enum Effect {
    NONE,
    STATUS_CHANGED,
    KILL
  }

  /** One probe's worker. */
  static final class Worker {
    final Kind kind;
    final Probe spec;
    int successRun;
    int failureRun;
    long runs;
    boolean inFlight;
    boolean onHold;
    ScheduledFuture<?> ticker;

    Worker(Kind kind, Probe spec) {
      this.kind = kind;
      this.spec = spec;
    }

    Duration period() {
      return Duration.ofSeconds(Math.max(1, or(spec.getPeriodSeconds(), 10)));
    }

    Duration timeout() {
      return Duration.ofSeconds(Math.max(1, or(spec.getTimeoutSeconds(), 1)));
    }

    Duration initialDelay() {
      return Duration.ofSeconds(Math.max(0, or(spec.getInitialDelaySeconds(), 0)));
    }

    int successThreshold() {
      return Math.max(1, or(spec.getSuccessThreshold(), 1));
    }

    int failureThreshold() {
      return Math.max(1, or(spec.getFailureThreshold(), 3));
    }

    private static int or(Integer value, int fallback) {
      return value == null ? fallback : value;
    }
  }

  final Instant containerStart;
  final Map<Kind, Worker> workers = new EnumMap<>(Kind.class);
  private boolean started;
  private boolean readinessPassed;

  ContainerProbes(Container container, Instant containerStart) {
    this.containerStart = containerStart;
    if (container.getStartupProbe() != null) {
      workers.put(Kind.STARTUP, new Worker(Kind.STARTUP, container.getStartupProbe()));
    }
    if (container.getLivenessProbe() != null) {
      workers.put(Kind.LIVENESS, new Worker(Kind.LIVENESS, container.getLivenessProbe()));
    }
    if (container.getReadinessProbe() != null) {
      workers.put(Kind.READINESS, new Worker(Kind.READINESS, container.getReadinessProbe()));
    }
    started = !workers.containsKey(Kind.STARTUP);
  }

  /** The startup probe has succeeded, or there is none. */
  boolean started() {
    return started;
  }

  /** Started, and the readiness probe passed (or there is none). */
  boolean ready() {
    return started && (!workers.containsKey(Kind.READINESS) || readinessPassed);
  }

  /** Whether a tick of {@code w} at {@code now} runs a probe. */
  boolean due(Worker w, Instant now, boolean terminating) {
    if (w.inFlight || w.onHold) {
      return false;
    }
    if (terminating && w.kind != Kind.READINESS) {
      return false; // a terminating container is not restarted
    }
    if (w.kind != Kind.STARTUP && !started) {
      return false;
    }
    if (w.kind == Kind.STARTUP && started) {
      return false;
    }
    return !now.isBefore(containerStart.plus(w.initialDelay()));
  }

  /** Records one probe result and says what it changes. */
  Effect record(Worker w, boolean success) {
    w.runs++;
    if (success) {
      w.successRun++;
      w.failureRun = 0;
    } else {
      w.failureRun++;
      w.successRun = 0;
    }
    switch (w.kind) {
      case STARTUP -> {
        if (success) {
          started = true;
          return Effect.STATUS_CHANGED;
        }
        if (w.failureRun >= w.failureThreshold()) {
          w.onHold = true;
          return Effect.KILL;
        }
      }
      case LIVENESS -> {
        if (!success && w.failureRun >= w.failureThreshold()) {
          w.onHold = true;
          return Effect.KILL;
        }
      }
      case READINESS -> {
        if (success && !readinessPassed && w.successRun >= w.successThreshold()) {
          readinessPassed = true;
          return Effect.STATUS_CHANGED;
        }
        if (!success && readinessPassed && w.failureRun >= w.failureThreshold()) {
          readinessPassed = false;
          return Effect.STATUS_CHANGED;
        }
      }
    }
    return Effect.NONE;
  }

  /** Probes run so far, by kind ({@code startup}, {@code liveness}, {@code readiness}). */
  Map<String, Long> runs() {
    Map<String, Long> runs = new LinkedHashMap<>();
    workers.forEach((k, w) -> runs.put(k.name().toLowerCase(), w.runs));
    return runs;
  }

  /** Stops every worker's ticks. */
  void cancel() {
    workers
        .values()
        .forEach(
            w -> {
              if (w.ticker != null) {
                w.ticker.cancel(false);
              }
            });
  }
}
