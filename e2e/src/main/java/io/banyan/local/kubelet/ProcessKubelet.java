package io.banyan.local.kubelet;

import io.banyan.local.events.EventRecorder;
import io.banyan.local.nodes.NodeInventory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A kubelet stand-in for every Node of the inventory: registers the Nodes, runs each Pod bound to
 * one of them as a local process on its own loopback address, and reports pod IP, probes' verdicts
 * and container states, so the unchanged operator can drive real data nodes on one machine. As the
 * kubelet does, it:
 *
 * <ul>
 *   <li>runs each container's declared startup, liveness and readiness probes ({@link Prober});
 *       readiness drives the Ready condition (and so the Service endpoints); a container without a
 *       readiness probe is ready once running;
 *   <li>restarts a container that exits or fails its liveness/startup probe (restartPolicy Always:
 *       restartCount+1, doubling back-off), killing it first as below;
 *   <li>stops a pod whose API object gets a {@code deletionTimestamp}: preStop hook, SIGTERM, the
 *       rest of {@code deletionGracePeriodSeconds}, SIGKILL ({@link ContainerKiller}), then deletes
 *       the object with grace 0. A pod force-deleted from the API is killed when the watch tells
 *       (minimum grace 2 s, no preStop), so its process outlives its object for a while.
 * </ul>
 *
 * <p>Faults for tests: {@link #kill}, {@link #freeze}/{@link #thaw}, {@link #stopNode}/{@link
 * #startNode}, {@link #stopZone}/{@link #startZone} (every node of the cloud zones where a
 * StoreCluster zone's pods run; a pod's StoreCluster zone is its {@code banyan.io/zone} label).
 *
 * <p>Threading: every state change (API events, process exits, probe results, faults) runs on one
 * loop thread, so pod state needs no locks; probes and kills run on virtual threads and post their
 * results back. The public methods are thread-safe and return once the loop has applied them.
 */
public final class ProcessKubelet implements AutoCloseable {
  public static final String ZONE_LABEL = "banyan.io/zone";

  private final KubernetesClient client;
  private final KubeletConfig config;
  private final KubeletLoop loop = new KubeletLoop();
  private final LoopbackAddresses addresses;
  private final NodeRegistry nodes;
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(ProcessKubelet.class.getName());
  private final ContainerRuntime runtime;
  private final ContainerLaunch launch;
  private final Map<String, PodRuntime> pods = new HashMap<>();
  private final PodStatusWriter statuses;
  private final EventRecorder events;
  private final Prober prober;
  private final Set<String> stoppedNodes = new HashSet<>();
  private final Map<String, List<String>> stoppedZones = new LinkedHashMap<>();
  private SharedIndexInformer<Pod> informer;

  public ProcessKubelet(KubernetesClient client, KubeletConfig config) {
    this.client = client;
    this.config = config;
    this.addresses = new LoopbackAddresses(config.network());
    this.nodes = new NodeRegistry(client, config.nodes(), config.hostIp());
    this.statuses = new PodStatusWriter(client, config.hostIp());
    this.events = new EventRecorder(client, "kubelet");
    this.prober =
        new Prober(
            loop.executor,
            events,
            new Prober.Listener() {
              @Override
              public void statusChanged(PodRuntime rt) {
                publish(rt);
              }

              @Override
              public void killForRestart(PodRuntime rt, Process p, ContainerProbes.Worker w) {
                runtime.killAfterProbeFailure(rt, p, w);
              }
            });
    this.launch = new ContainerLaunch(client, new PodVolumes(client, config.stateDir()), config);
    this.runtime =
        new ContainerRuntime(
            client,
            config,
            loop,
            launch,
            prober,
            events,
            new ContainerRuntime.Pods() {
              @Override
              public boolean current(PodRuntime rt) {
                return pods.get(rt.key()) == rt;
              }

              @Override
              public boolean nodeStopped(PodRuntime rt) {
                return stoppedNodes.contains(rt.nodeName);
              }

              @Override
              public void publish(PodRuntime rt) {
                ProcessKubelet.this.publish(rt);
              }

              @Override
              public void stopped(PodRuntime rt) {
                if (rt.terminating && !stoppedNodes.contains(rt.nodeName)) {
                  finishDeletion(rt);
                } else {
                  ProcessKubelet.this.publish(rt);
                }
              }
            });
  }

