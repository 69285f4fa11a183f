package io.banyan.local.kubelet;

import java.time.Duration;
import java.time.Instant;

/**
 * What the kubelet knows about one pod: its address, its container's current process and the
 * history the pod status reports (restart count, last termination). Mutable, and touched only by
 * the kubelet's loop thread.
 */
final class PodRuntime {
  /** How a container's previous run ended, for {@code lastState.terminated}. */
  record Termination(int exitCode, String reason, Instant startedAt, Instant finishedAt) {}

  final String namespace;
  final String name;
  final String uid;
  final String zone;
  final String ip;
  final String containerName;
  final String image;
  String nodeName;
  Instant podStartTime;

  Process process;
  Instant startedAt;
  int restartCount;
  boolean ready;
  int failedProbes;
  boolean frozen;
  boolean deleted;

  /** Set while the container waits for its restart backoff to expire. */
  boolean waitingToRestart;

  Duration backoff;
  Termination lastTermination;
  String startError;
  int port = ContainerLaunch.DEFAULT_PORT;

  /** Whether the container has a readiness probe; without one, running means ready. */
  boolean probed = true;

  PodRuntime(
      String namespace,
      String name,
      String uid,
      String zone,
      String ip,
      String containerName,
      String image,
      Duration backoff) {
    this.namespace = namespace;
    this.containerName = containerName;
    this.image = image;
    this.name = name;
    this.uid = uid;
    this.zone = zone;
    this.ip = ip;
    this.backoff = backoff;
  }

  String key() {
    return namespace + "/" + name;
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  long pid() {
    return running() ? process.pid() : -1;
  }
}
