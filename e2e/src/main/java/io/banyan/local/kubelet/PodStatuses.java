package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the status a kubelet would report for a {@link PodRuntime}. Transition times are left out
 * on purpose: they would make every report differ, and the kubelet only writes a status when it
 * changed.
 */
final class PodStatuses {
  private PodStatuses() {}

  static PodStatus of(PodRuntime rt, String hostIp) {
    boolean started = rt.startedAt != null || rt.lastTermination != null;
    boolean ready = rt.ready();
    List<PodCondition> conditions = new ArrayList<>();
    conditions.add(condition("PodScheduled", true));
    conditions.add(condition("Initialized", true));
    conditions.add(condition("ContainersReady", ready));
    conditions.add(condition("Ready", ready));
    String phase = rt.terminalPhase != null ? rt.terminalPhase : started ? "Running" : "Pending";
    String containerName = rt.container().getName();
    String image = rt.container().getImage();
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withConditions(conditions)
            .withQosClass("Burstable");
    if (started) {
      status.withPodIP(rt.ip).withPodIPs(new PodIP(rt.ip)).withHostIP(hostIp);
    }
    status
        .withStartTime(time(rt.podStartTime))
        .withContainerStatuses(container(rt, containerName, image));
    return status.build();
  }

  private static ContainerStatus container(PodRuntime rt, String name, String image) {
    ContainerStatusBuilder c =
        new ContainerStatusBuilder()
            .withName(name)
            .withImage(image)
            .withImageID("local://" + image)
            .withReady(rt.ready())
            .withStarted(rt.started())
            .withRestartCount(rt.restartCount)
            .withState(current(rt));
    if (rt.running()) {
      c.withContainerID("local://" + rt.process.pid());
    }
    if (rt.lastTermination != null && rt.terminalPhase == null) {
      c.withLastState(terminated(rt.lastTermination));
    }
    return c.build();
  }

  private static ContainerState current(PodRuntime rt) {
    if (rt.terminalPhase != null && rt.lastTermination != null) {
      return terminated(rt.lastTermination);
    }
    if (rt.running()) {
      return new ContainerStateBuilder()
          .withNewRunning()
          .withStartedAt(time(rt.startedAt))
          .endRunning()
          .build();
    }
    String reason =
        rt.startError != null
            ? "CreateContainerError"
            : rt.waitingToRestart
                ? "CrashLoopBackOff"
                : rt.queuedToStart || (rt.startedAt == null && rt.lastTermination == null)
                    ? "ContainerCreating"
                    : "NodeNotReady";
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(rt.startError)
        .endWaiting()
        .build();
  }

  private static ContainerState terminated(PodRuntime.Termination t) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(t.exitCode())
        .withReason(t.reason())
        .withStartedAt(time(t.startedAt()))
        .withFinishedAt(time(t.finishedAt()))
        .endTerminated()
        .build();
  }

  private static PodCondition condition(String type, boolean ok) {
    return new PodConditionBuilder().withType(type).withStatus(ok ? "True" : "False").build();
  }

  private static String time(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
