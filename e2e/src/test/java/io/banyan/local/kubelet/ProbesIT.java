package io.banyan.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kubelet stand-in runs each container's declared probes as the kubelet's prober does, shown on
 * {@link FakeContainer} pods whose answers the tests set: thresholds, startup gating, liveness
 * kills (SIGTERM, then SIGKILL after the grace period) and restarts, readiness driving the Ready
 * condition, and the kernel's view of a SIGSTOPped process (TCP passes, HTTP does not).
 */
class ProbesIT {
  static TestCluster k8s;

  @BeforeAll
  static void start() {
    k8s = TestCluster.start("probes", 205);
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  static void run(String name, UnaryOperator<PodBuilder> shape, String... args) {
    k8s.client
        .resource(shape.apply(new PodBuilder(TestPods.fakePod(name, "us-east-1b", args))).build())
        .create();
    k8s.await(name, "running", () -> k8s.runs(name) && k8s.local(name).pid() > 0);
  }

  static PodBuilder containerWith(
      PodBuilder p, UnaryOperator<io.fabric8.kubernetes.api.model.ContainerBuilder> c) {
    var container =
        c.apply(
                new io.fabric8.kubernetes.api.model.ContainerBuilder(
                    p.buildSpec().getContainers().get(0)))
            .build();
    return p.editSpec().withContainers(container).endSpec();
  }

  /** Sets the fake container's answers, e.g. {@code livez=500}, once it listens. */
  static void set(String pod, String query) {
    LocalPod local = k8s.local(pod);
    org.awaitility.Awaitility.await(pod + " answers /set")
        .atMost(TestCluster.WAIT)
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(
            () -> {
              HttpURLConnection c =
                  (HttpURLConnection)
                      URI.create("http://" + local.ip() + ":8080/set?" + query)
                          .toURL()
                          .openConnection();
              c.setConnectTimeout(5000);
              c.setReadTimeout(5000);
              try {
                return c.getResponseCode() == 200;
              } finally {
                c.disconnect();
              }
            });
  }

  static long runs(String pod, String kind) {
    return k8s.local(pod).probeRuns(kind);
  }

  static int restarts(String pod) {
    Pod p = k8s.pod(pod);
    return p.getStatus().getContainerStatuses() == null
        ? 0
        : p.getStatus().getContainerStatuses().get(0).getRestartCount();
  }

  @Test
  void withoutAProbeAPodIsReadyOnceItsContainerRuns() {
    run("plain", p -> p);
    k8s.await("plain", "Ready", () -> k8s.ready("plain"));
    assertThat(k8s.local("plain").probeRuns()).isEmpty();
  }

  @Test
  void readinessNeedsSuccessThresholdSuccessesAndFailureThresholdFailuresInARow() {
    Probe readiness =
        new ProbeBuilder(TestPods.httpProbe("/readyz", 2)).withSuccessThreshold(2).build();
    run("ready", p -> containerWith(p, c -> c.withReadinessProbe(readiness)));
    k8s.await("ready", "Ready", () -> k8s.ready("ready"));
    assertThat(runs("ready", "readiness")).isGreaterThanOrEqualTo(2);

    set("ready", "readyz=503");
    long before = runs("ready", "readiness");
    k8s.await("ready", "unready", () -> !k8s.ready("ready"));
    assertThat(runs("ready", "readiness")).isGreaterThanOrEqualTo(before + 2);
    assertThat(k8s.pod("ready").getStatus().getPhase()).isEqualTo("Running");
    assertThat(restarts("ready")).as("readiness never restarts").isZero();

    set("ready", "readyz=200");
    k8s.await("ready", "Ready again", () -> k8s.ready("ready"));
  }

  @Test
  void aFrozenProcessFailsAnHttpProbeButStillPassesATcpProbe() {
    run(
        "frozen-http",
        p -> containerWith(p, c -> c.withReadinessProbe(TestPods.httpProbe("/readyz", 2))));
    Probe tcp =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withPort(new IntOrString("http"))
            .endTcpSocket()
            .withPeriodSeconds(1)
            .withFailureThreshold(2)
            .build();
    run("frozen-tcp", p -> containerWith(p, c -> c.withReadinessProbe(tcp)));
    k8s.await("frozen-http", "Ready", () -> k8s.ready("frozen-http") && k8s.ready("frozen-tcp"));

    k8s.kubelet.freeze(TestPods.NAMESPACE, "frozen-http");
    k8s.kubelet.freeze(TestPods.NAMESPACE, "frozen-tcp");
    k8s.await("frozen-http", "unready (HTTP gets no answer)", () -> !k8s.ready("frozen-http"));
    long before = runs("frozen-tcp", "readiness");
    k8s.await(
        "frozen-tcp", "three more TCP probes", () -> runs("frozen-tcp", "readiness") >= before + 3);
    assertThat(k8s.ready("frozen-tcp")).as("the kernel completes the handshake").isTrue();

    k8s.kubelet.thaw(TestPods.NAMESPACE, "frozen-http");
    k8s.kubelet.thaw(TestPods.NAMESPACE, "frozen-tcp");
    k8s.await("frozen-http", "Ready after the thaw", () -> k8s.ready("frozen-http"));
  }

  @Test
  void anExecProbeRunsInTheContainersDirectoryAndEnvironment() {
    Probe exec =
        new ProbeBuilder()
            .withNewExec()
            .withCommand("sh", "-c", "test -f healthy && test -n \"$POD_IP\"")
            .endExec()
            .withPeriodSeconds(1)
            .withFailureThreshold(1)
            .build();
    run("exec", p -> containerWith(p, c -> c.withReadinessProbe(exec)));
    k8s.await("exec", "Ready", () -> k8s.ready("exec"));
    set("exec", "file=absent");
    k8s.await("exec", "unready", () -> !k8s.ready("exec"));
    set("exec", "file=present");
    k8s.await("exec", "Ready again", () -> k8s.ready("exec"));
  }

  /** (A startup probe keeps liveness off while the JVM starts, as real pods need too.) */
  @Test
  void aFailedLivenessProbeKillsTheContainerWithSigtermAndRestartsIt() {
    run(
        "live",
        p ->
            containerWith(
                    p,
                    c ->
                        c.withStartupProbe(TestPods.httpProbe("/startz", 60))
                            .withLivenessProbe(TestPods.httpProbe("/livez", 2)))
                .editSpec()
                .withTerminationGracePeriodSeconds(10L)
                .endSpec());
    long pid = k8s.local("live").pid();
    set("live", "livez=500");
    k8s.await("live", "restarted", () -> restarts("live") == 1 && k8s.local("live").pid() > 0);
    assertThat(k8s.local("live").pid()).isNotEqualTo(pid);
    var last = k8s.pod("live").getStatus().getContainerStatuses().get(0).getLastState();
    assertThat(last.getTerminated().getExitCode()).as("exited on SIGTERM").isEqualTo(143);
    assertThat(k8s.log("live")).contains("SIGTERM");
    assertThat(events("live", "Killing"))
        .anyMatch(m -> m.contains("failed liveness probe, will be restarted"));
    assertThat(events("live", "Unhealthy"))
        .anyMatch(
            m -> m.startsWith("Liveness probe failed: HTTP probe failed with statuscode: 500"));
  }

  @Test
  void aContainerIgnoringSigtermIsKilledWhenItsGracePeriodEnds() {
    Probe liveness =
        new ProbeBuilder(TestPods.httpProbe("/livez", 1))
            .withTerminationGracePeriodSeconds(2L)
            .build();
    run(
        "stubborn",
        p ->
            containerWith(
                p,
                c ->
                    c.withStartupProbe(TestPods.httpProbe("/startz", 60))
                        .withLivenessProbe(liveness)),
        "--ignore-term");
    set("stubborn", "livez=500");
    k8s.await("stubborn", "restarted", () -> restarts("stubborn") >= 1);
    var last = k8s.pod("stubborn").getStatus().getContainerStatuses().get(0).getLastState();
    assertThat(last.getTerminated().getExitCode()).as("SIGKILL").isEqualTo(137);
    assertThat(k8s.log("stubborn")).contains("SIGTERM");
  }

  @Test
  void livenessAndReadinessWaitForTheStartupProbe() {
    Probe startup = TestPods.httpProbe("/startz", 60);
    Probe liveness = TestPods.httpProbe("/livez", 1);
    Probe readiness = TestPods.httpProbe("/readyz", 1);
    run(
        "slow",
        p ->
            containerWith(
                p,
                c ->
                    c.withStartupProbe(startup)
                        .withLivenessProbe(liveness)
                        .withReadinessProbe(readiness)),
        "--startz",
        "503",
        "--livez",
        "500");
    k8s.await("slow", "three startup probes", () -> runs("slow", "startup") >= 3);
    LocalPod slow = k8s.local("slow");
    assertThat(slow.probeRuns("liveness")).as("liveness waits").isZero();
    assertThat(slow.probeRuns("readiness")).as("readiness waits").isZero();
    assertThat(slow.started()).isFalse();
    assertThat(k8s.ready("slow")).isFalse();
    assertThat(k8s.pod("slow").getStatus().getContainerStatuses().get(0).getStarted()).isFalse();
    assertThat(restarts("slow")).isZero();

    set("slow", "livez=200&startz=200");
    k8s.await("slow", "started and Ready", () -> k8s.ready("slow"));
    assertThat(k8s.pod("slow").getStatus().getContainerStatuses().get(0).getStarted()).isTrue();
    k8s.await("slow", "liveness running", () -> runs("slow", "liveness") > 0);
    assertThat(restarts("slow")).isZero();
  }

  @Test
  void aStartupProbeThatKeepsFailingRestartsTheContainer() {
    run(
        "never",
        p -> containerWith(p, c -> c.withStartupProbe(TestPods.httpProbe("/startz", 2))),
        "--startz",
        "503");
    k8s.await("never", "restarted", () -> restarts("never") >= 1);
    assertThat(events("never", "Killing"))
        .anyMatch(m -> m.contains("failed startup probe, will be restarted"));
  }

  static java.util.List<String> events(String pod, String reason) {
    return k8s.client.v1().events().inNamespace(TestPods.NAMESPACE).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
        .map(e -> e.getMessage())
        .toList();
  }
}