  /** Registers the Nodes and starts watching Pods of every namespace. */
  public ProcessKubelet start() {
    try {
      Files.createDirectories(config.stateDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    loop.call(
        () -> {
          nodes.register();
          return null;
        });
    informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    loop.post("pod " + pod.getMetadata().getName(), () -> onPod(pod));
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    loop.post("pod " + pod.getMetadata().getName(), () -> onPod(pod));
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    loop.post("pod gone " + pod.getMetadata().getName(), () -> onPodGone(pod));
                  }
                });
    scheduleVolumeRefresh();
    return this;
  }

  /**
   * Emulates the kubelet's periodic sync of mounted ConfigMap and Secret volumes: the files of
   * running containers follow their objects (certificate rotations, ConfigMap edits) without a
   * restart, eventually and atomically. A stopped Node's kubelet refreshes nothing.
   */
  private void scheduleVolumeRefresh() {
    loop.schedule(
        "volume refresh",
        config.volumeRefresh().toMillis(),
        () -> {
          try {
            for (PodRuntime rt : List.copyOf(pods.values())) {
              if (rt.running() && !rt.terminating && !stoppedNodes.contains(rt.nodeName)) {
                List<String> changed = launch.refreshVolumes(rt.pod);
                if (!changed.isEmpty()) {
                  LOG.info("pod " + rt.key() + ": volumes refreshed " + changed);
                }
              }
            }
          } finally {
            if (!loop.executor.isShutdown()) {
              scheduleVolumeRefresh();
            }
          }
        });
  }

  // ---- public queries and faults -------------------------------------------------------------

  /** Every pod this kubelet runs, by namespace and name. */
  public List<LocalPod> pods() {
    return loop.call(
        () ->
            pods.values().stream()
                .sorted(Comparator.comparing(PodRuntime::key))
                .map(LocalPod::of)
                .toList());
  }

  public Optional<LocalPod> pod(String namespace, String name) {
    return loop.call(() -> Optional.ofNullable(pods.get(namespace + "/" + name)).map(LocalPod::of));
  }

  /** The Nodes this kubelet serves. */
  public NodeInventory inventory() {
    return config.nodes();
  }

  /** SIGKILLs a pod's container; the kubelet restarts it after its backoff. Returns the pid. */
  public long kill(String namespace, String name) {
    return loop.call(
        () -> {
          PodRuntime rt = require(namespace, name);
          if (!rt.running()) {
            throw new IllegalStateException(rt.key() + " has no running process");
          }
          long pid = rt.process.pid();
          rt.process.destroyForcibly(); // SIGKILL ends a stopped process too
          return pid;
        });
  }

  /** SIGSTOPs a pod's container: it stays Running; only probes that need an answer notice. */
  public void freeze(String namespace, String name) {
    loop.call(
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
    loop.call(
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
   * Takes a zone down: every node of the cloud zones where the StoreCluster zone's pods run (their
   * Nodes' {@code topology.kubernetes.io/zone}) stops, as in {@link #stopNode}, until {@link
   * #startZone}.
   */
  public void stopZone(String zone) {
    loop.call(
        () -> {
          Set<String> cloudZones = new HashSet<>();
          for (PodRuntime rt : pods.values()) {
            if (rt.zone.equals(zone)) {
              String z = nodes.label(rt.nodeName, NodeInventory.ZONE_LABEL);
              cloudZones.add(z == null ? zone : z);
            }
          }
          if (cloudZones.isEmpty()) {
            cloudZones.add(zone);
          }
          List<String> down = nodes.withLabel(NodeInventory.ZONE_LABEL, cloudZones);
          stoppedZones.put(zone, down);
          down.forEach(this::stopNodeOnLoop);
          return null;
        });
  }

  /** Brings a stopped zone's nodes back. */
  public void startZone(String zone) {
    loop.call(
        () -> {
          List<String> down = stoppedZones.remove(zone);
          if (down != null) {
            down.forEach(this::startNodeOnLoop);
          }
          return null;
        });
  }

  public boolean zoneStopped(String zone) {
    return loop.call(() -> stoppedZones.containsKey(zone));
  }

  /**
   * Powers a node off: its pods' processes are SIGKILLed (no SIGTERM: the machine is gone), its
   * pods reported unready, the Node unreachable; nothing restarts there until {@link #startNode}.
   */
  public void stopNode(String nodeName) {
    loop.call(
        () -> {
          requireNode(nodeName);
          stopNodeOnLoop(nodeName);
          return null;
        });
  }

  /** Powers a node on: the Node is Ready again and its pods' containers start. */
  public void startNode(String nodeName) {
    loop.call(
        () -> {
          requireNode(nodeName);
          startNodeOnLoop(nodeName);
          return null;
        });
  }

  /** Stops every process (SIGTERM, SIGKILL after the grace period) and the watch. */
  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    List<Process> processes =
        loop.call(
            () -> {
              List<Process> all = new ArrayList<>();
              for (PodRuntime rt : pods.values()) {
                rt.removed = true; // no restart, no queued start, no status from here on
                rt.waitingToRestart = false;
                prober.stop(rt);
                if (rt.process != null && rt.process.isAlive()) {
                  if (rt.frozen) {
                    Signals.cont(rt.process.pid()); // shutting the harness down, not a pod
                  }
                  all.add(rt.process);
                }
              }
              pods.clear();
              for (Process p : runtime.liveProcesses()) {
                if (!all.contains(p)) {
                  all.add(p); // a forgotten pod's process still being killed
                }
              }
              return all;
            });
    processes.forEach(ContainerProcesses::terminate);
    processes.forEach(p -> ContainerProcesses.awaitOrKill(p, config.terminationGrace()));
    loop.shutdown();
    events.close();
  }

  // ---- loop-thread logic ---------------------------------------------------------------------

  private void onPod(Pod pod) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    PodRuntime rt = pods.get(key);
    if (rt != null && !rt.uid.equals(pod.getMetadata().getUid())) {
      forget(rt, Duration.ZERO); // deleted and re-created between two events
      rt = null;
    }
    if (!nodes.serves(pod.getSpec().getNodeName())) {
      return; // not bound yet (the scheduler's job), or bound to a node nobody runs
    }
    if (rt == null) {
      String zone =
          pod.getMetadata().getLabels() == null
              ? ""
              : pod.getMetadata().getLabels().getOrDefault(ZONE_LABEL, "");
      rt = new PodRuntime(pod, zone, addresses.addressOf(key), config.restartBackoff());
      rt.podStartTime = Instant.now();
      pods.put(key, rt);
      if (pod.getMetadata().getDeletionTimestamp() == null && !stoppedNodes.contains(rt.nodeName)) {
        runtime.start(rt);
        return;
      }
    }
    rt.pod = pod;
    if (pod.getMetadata().getDeletionTimestamp() != null && !rt.terminating) {
      beginTermination(rt);
    } else if (rt.terminating && rt.killer != null) {
      Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
      if (grace != null) {
        rt.killer.shorten(Duration.ofSeconds(grace)); // a second, shorter delete
      }
    } else if (!rt.terminating) {
      publish(rt);
    }
  }

  /** The API object is gone (deleted by us after termination, or force-deleted). */
  private void onPodGone(Pod pod) {
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    PodRuntime rt = pods.get(key);
    if (rt == null || !rt.uid.equals(pod.getMetadata().getUid())) {
      return;
    }
    Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
    forget(rt, Duration.ofSeconds(grace == null ? 0 : grace));
  }

  /** Drops a pod whose object is gone; a process still running is killed (no preStop at 0 s). */
  private void forget(PodRuntime rt, Duration grace) {
    rt.removed = true;
    rt.waitingToRestart = false;
    pods.remove(rt.key());
    statuses.forget(rt);
    prober.stop(rt);
    if (rt.running() && !rt.killing) {
      runtime.kill(rt, rt.process, grace, "Stopping container " + rt.container().getName());
    } else if (rt.killing && rt.killer != null) {
      rt.killer.shorten(grace); // forced while terminating: the kill comes sooner
    }
  }

  private void beginTermination(PodRuntime rt) {
    rt.terminating = true;
    rt.waitingToRestart = false;
    publish(rt);
    if (stoppedNodes.contains(rt.nodeName)) {
      return; // nobody runs the node: the pod stays Terminating until it comes back
    }
    if (rt.running()) {
      if (!rt.killing) {
        Long grace = rt.pod.getMetadata().getDeletionGracePeriodSeconds();
        runtime.kill(
            rt,
            rt.process,
            grace == null ? rt.podGrace() : Duration.ofSeconds(grace),
            "Stopping container " + rt.container().getName());
      }
    } else {
      finishDeletion(rt);
    }
  }

  /**
   * The container has stopped for good: report the terminal phase, then delete the object with
   * grace 0, as the kubelet's status manager does once a deleted pod's containers are gone.
   */
  private void finishDeletion(PodRuntime rt) {
    if (rt.removed) {
      return;
    }
    rt.terminalPhase =
        rt.lastTermination == null || rt.lastTermination.exitCode() == 0 ? "Succeeded" : "Failed";
    publish(rt);
    rt.removed = true;
    pods.remove(rt.key());
    statuses.forget(rt);
    client.pods().inNamespace(rt.namespace).withName(rt.name).withGracePeriod(0).delete();
  }

  private void stopNodeOnLoop(String nodeName) {
    stoppedNodes.add(nodeName);
    for (PodRuntime rt : onNode(nodeName)) {
      prober.stop(rt);
      if (rt.running()) {
        rt.process.destroyForcibly();
      }
      rt.frozen = false;
      rt.waitingToRestart = false;
      publish(rt);
    }
    nodes.setReady(nodeName, false);
  }

  private void startNodeOnLoop(String nodeName) {
    if (!stoppedNodes.remove(nodeName)) {
      return;
    }
    nodes.setReady(nodeName, true);
    for (PodRuntime rt : onNode(nodeName)) {
      if (rt.terminating) {
        if (!rt.running()) {
          finishDeletion(rt);
        }
      } else if (!rt.running()) {
        if (rt.startedAt != null || rt.lastTermination != null) {
          rt.restartCount++;
        }
        runtime.start(rt);
      }
    }
  }

  private void publish(PodRuntime rt) {
    if (!rt.removed) {
      statuses.publish(rt);
    }
  }

  private List<PodRuntime> onNode(String nodeName) {
    return pods.values().stream().filter(rt -> nodeName.equals(rt.nodeName)).toList();
  }

  private PodRuntime require(String namespace, String name) {
    PodRuntime rt = pods.get(namespace + "/" + name);
    if (rt == null) {
      throw new IllegalArgumentException("no pod " + namespace + "/" + name + " runs here");
    }
    return rt;
  }

  private void requireNode(String nodeName) {
    if (!nodes.serves(nodeName)) {
      throw new IllegalArgumentException("no node '" + nodeName + "'; nodes: " + nodes.names());
    }
  }
}
