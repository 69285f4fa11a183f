package io.banyan.local.kubelet;

import io.banyan.local.events.EventRecorder;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container's declared probes ({@link ContainerProbes}) on the kubelet's loop: each worker
 * ticks at its period, its probe runs on a virtual thread ({@link ContainerActions}) and the result
 * comes back to the loop, where it may change the pod's readiness or ask for the container to be
 * killed. Failed probes are reported as {@code Unhealthy} events, as the kubelet reports them.
 */
final class Prober {
  /** What probe results ask of the kubelet (called on the loop). */
  interface Listener {
    void statusChanged(PodRuntime rt);

    void killForRestart(PodRuntime rt, Process process, ContainerProbes.Worker worker);
  }

  private final ScheduledExecutorService loop;
  private final EventRecorder events;
  private final Listener listener;

  Prober(ScheduledExecutorService loop, EventRecorder events, Listener listener) {
    this.loop = loop;
    this.events = events;
    this.listener = listener;
  }

  /** Starts the probes of {@code rt}'s current container run. */
  void start(PodRuntime rt) {
    Process process = rt.process;
    ContainerProbes probes = new ContainerProbes(rt.container(), rt.startedAt);
    rt.probes = probes;
    for (ContainerProbes.Worker w : probes.workers.values()) {
      long period = w.period().toMillis();
      w.ticker =
          loop.scheduleAtFixedRate(
              () -> tick(rt, process, probes, w), 0, period, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops the probes of the current run (the readiness state is kept for the status). */
  void stop(PodRuntime rt) {
    if (rt.probes != null) {
      rt.probes.cancel();
    }
  }

  private void tick(
      PodRuntime rt, Process process, ContainerProbes probes, ContainerProbes.Worker w) {
    try {
      tickOnce(rt, process, probes, w);
    } catch (RuntimeException e) {
      // a periodic task that throws is never run again: log and keep ticking
      java.util.logging.Logger.getLogger(Prober.class.getName())
          .log(java.util.logging.Level.WARNING, "probe tick failed for " + rt.key(), e);
    }
  }

  private void tickOnce(
      PodRuntime rt, Process process, ContainerProbes probes, ContainerProbes.Worker w) {
    if (rt.process != process || rt.probes != probes || !process.isAlive() || rt.removed) {
      return;
    }
    if (!probes.due(w, Instant.now(), rt.terminating || rt.killing)) {
      return;
    }
    w.inFlight = true;
    ContainerActions.Target target = new ContainerActions.Target(rt.ip, rt.container(), rt.plan);
    Thread.ofVirtual()
        .start(
            () -> {
              ContainerActions.Result result = ContainerActions.probe(w.spec, target, w.timeout());
              loop.execute(() -> onResult(rt, process, probes, w, result));
            });
  }

  private void onResult(
      PodRuntime rt,
      Process process,
      ContainerProbes probes,
      ContainerProbes.Worker w,
      ContainerActions.Result result) {
    w.inFlight = false;
    if (rt.process != process || rt.probes != probes || rt.removed) {
      return;
    }
    if (!result.success()) {
      events.record(
          rt.pod,
          EventRecorder.WARNING,
          "Unhealthy",
          w.kind.label + " probe failed: " + result.message());
    }
    switch (probes.record(w, result.success())) {
      case STATUS_CHANGED -> {
        if (w.kind == ContainerProbes.Kind.STARTUP && w.ticker != null) {
          w.ticker.cancel(false);
        }
        listener.statusChanged(rt);
      }
      case KILL -> listener.killForRestart(rt, process, w);
      case NONE -> {}
    }
  }
}
