package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;

/**
 * What the kubelet knows about one pod: its address, its container's current process and probes,
 * and the history the pod status reports (restart count, last termination). Mutable, and touched
 * only by the kubelet's loop thread.
 */
final class PodRuntime {
  /** How a container's previous run ended, for {@code lastState.terminated}. */
  record Termination(int exitCode, String reason, Instant startedAt, Instant finishedAt) {}

  final String namespace;
  final String name;
  final String uid;
  final String zone;
  final String ip;
  final String nodeName;

  /** The pod as last seen in the API (spec, labels, deletion fields). */
  Pod pod;

  Instant podStartTime;

  Process process;
  ContainerLaunch.Plan plan;
  ContainerProbes probes;
  Instant startedAt;
  int restartCount;
  boolean frozen;

  /** The API object is being deleted: the container is stopped and not restarted. */
  boolean terminating;

  /** A kill (deletion, liveness or startup failure) is under way for the current process. */
  boolean killing;

  /** The kill under way, whose SIGKILL a shorter grace period brings forward. */
  ContainerKiller killer;

  /** Removed from the kubelet (the API object is gone); only a kill may still be running. */
  boolean removed;

  /** Set while the container waits for its restart backoff to expire. */
  boolean waitingToRestart;

  /** Set while the container waits for a start slot ({@link ContainerRuntime#start}). */
  boolean queuedToStart;

  /** Set once the container stopped for good during deletion: Succeeded or Failed. */
  String terminalPhase;

  Duration backoff;
  Termination lastTermination;
  String startError;
  int port = ContainerLaunch.DEFAULT_PORT;

  PodRuntime(Pod pod, String zone, String ip, Duration backoff) {
    this.pod = pod;
    this.namespace = pod.getMetadata().getNamespace();
    this.name = pod.getMetadata().getName();
    this.uid = pod.getMetadata().getUid();
    this.nodeName = pod.getSpec().getNodeName();
    this.zone = zone;
    this.ip = ip;
    this.backoff = backoff;
  }

  String key() {
    return namespace + "/" + name;
  }

  Container container() {
    return ContainerLaunch.container(pod);
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  long pid() {
    return running() ? process.pid() : -1;
  }

  /** Running, started, and its readiness probe passed (or it has none). */
  boolean ready() {
    return running() && probes != null && probes.ready();
  }

  boolean started() {
    return running() && probes != null && probes.started();
  }

  /** The pod's {@code terminationGracePeriodSeconds}, default 30. */
  Duration podGrace() {
    Long s = pod.getSpec().getTerminationGracePeriodSeconds();
    return Duration.ofSeconds(s == null ? 30 : Math.max(0, s));
  }
}
