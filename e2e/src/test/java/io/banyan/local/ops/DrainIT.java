package io.banyan.local.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.local.kubelet.TestCluster;
import io.banyan.local.kubelet.TestPods;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code drain} as kubectl does it, against the stand-ins: three pods of a controller on one node,
 * a budget that lets one go at a time, and the test playing the controller that re-creates each
 * evicted pod — which the scheduler must place on another node, since the drained one is cordoned.
 */
class DrainIT {
  static final String NODE = "node-us-east-1a-1";
  static TestCluster k8s;
  static KubernetesClient kubectl;
  static String ownerUid;

  @BeforeAll
  static void start() {
    k8s = TestCluster.start("drain", 207);
    kubectl = k8s.api.clientWithoutRetries();
    ownerUid =
        k8s.client
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName("fake")
                    .withNamespace(TestPods.NAMESPACE)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(3)
                    .withNewSelector()
                    .addToMatchLabels("app", "fake")
                    .endSelector()
                    .endSpec()
                    .build())
            .create()
            .getMetadata()
            .getUid();
  }

  @AfterAll
  static void stop() {
    kubectl.close();
    k8s.close();
  }

  /**
   * A pod of the "fake" ReplicaSet that prefers the node being drained, Ready only once its
   * readiness probe passed (so a re-created pod does not count as healthy the moment it starts).
   */
  static Pod replica(String name) {
    Pod base = TestPods.fakePod(name, "us-east-1a");
    base.getSpec().getContainers().get(0).setReadinessProbe(TestPods.httpProbe("/readyz", 1));
    return new PodBuilder(base)
        .editMetadata()
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName("fake")
                .withUid(ownerUid)
                .withController(true)
                .build())
        .endMetadata()
        .editSpec()
        .withTerminationGracePeriodSeconds(5L)
        .withNewAffinity()
        .withNewNodeAffinity()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution()
        .withWeight(100)
        .withNewPreference()
        .addNewMatchExpression()
        .withKey("kubernetes.io/hostname")
        .withOperator("In")
        .withValues(NODE)
        .endMatchExpression()
        .endPreference()
        .endPreferredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec()
        .build();
  }

  @Test
  void drainCordonsThenEvictsOnePodAtATimeWithinTheBudgetRetryingRefusals() throws Exception {
    List<String> names = List.of("fake-0", "fake-1", "fake-2");
    names.forEach(n -> k8s.client.resource(replica(n)).create());
    k8s.client
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("fake")
                .withNamespace(TestPods.NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(new IntOrString(2))
                .withNewSelector()
                .addToMatchLabels("app", "fake")
                .endSelector()
                .endSpec()
                .build())
        .create();
    for (String n : names) {
      k8s.await(
          n,
          "Ready on " + NODE,
          () -> k8s.ready(n) && NODE.equals(k8s.pod(n).getSpec().getNodeName()));
    }

    // The controller: re-creates an evicted pod once its object is gone.
    AtomicBoolean running = new AtomicBoolean(true);
    Thread controller =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (running.get()) {
                    for (String n : names) {
                      if (k8s.pod(n) == null) {
                        k8s.client.resource(replica(n)).create();
                      }
                    }
                    try {
                      Thread.sleep(100); // the stand-in controller's resync, not a synchronisation
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    List<String> out = new CopyOnWriteArrayList<>();
    try {
      new NodeOps(kubectl, Duration.ofSeconds(1))
          .drain(NODE, Duration.ofMinutes(2), false, out::add);
      for (String n : names) {
        k8s.await(n, "re-created and Ready", () -> k8s.pod(n) != null && k8s.ready(n));
      }
    } finally {
      running.set(false);
      controller.join();
    }

    assertThat(out.get(0)).isEqualTo("node/" + NODE + " cordoned");
    assertThat(out).contains("pod/fake-0 evicted", "pod/fake-1 evicted", "pod/fake-2 evicted");
    assertThat(out)
        .anyMatch(
            l ->
                l.startsWith("error when evicting pods/\"fake-")
                    && l.contains(
                        "(will retry after 1s): Cannot evict pod as it would violate the"
                            + " pod's disruption budget."));
    assertThat(out.get(out.size() - 1)).isEqualTo("node/" + NODE + " drained");
    assertThat(k8s.client.nodes().withName(NODE).get().getSpec().getUnschedulable()).isTrue();
    for (String n : names) {
      assertThat(k8s.pod(n).getSpec().getNodeName())
          .startsWith("node-us-east-1a-")
          .isNotEqualTo(NODE);
    }

    NodeOps ops = new NodeOps(kubectl, Duration.ofSeconds(1));
    assertThat(ops.cordon(NODE, false)).isTrue();
    assertThat(k8s.client.nodes().withName(NODE).get().getSpec().getUnschedulable()).isNull();
  }

  @Test
  void drainRefusesPodsWithoutAControllerUnlessForced() {
    k8s.client.resource(TestPods.fakePod("bare", "us-east-1b")).create();
    k8s.await("bare", "bound", () -> k8s.pod("bare").getSpec().getNodeName() != null);
    String node = k8s.pod("bare").getSpec().getNodeName();
    assertThatThrownBy(
            () ->
                new NodeOps(kubectl, Duration.ofSeconds(1))
                    .drain(node, Duration.ofSeconds(30), false, l -> {}))
        .hasMessageContaining("cannot delete Pods that declare no controller")
        .hasMessageContaining("default/bare");
    new NodeOps(kubectl, Duration.ofSeconds(1)).cordon(node, false);
  }
}
