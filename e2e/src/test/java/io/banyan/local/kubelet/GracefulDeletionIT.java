package io.banyan.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pod deletion end to end: the API server keeps a deleted pod Terminating, the kubelet stand-in
 * runs its preStop hook, sends SIGTERM, waits out the grace period, SIGKILLs, and only then removes
 * the object; a forced deletion removes the object first and the process later.
 */
class GracefulDeletionIT {
  static TestCluster k8s;

  @BeforeAll
  static void start() {
    k8s = TestCluster.start("deletion", 206);
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  /** Everything watchers saw of a pod: its phase, and whether it was being deleted. */
  record Seen(String action, boolean terminating, String phase, Integer exitCode) {}

  static List<Seen> watch(String name, List<Watch> keep) {
    List<Seen> seen = new CopyOnWriteArrayList<>();
    keep.add(
        k8s.client
            .pods()
            .inNamespace(TestPods.NAMESPACE)
            .withName(name)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod p) {
                    var statuses =
                        p.getStatus() == null ? null : p.getStatus().getContainerStatuses();
                    Integer exit =
                        statuses == null
                                || statuses.isEmpty()
                                || statuses.get(0).getState().getTerminated() == null
                            ? null
                            : statuses.get(0).getState().getTerminated().getExitCode();
                    seen.add(
                        new Seen(
                            action.name(),
                            p.getMetadata().getDeletionTimestamp() != null,
                            p.getStatus() == null ? null : p.getStatus().getPhase(),
                            exit));
                  }

                  @Override
                  public void onClose(WatcherException e) {}
                }));
    return seen;
  }

  static LocalPod run(String name, UnaryOperator<PodBuilder> shape, String... args) {
    k8s.client
        .resource(shape.apply(new PodBuilder(TestPods.fakePod(name, "us-east-1c", args))).build())
        .create();
    k8s.await(name, "listening", () -> k8s.runs(name) && k8s.log(name).contains("started"));
    return k8s.local(name);
  }

  static PodBuilder preStop(PodBuilder p, io.fabric8.kubernetes.api.model.LifecycleHandler hook) {
    var c = p.buildSpec().getContainers().get(0);
    c.setLifecycle(
        new io.fabric8.kubernetes.api.model.LifecycleBuilder().withPreStop(hook).build());
    return p.editSpec().withContainers(c).endSpec();
  }

  @Test
  void aDeletedPodRunsItsExecPreStopHookThenGetsSigtermAndIsRemovedOnceItExits() throws Exception {
    List<Watch> watches = new CopyOnWriteArrayList<>();
    List<Seen> seen = watch("exec-hook", watches);
    LocalPod pod =
        run(
            "exec-hook",
            p ->
                preStop(
                    p,
                    new LifecycleHandlerBuilder()
                        .withNewExec()
                        .withCommand("sh", "-c", "echo prestop-exec >> container.log")
                        .endExec()
                        .build()));
    k8s.client.pods().inNamespace(TestPods.NAMESPACE).withName("exec-hook").delete();
    k8s.await("exec-hook", "removed", () -> k8s.pod("exec-hook") == null && !k8s.runs("exec-hook"));
    assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    String log = k8s.log("exec-hook");
    assertThat(log.indexOf("prestop-exec")).as(log).isPositive().isLessThan(log.indexOf("SIGTERM"));
    k8s.await(
        "exec-hook",
        "the DELETED event",
        () -> seen.stream().anyMatch(s -> s.action().equals("DELETED")));
    assertThat(seen).anyMatch(s -> s.action().equals("MODIFIED") && s.terminating());
    Seen last = seen.get(seen.size() - 1);
    assertThat(last.action()).isEqualTo("DELETED");
    assertThat(last.terminating()).isTrue();
    assertThat(last.phase()).as("terminal phase reported before removal").isEqualTo("Failed");
    assertThat(last.exitCode()).as("exited on SIGTERM").isEqualTo(143);
    for (Watch w : watches) {
      w.close();
    }
  }

  @Test
  void anHttpPreStopHookRunsBeforeSigterm() {
    run(
        "http-hook",
        p ->
            preStop(
                p,
                new LifecycleHandlerBuilder()
                    .withNewHttpGet()
                    .withPath("/prestop")
                    .withPort(new io.fabric8.kubernetes.api.model.IntOrString("http"))
                    .endHttpGet()
                    .build()));
    k8s.client.pods().inNamespace(TestPods.NAMESPACE).withName("http-hook").delete();
    k8s.await("http-hook", "removed", () -> k8s.pod("http-hook") == null);
    String log = k8s.log("http-hook");
    assertThat(log.indexOf("prestop-http")).as(log).isPositive().isLessThan(log.indexOf("SIGTERM"));
  }

  @Test
  void aProcessIgnoringSigtermIsSigkilledWhenTheGracePeriodEnds() {
    List<Watch> watches = new CopyOnWriteArrayList<>();
    List<Seen> seen = watch("stubborn", watches);
    LocalPod pod =
        run(
            "stubborn",
            p -> p.editSpec().withTerminationGracePeriodSeconds(2L).endSpec(),
            "--ignore-term");
    k8s.client.pods().inNamespace(TestPods.NAMESPACE).withName("stubborn").delete();
    k8s.await("stubborn", "removed", () -> k8s.pod("stubborn") == null);
    assertThat(k8s.log("stubborn")).contains("SIGTERM");
    assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    k8s.await(
        "stubborn",
        "the DELETED event",
        () -> seen.stream().anyMatch(s -> s.action().equals("DELETED")));
    assertThat(seen.get(seen.size() - 1).exitCode()).as("SIGKILL").isEqualTo(137);
    watches.forEach(Watch::close);
  }

  /**
   * A pod whose process ignores SIGTERM stays Terminating — object in the API, process running —
   * through its grace period; forcing the deletion then removes the object at once, and the
   * kubelet, told by its watch, kills the process after its 2 s minimum instead of the remaining
   * grace.
   */
  @Test
  void aTerminatingPodKeepsItsObjectUntilItsProcessEndsUnlessTheDeletionIsForced() {
    LocalPod pod =
        run(
            "forced",
            p -> p.editSpec().withTerminationGracePeriodSeconds(600L).endSpec(),
            "--ignore-term");
    k8s.client.pods().inNamespace(TestPods.NAMESPACE).withName("forced").delete();
    k8s.await("forced", "SIGTERM received", () -> k8s.log("forced").contains("SIGTERM"));
    Pod terminating = k8s.pod("forced");
    assertThat(terminating).as("still in the API while its process runs").isNotNull();
    assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(600L);
    assertThat(ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    assertThat(k8s.local("forced").terminating()).isTrue();

    k8s.client
        .pods()
        .inNamespace(TestPods.NAMESPACE)
        .withName("forced")
        .withGracePeriod(0)
        .delete();
    assertThat(k8s.pod("forced")).as("gone from the API at once").isNull();
    k8s.await(
        "forced",
        "the process killed long before its 600 s",
        () -> !ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive).orElse(false));
    assertThat(k8s.runs("forced")).isFalse();
  }

  @Test
  void aRunningPodForceDeletedLosesItsObjectFirstAndItsProcessWhenTheKubeletNotices() {
    LocalPod pod = run("force-now", p -> p, "--ignore-term");
    k8s.client
        .pods()
        .inNamespace(TestPods.NAMESPACE)
        .withName("force-now")
        .withGracePeriod(0)
        .delete();
    assertThat(k8s.pod("force-now")).as("gone from the API at once").isNull();
    // Only the kubelet signals it, and only after its watch told it the object was gone.
    k8s.await(
        "force-now", "SIGTERM from the kubelet", () -> k8s.log("force-now").contains("SIGTERM"));
    k8s.await(
        "force-now",
        "killed",
        () -> !ProcessHandle.of(pod.pid()).map(ProcessHandle::isAlive).orElse(false));
  }
}
