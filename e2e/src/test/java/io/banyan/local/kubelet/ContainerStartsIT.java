package io.banyan.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
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
    if (!k8s.log("first").contains("started")) {
      assertThat(k8s.local("second").pid()).as("queued while the first starts").isEqualTo(-1);
      Pod second = k8s.pod("second");
      assertThat(
              second.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
          .isEqualTo("ContainerCreating");
    }
    k8s.await("second", "started", () -> k8s.local("second").pid() > 0);
    assertThat(k8s.log("first"))
        .as("the first listened before the second was launched")
        .contains("started");
  }
}
