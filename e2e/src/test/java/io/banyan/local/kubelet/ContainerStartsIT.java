package io.banyan.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Containers start a few at a time ({@link KubeletConfig#parallelStarts}), so the pretend nodes'
 * JVMs do not all compete for this machine's CPUs at once: a queued container is reported
 * ContainerCreating and starts when an earlier one listens.
 */
class ContainerStartsIT {
  static TestCluster k8s;

  @BeforeAll
  static void start() {
    k8s =
        TestCluster.start(
            "starts",
            208,
            c ->
                new KubeletConfig(
                    c.nodeLauncher(),
                    c.stateDir(),
                    c.network(),
                    c.nodes(),
                    1,
                    c.restartBackoff(),
                    c.terminationGrace(),
                    c.volumeRefresh()));
  }

  @AfterAll
  static void stop() {
    k8s.close();
  }

  @Test
  void aSecondContainerWaitsAsContainerCreatingUntilTheFirstListens() {
    // The first container takes a while before it listens (a slow start of its own).
    k8s.client
        .resource(TestPods.fakePod("first", "us-east-1a", "--start-delay-ms", "3000"))
        .create();
    k8s.await("first", "launched", () -> k8s.runs("first") && k8s.local("first").pid() > 0);
    k8s.client.resource(TestPods.fakePod("second", "us-east-1a")).create();
    k8s.await("second", "bound and known to the kubelet", () -> k8s.runs("second"));
    LocalPod first = k8s.local("first");
    // The first is "listening" from the moment its socket is bound, which it logs only after, so
    // its log cannot date the bind. Its port can: read the second's pid first, then probe the
    // first's port. A port once open stays open (the first keeps running), so a second found
    // launched means the first's port was open before the probe.
    AtomicBoolean launchedTooEarly = new AtomicBoolean();
    // Queued, its status must say ContainerCreating (checked once: on a slow machine the first may
    // open before the second is even bound).
    AtomicBoolean sawQueued = new AtomicBoolean();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              long secondPid = k8s.local("second").pid();
              boolean firstOpen = portOpen(first.ip(), first.port());
              if (secondPid > 0 && !firstOpen) {
                launchedTooEarly.set(true);
              }
              if (secondPid <= 0 && !firstOpen && !sawQueued.get()) {
                Pod second = k8s.pod("second");
                if (k8s.local("second").pid() <= 0) { // still queued while its status was read
                  sawQueued.set(true);
                  assertThat(
                          second
                              .getStatus()
                              .getContainerStatuses()
                              .get(0)
                              .getState()
                              .getWaiting()
                              .getReason())
                      .isEqualTo("ContainerCreating");
                }
              }
              return secondPid > 0 || launchedTooEarly.get();
            });
    assertThat(launchedTooEarly).as("the second launched before the first's port opened").isFalse();
  }

  private static boolean portOpen(String ip, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
