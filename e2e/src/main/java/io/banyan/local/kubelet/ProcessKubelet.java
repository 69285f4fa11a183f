package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A kubelet stand-in that runs each Pod of the API as a local process on its own loopback address
 * and reports pod IP and readiness, so the unchanged operator can drive real data nodes on one
 * machine. Like the kubelet, it restarts a container that exits (restartPolicy Always, short
 * backoff, restartCount+1) — so restart races are exercised — and stops a deleted pod's process
 * with SIGTERM, then SIGKILL after a grace period.
 *
 * <p>Faults for tests: {@link #kill}, {@link #freeze}/{@link #thaw}, {@link #stopZone}/{@link
 * #startZone}. A pod's zone is its {@code banyan.io/zone} label.
 *
 * <p>Threading: every state change (API events, process exits, probe results, faults) runs on one
 * loop thread, so pod state needs no locks; probes run on virtual threads and post their results
 * back. The public methods are thread-safe and return once the loop has applied them.
 */
public final class ProcessKubelet implements AutoCloseable {
  public static final String ZONE_LABEL = "banyan.io/zone";
  private static final Logger LOG = Logger.getLogger(ProcessKubelet.class.getName());
  private static final Duration STABLE_RUN = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final KubeletConfig config;
  private final ScheduledExecutorService loop;
  private final LoopbackAddresses addresses;
  private final LocalNodes nodes;
  private final PodVolumes volumes;
  private final ContainerLaunch launch;
  private final Map<String, PodRuntime> pods = new HashMap<>();
  private final PodStatusWriter statuses;
  private final Set<String> stoppedZones = new HashSet<>();
  private SharedIndexInformer<Pod> informer;

  public ProcessKubelet(KubernetesClient client, KubeletConfig config) {
    this.client = client;
    this.config = config;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "process-kubelet");
              t.setDaemon(true);
              return t;
            });
    this.addresses = new LoopbackAddresses(config.network());
    this.nodes = new LocalNodes(client, config.hostIp());
    this.volumes = new PodVolumes(client, config.stateDir());
    this.launch = new ContainerLaunch(client, volumes, config);
    this.statuses = new PodStatusWriter(client, config.hostIp());
  }

  /** Starts watching Pods of every namespace and probing the ones it runs. */
  public ProcessKubelet start() {
    try {
      Files.createDirectories(config.stateDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    loop.execute(() -> guarded(pod, () -> onPod(pod)));
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    loop.execute(() -> guarded(pod, () -> onPod(pod)));
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    loop.execute(() -> guarded(pod, () -> onPodGone(pod)));
                  }
                });
    long period = config.probePeriod().toMillis();
    loop.scheduleWithFixedDelay(this::probeAll, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  // ---- public queries and faults -------------------------------------------------------------

  /** Every pod this kubelet runs, by namespace and name. */
  public List<LocalPod> pods() {
    return onLoop(
        () ->
            pods.values().stream()
                .sorted(Comparator.comparing(PodRuntime::key))
                .map(this::snapshot)
                .toList());
  }

  public Optional<LocalPod> pod(String namespace, String name) {
    return onLoop(() -> Optional.ofNullable(pods.get(namespace + "/" + name)).map(this::snapshot));
  }

  /** SIGKILLs a pod's container; the kubelet restarts it after its backoff. Returns the pid. */
  public long kill(String namespace, String name) {
    return onLoop(
        () -> {
          PodRuntime rt = require(namespace, name);
          if (!rt.running()) {
            throw new IllegalStateException(rt.key() + " has no running process");
          }
          long pid = rt.process.pid();
          if (rt.frozen) {
            Signals.cont(pid); // a stopped process dies of SIGKILL too, but be explicit
            rt.frozen = false;
          }
          rt.process.destroyForcibly();
          return pid;
        });
  }

  /** SIGSTOPs a pod's container: it stays Running but stops answering, so it turns unready. */
  public void freeze(String namespace, String name) {
    onLoop(
        () -> {
          PodRuntime rt = require(namespace, name);
          if (rt.running() && !rt.frozen) {
            Signals.stop(rt.process.pid());
            rt.frozen = true;
          }
          return null;
        });
  }

  /** SIGCONTs a frozen pod's container. */
  public void thaw(String namespace, String name) {
    onLoop(
        () -> {
          PodRuntime rt = require(namespace, name);
          if (rt.running() && rt.frozen) {
            Signals.cont(rt.process.pid());
          }
          rt.frozen = false;
          return null;
        });
  }

  /**
   * Takes a zone down: SIGKILLs every pod process of the zone, reports those pods unready and their
   * Nodes NotReady, and restarts nothing until {@link #startZone}.
   */
  public void stopZone(String zone) {
    onLoop(
        () -> {
          stoppedZones.add(zone);
          for (PodRuntime rt : inZone(zone)) {
            if (rt.running()) {
              rt.process.destroyForcibly();
            }
            rt.frozen = false;
            rt.ready = false;
            rt.waitingToRestart = false;
            if (rt.nodeName != null) {
              nodes.setReady(rt.nodeName, false);
            }
            publish(rt);
          }
          return null;
        });
  }

  /** Brings a stopped zone back: Nodes Ready, every pod of the zone started again. */
  public void startZone(String zone) {
    onLoop(
        () -> {
          stoppedZones.remove(zone);
          for (PodRuntime rt : inZone(zone)) {
            if (rt.nodeName != null) {
              nodes.setReady(rt.nodeName, true);
            }
            if (!rt.running() && !rt.deleted) {
              if (rt.startedAt != null || rt.lastTermination != null) {
                rt.restartCount++;
              }
              startContainer(rt);
            }
          }
          return null;
        });
  }

  public boolean zoneStopped(String zone) {
    return onLoop(() -> stoppedZones.contains(zone));
  }

  /** Stops every process (SIGTERM, SIGKILL after the grace period) and the watch. */
  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    List<Process> processes =
        onLoop(
            () -> {
              List<Process> all = new ArrayList<>();
              for (PodRuntime rt : pods.values()) {
                rt.deleted = true;
                if (rt.process != null) {
                  all.add(rt.process);
                }
              }
              return all;
            });
    processes.forEach(ContainerProcesses::terminate);
    processes.forEach(p -> ContainerProcesses.awaitOrKill(p, config.terminationGrace()));
    loop.shutdownNow();
  }

  // ---- loop-thread logic ---------------------------------------------------------------------

  private void onPod(Pod pod) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    PodRuntime rt = pods.get(key);
    if (rt != null && !rt.uid.equals(pod.getMetadata().getUid())) {
      stopPod(rt); // deleted and re-created between two events
      rt = null;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (rt != null) {
        stopPod(rt);
      }
      return;
    }
    if (rt != null) {
      return; // already running; our own status writes come back here too
    }
    String zone =
        pod.getMetadata().getLabels() == null
            ? ""
            : pod.getMetadata().getLabels().getOrDefault(ZONE_LABEL, "");
    rt =
        new PodRuntime(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getMetadata().getUid(),
            zone,
            addresses.addressOf(key),
            ContainerLaunch.container(pod).getName(),
            ContainerLaunch.container(pod).getImage(),
            config.restartBackoff());
    rt.probed = ContainerLaunch.container(pod).getReadinessProbe() != null;
    pods.put(key, rt);
    rt.nodeName = pod.getSpec().getNodeName();
    if (rt.nodeName == null) {
      rt.nodeName = nodes.placeOf(pod);
      bind(pod, rt.nodeName);
    }
    rt.podStartTime = Instant.now();
    if (stoppedZones.contains(zone)) {
      nodes.setReady(rt.nodeName, false);
      publish(rt);
      return;
    }
    startContainer(rt);
  }

  private void onPodGone(Pod pod) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    PodRuntime rt = pods.get(key);
    if (rt != null && rt.uid.equals(pod.getMetadata().getUid())) {
      stopPod(rt);
    }
  }

  private void stopPod(PodRuntime rt) {
    rt.deleted = true;
    pods.remove(rt.key());
    statuses.forget(rt);
    Process p = rt.process;
    if (p != null && p.isAlive()) {
      if (rt.frozen) {
        Signals.cont(p.pid());
      }
      ContainerProcesses.terminate(p);
      Thread.ofVirtual().start(() -> ContainerProcesses.awaitOrKill(p, config.terminationGrace()));
    }
  }

  private void startContainer(PodRuntime rt) {
    rt.waitingToRestart = false;
    Pod pod = client.pods().inNamespace(rt.namespace).withName(rt.name).get();
    if (pod == null || !rt.uid.equals(pod.getMetadata().getUid())) {
      return; // gone meanwhile; the delete event cleans up
    }
    try {
      ContainerLaunch.Plan plan = launch.plan(pod, rt.ip);
      Process process = ContainerProcesses.start(plan);
      rt.process = process;
      rt.port = plan.port();
      rt.startedAt = Instant.now();
      rt.startError = null;
      rt.ready = false;
      rt.failedProbes = 0;
      process.onExit().thenRun(() -> loop.execute(() -> onExit(rt, process)));
      LOG.fine(() -> "started " + rt.key() + " pid " + process.pid() + ": " + plan.command());
    } catch (IOException | RuntimeException e) {
      rt.startError = e.getMessage();
      LOG.log(Level.WARNING, "cannot start " + rt.key(), e);
      scheduleRestart(rt);
    }
    publish(rt);
  }

  private void onExit(PodRuntime rt, Process process) {
    if (rt.process != process) {
      return;
    }
    Instant now = Instant.now();
    int code = process.exitValue();
    rt.lastTermination =
        new PodRuntime.Termination(code, code == 0 ? "Completed" : "Error", rt.startedAt, now);
    rt.ready = false;
    rt.frozen = false;
    if (rt.deleted || stoppedZones.contains(rt.zone)) {
      publish(rt);
      return;
    }
    if (Duration.between(rt.startedAt, now).compareTo(STABLE_RUN) >= 0) {
      rt.backoff = config.restartBackoff();
    }
    scheduleRestart(rt);
    publish(rt);
  }

  private void scheduleRestart(PodRuntime rt) {
    rt.waitingToRestart = true;
    Duration delay = rt.backoff;
    Duration max = config.restartBackoff().multipliedBy(8);
    rt.backoff = delay.multipliedBy(2).compareTo(max) > 0 ? max : delay.multipliedBy(2);
    loop.schedule(
        () ->
            guarded(
                null,
                () -> {
                  if (pods.get(rt.key()) == rt
                      && rt.waitingToRestart
                      && !rt.running()
                      && !stoppedZones.contains(rt.zone)) {
                    rt.restartCount++;
                    startContainer(rt);
                  }
                }),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void probeAll() {
    for (PodRuntime rt : List.copyOf(pods.values())) {
      Process p = rt.process;
      if (p == null || !p.isAlive()) {
        continue;
      }
      Thread.ofVirtual()
          .start(
              () -> {
                boolean ok =
                    !rt.probed || ReadinessProbe.check(rt.ip, rt.port, config.probePeriod());
                loop.execute(() -> guarded(null, () -> onProbe(rt, p, ok)));
              });
    }
  }

  private void onProbe(PodRuntime rt, Process p, boolean ok) {
    if (rt.process != p || pods.get(rt.key()) != rt) {
      return;
    }
    // Ready on the first success; unready after two failures in a row, so one slow answer
    // (a GC pause) does not flap the endpoints.
    rt.failedProbes = ok ? 0 : rt.failedProbes + 1;
    rt.ready = ok ? p.isAlive() : rt.ready && rt.failedProbes < 2;
    publish(rt);
  }

  private void publish(PodRuntime rt) {
    if (!rt.deleted) {
      statuses.publish(rt);
    }
  }

  private void bind(Pod pod, String nodeName) {
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .edit(
            p -> {
              p.getSpec().setNodeName(nodeName);
              return p;
            });
  }

  private List<PodRuntime> inZone(String zone) {
    return pods.values().stream().filter(rt -> rt.zone.equals(zone)).toList();
  }

  private PodRuntime require(String namespace, String name) {
    PodRuntime rt = pods.get(namespace + "/" + name);
    if (rt == null) {
      throw new IllegalArgumentException("no pod " + namespace + "/" + name + " runs here");
    }
    return rt;
  }

  private LocalPod snapshot(PodRuntime rt) {
    return new LocalPod(
        rt.namespace,
        rt.name,
        rt.zone,
        rt.nodeName,
        rt.ip,
        rt.port,
        rt.pid(),
        rt.ready,
        rt.frozen,
        rt.restartCount);
  }

  /** Runs a step on the loop and logs, rather than loses, what it throws. */
  private static void guarded(Pod pod, Runnable step) {
    try {
      step.run();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "API call failed (the object changed or went away)", e);
    } catch (RuntimeException e) {
      String what = pod == null ? "" : " for " + pod.getMetadata().getName();
      LOG.log(Level.WARNING, "kubelet step failed" + what, e);
    }
  }

  private <T> T onLoop(Callable<T> task) {
    try {
      return loop.submit(task).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("kubelet loop did not answer in 30 s", e);
    }
  }
}
