package io.banyan.local.kubelet;

import io.banyan.local.events.EventRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The container runtime side of the kubelet (kuberuntime): starts a pod's container as a process,
 * with its probes; kills it ({@link ContainerKiller}: preStop, SIGTERM, grace, SIGKILL) for a
 * deletion or a failed liveness/startup probe; and, when it exits while its pod should run,
 * restarts it after a back-off that doubles on quick exits (restartPolicy Always, restartCount+1).
 * Runs on the kubelet's loop.
 */
final class ContainerRuntime {
  /** What the runtime asks of the kubelet about a pod. */
  interface Pods {
    /** The pod is still the one the kubelet runs under its name. */
    boolean current(PodRuntime rt);

    boolean nodeStopped(PodRuntime rt);

    void publish(PodRuntime rt);

    /** The container stopped and is not to be restarted (pod terminating, or node down). */
    void stopped(PodRuntime rt);
  }

  private static final Logger LOG = Logger.getLogger(ProcessKubelet.class.getName());
  private static final Duration STABLE_RUN = Duration.ofSeconds(10);
  private static final Duration START_LIMIT = Duration.ofSeconds(60);

  private final KubernetesClient client;
  private final KubeletConfig config;
  private final KubeletLoop loop;
  private final ContainerLaunch launch;
  private final Prober prober;
  private final EventRecorder events;
  private final Pods pods;
  private final java.util.Set<Process> starting = new java.util.HashSet<>();
  private final java.util.Set<Process> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.ArrayDeque<PodRuntime> queued = new java.util.ArrayDeque<>();

  ContainerRuntime(
      KubernetesClient client,
      KubeletConfig config,
      KubeletLoop loop,
      ContainerLaunch launch,
      Prober prober,
      EventRecorder events,
      Pods pods) {
    this.client = client;
    this.config = config;
    this.loop = loop;
    this.launch = launch;
    this.prober = prober;
    this.events = events;
    this.pods = pods;
  }

  /**
   * Every container process started and not yet exited — including those of pods already forgotten
   * whose kill is still under way — for the kubelet's shutdown.
   */
  java.util.List<Process> liveProcesses() {
    return java.util.List.copyOf(live);
  }

  /** A liveness or startup failure: the container is killed (probe's grace, else the pod's). */
  void killAfterProbeFailure(PodRuntime rt, Process p, ContainerProbes.Worker w) {
    Long probeGrace = w.spec.getTerminationGracePeriodSeconds();
    kill(
        rt,
        p,
        probeGrace != null ? Duration.ofSeconds(probeGrace) : rt.podGrace(),
        "Container "
            + rt.container().getName()
            + " failed "
            + w.kind.label.toLowerCase()
            + " probe, will be restarted");
  }

  /** Off the loop: waits until the container's first port accepts connections (or it exits). */
  private void awaitListening(PodRuntime rt, Process process) {
    int port = ContainerLaunch.port(rt.container());
    boolean declared = rt.container().getPorts() != null && !rt.container().getPorts().isEmpty();
    Thread.ofVirtual()
        .start(
            () -> {
              long until = System.nanoTime() + START_LIMIT.toNanos();
              while (declared && process.isAlive() && System.nanoTime() < until) {
                try (java.net.Socket s = new java.net.Socket()) {
                  s.connect(new java.net.InetSocketAddress(rt.ip, port), 200);
                  break;
                } catch (IOException e) {
                  try {
                    Thread.sleep(100); // polling the port, as a probe would
                  } catch (InterruptedException ie) {
                    return;
                  }
                }
              }
              loop.post("started " + rt.key(), () -> startFinished(process));
            });
  }

  /** A container left its start phase (listening, exited, or too slow): the next may start. */
  private void startFinished(Process process) {
    starting.remove(process);
    while (starting.size() < config.parallelStarts() && !queued.isEmpty()) {
      PodRuntime next = queued.poll();
      next.queuedToStart = false;
      if (pods.current(next) && !next.running() && !next.terminating && !pods.nodeStopped(next)) {
        start(next);
      }
    }
  }

