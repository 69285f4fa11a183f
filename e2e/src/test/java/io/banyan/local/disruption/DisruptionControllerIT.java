package io.banyan.local.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.api.EmbeddedApiServer;
import io.banyan.local.kubelet.TestPods;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The disruption controller stand-in against the embedded API (pods' readiness written by hand, no
 * kubelet): budget status by the controller's rule for each kind of budget, including the one the
 * operator renders today — {@code maxUnavailable} over pods whose controller is a StoreCluster,
 * which has no {@code /scale} — and evictions checked against it.
 */
class DisruptionControllerIT {
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static KubernetesClient kubectl;
  static DisruptionController controller;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    kubectl = api.clientWithoutRetries();
    api.apply(TestPods.repoRoot().resolve("crds/storeclusters.banyan.io-v1.yml"));
    controller = new DisruptionController(client).start();
  }

  @AfterAll
  static void stop() {
    controller.close();
    kubectl.close();
    api.close();
  }

  static void readyPod(String name, String app, OwnerReference owner) {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .addToLabels("app", app)
            .endMetadata()
            .withNewSpec()
            .withNodeName("node-1")
            .addNewContainer()
            .withName("c")
            .withImage("x")
            .endContainer()
            .endSpec();
    if (owner != null) {
      pod.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    client.resource(pod.build()).create();
    client
        .pods()
        .inNamespace("default")
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            new PodBuilder()
                .withNewStatus()
                .withPhase("Running")
                .withConditions(
                    new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus()
                .build());
  }

  static void budget(String name, String app, IntOrString min, IntOrString max) {
    client
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(min)
                .withMaxUnavailable(max)
                .withNewSelector()
                .addToMatchLabels("app", app)
                .endSelector()
                .endSpec()
                .build())
        .create();
  }

  static PodDisruptionBudget awaitBudget(String name, Predicate<PodDisruptionBudget> condition) {
    Awaitility.await(name + " status")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> condition.test(get(name)));
    return get(name);
  }

  static PodDisruptionBudget get(String name) {
    return client.policy().v1().podDisruptionBudget().inNamespace("default").withName(name).get();
  }

  static OwnerReference controllerRef(String apiVersion, String kind, String name, String uid) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .withController(true)
        .build();
  }

  @Test
  void anIntegerMinAvailableCountsTheSelectedPodsAndEvictionsSpendIt() {
    for (int i = 0; i < 3; i++) {
      readyPod("web-" + i, "web", null);
    }
    budget("web", "web", new IntOrString(2), null);
    PodDisruptionBudget pdb =
        awaitBudget(
            "web",
            b ->
                b.getStatus() != null
                    && b.getStatus().getExpectedPods() != null
                    && b.getStatus().getExpectedPods() == 3);
    assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(3);
    assertThat(pdb.getStatus().getDesiredHealthy()).isEqualTo(2);
    assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
    assertThat(pdb.getStatus().getObservedGeneration())
        .isEqualTo(pdb.getMetadata().getGeneration());
    assertThat(pdb.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("DisruptionAllowed");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("SufficientPods");
            });

    assertThat(kubectl.pods().inNamespace("default").withName("web-0").evict()).isTrue();
    pdb = awaitBudget("web", b -> b.getStatus().getCurrentHealthy() == 2);
    assertThat(pdb.getStatus().getDisruptionsAllowed()).isZero();
    assertThat(pdb.getStatus().getConditions().get(0).getReason()).isEqualTo("InsufficientPods");
    assertThat(kubectl.pods().inNamespace("default").withName("web-1").evict()).isFalse();
  }

  @Test
  void maxUnavailableOverACustomResourceWithoutScaleAllowsNothingAsKubernetesDoes() {
    GenericKubernetesResource sc =
        client
            .resource(
                new GenericKubernetesResourceBuilder()
                    .withApiVersion("banyan.io/v1alpha1")
                    .withKind("StoreCluster")
                    .withNewMetadata()
                    .withName("three-dc")
                    .withNamespace("default")
                    .endMetadata()
                    .withAdditionalProperties(Map.of("spec", Map.of("zones", java.util.List.of())))
                    .build())
            .create();
    OwnerReference owner =
        controllerRef("banyan.io/v1alpha1", "StoreCluster", "three-dc", sc.getMetadata().getUid());
    for (int i = 0; i < 3; i++) {
      readyPod("db-" + i, "db", owner);
    }
    budget("db", "db", null, new IntOrString(1));
    assertSyncFailedAllowingNothing(
        "db", "storeclusters.banyan.io does not implement the scale subresource");
    assertThat(kubectl.pods().inNamespace("default").withName("db-0").evict())
        .as("kubectl drain would hang on this pod")
        .isFalse();
  }

  @Test
  void anOwnerInAVersionNoCrdServesAllowsNothing() {
    OwnerReference owner = controllerRef("banyan.io/v9", "StoreCluster", "future", "uid-of-v9");
    readyPod("future-0", "future", owner);
    budget("future", "future", null, new IntOrString(1));
    assertSyncFailedAllowingNothing(
        "future", "no matches for kind \"StoreCluster\" in version \"banyan.io/v9\"");
  }

  /** The controller could not compute the budget: one SyncFailed condition, zero disruptions. */
  static void assertSyncFailedAllowingNothing(String budget, String message) {
    PodDisruptionBudget pdb =
        awaitBudget(
            budget,
            b ->
                b.getStatus() != null
                    && b.getStatus().getConditions() != null
                    && !b.getStatus().getConditions().isEmpty());
    assertThat(pdb.getStatus().getDisruptionsAllowed()).isZero();
    assertThat(pdb.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("SyncFailed");
              assertThat(c.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void aPercentageIsOfTheControllersScaleRoundedUp() {
    ReplicaSet rs =
        client
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName("api")
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(5)
                    .withNewSelector()
                    .addToMatchLabels("app", "api")
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .addToLabels("app", "api")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("c")
                    .withImage("x")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();
    OwnerReference owner = controllerRef("apps/v1", "ReplicaSet", "api", rs.getMetadata().getUid());
    for (int i = 0; i < 4; i++) {
      readyPod("api-" + i, "api", owner); // one of the five replicas is missing
    }
    budget("api", "api", new IntOrString("50%"), null);
    PodDisruptionBudget pdb =
        awaitBudget("api", b -> b.getStatus() != null && b.getStatus().getExpectedPods() != null);
    assertThat(pdb.getStatus().getExpectedPods()).isEqualTo(5);
    assertThat(pdb.getStatus().getDesiredHealthy()).as("ceil(50% of 5)").isEqualTo(3);
    assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(4);
    assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
  }
}