  void kill(PodRuntime rt, Process process, Duration grace, String message) {
    rt.killing = true;
    events.record(rt.pod, EventRecorder.NORMAL, "Killing", message);
    var preStop =
        rt.container().getLifecycle() == null ? null : rt.container().getLifecycle().getPreStop();
    ContainerActions.Target target = new ContainerActions.Target(rt.ip, rt.container(), rt.plan);
    ContainerKiller killer = new ContainerKiller(process, grace, preStop, target);
    rt.killer = killer;
    Thread.ofVirtual()
        .start(
            () -> {
              ContainerKiller.Outcome outcome = killer.run();
              if (outcome.preStop() != null && !outcome.preStop().success()) {
                events.record(
                    rt.pod,
                    EventRecorder.WARNING,
                    "FailedPreStopHook",
                    "PreStopHook failed: " + outcome.preStop().message());
              }
            });
  }

  /**
   * Starts the pod's container — or queues it while {@code parallelStarts} containers are still
   * starting (launched, their first port not yet open). All pretend nodes share this machine's
   * CPUs; started all at once, a dozen JVMs each take many times longer than on a node of their own
   * and the kubelet's real probe timings then kill them before they listen. Like the kubelet's
   * serialized image pulls, the queue shows as {@code ContainerCreating}; probe timings are
   * unchanged and count from the actual start.
   */
  void start(PodRuntime rt) {
    if (rt.removed) {
      return; // the pod's object is gone, or the kubelet is shutting down
    }
    rt.waitingToRestart = false;
    rt.killing = false;
    if (starting.size() >= config.parallelStarts()) {
      if (!queued.contains(rt)) {
        queued.add(rt);
      }
      rt.queuedToStart = true;
      pods.publish(rt);
      return;
    }
    rt.queuedToStart = false;
    Pod pod = client.pods().inNamespace(rt.namespace).withName(rt.name).get();
    if (pod == null || !rt.uid.equals(pod.getMetadata().getUid())) {
      return; // gone meanwhile; the delete event cleans up
    }
    rt.pod = pod;
    try {
      ContainerLaunch.Plan plan = launch.plan(pod, rt.ip);
      Process process = ContainerProcesses.start(plan);
      rt.process = process;
      rt.plan = plan;
      rt.port = plan.port();
      rt.startedAt = Instant.now();
      rt.startError = null;
      rt.frozen = false;
      live.add(process);
      process.onExit().thenRun(() -> live.remove(process));
      process.onExit().thenRun(() -> loop.post("exit of " + rt.key(), () -> onExit(rt, process)));
      prober.start(rt);
      starting.add(process);
      awaitListening(rt, process);
      LOG.fine(() -> "started " + rt.key() + " pid " + process.pid() + ": " + plan.command());
    } catch (IOException | RuntimeException e) {
      rt.startError = e.getMessage();
      LOG.log(Level.WARNING, "cannot start " + rt.key(), e);
      scheduleRestart(rt);
    }
    pods.publish(rt);
  }

  private void onExit(PodRuntime rt, Process process) {
    if (rt.process != process) {
      return;
    }
    Instant now = Instant.now();
    int code = process.exitValue();
    rt.lastTermination =
        new PodRuntime.Termination(code, code == 0 ? "Completed" : "Error", rt.startedAt, now);
    rt.frozen = false;
    rt.killing = false;
    rt.killer = null;
    prober.stop(rt);
    if (rt.removed) {
      return;
    }
    if (rt.terminating || pods.nodeStopped(rt)) {
      pods.stopped(rt);
      return;
    }
    if (Duration.between(rt.startedAt, now).compareTo(STABLE_RUN) >= 0) {
      rt.backoff = config.restartBackoff();
    }
    scheduleRestart(rt);
    pods.publish(rt);
  }

  private void scheduleRestart(PodRuntime rt) {
    rt.waitingToRestart = true;
    Duration delay = rt.backoff;
    Duration max = config.restartBackoff().multipliedBy(8);
    rt.backoff = delay.multipliedBy(2).compareTo(max) > 0 ? max : delay.multipliedBy(2);
    loop.schedule(
        "restart of " + rt.key(),
        delay.toMillis(),
        () -> {
          if (pods.current(rt)
              && rt.waitingToRestart
              && !rt.running()
              && !rt.terminating
              && !pods.nodeStopped(rt)) {
            rt.restartCount++;
            start(rt);
          }
        });
  }
}
