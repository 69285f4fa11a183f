package io.banyan.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The eviction subresource's checks, against budgets whose status is written here by hand (no
 * disruption controller runs), so each rule of the API server is seen on its own.
 */
class PodEvictionIT {
  EmbeddedApiServer api;
  KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start();
    client = api.clientWithoutRetries(); // a refusal is reported at once, as kubectl sees it
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  Pod runningPod(String name, boolean ready) {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .withTerminationGracePeriodSeconds(30L)
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build())
        .create();
    Pod status =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .withConditions(
                new PodConditionBuilder()
                    .withType("Ready")
                    .withStatus(ready ? "True" : "False")
                    .build())
            .endStatus()
            .build();
    return client
        .pods()
        .inNamespace("default")
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), status);
  }

  PodDisruptionBudget budget(String name, int allowed, int healthy, int desired, long observed) {
    PodDisruptionBudget pdb =
        client
            .resource(
                new PodDisruptionBudgetBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .withMinAvailable(new IntOrString(desired))
                    .withNewSelector()
                    .addToMatchLabels("app", "web")
                    .endSelector()
                    .endSpec()
                    .build())
            .create();
    pdb.setStatus(
        new PodDisruptionBudgetStatusBuilder()
            .withObservedGeneration(observed)
            .withDisruptionsAllowed(allowed)
            .withCurrentHealthy(healthy)
            .withDesiredHealthy(desired)
            .withExpectedPods(healthy)
            .build());
    return client.resource(pdb).updateStatus();
  }

  boolean evict(String name) {
    return client.pods().inNamespace("default").withName(name).evict();
  }

  Pod get(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  PodDisruptionBudget pdb(String name) {
    return client.policy().v1().podDisruptionBudget().inNamespace("default").withName(name).get();
  }

  @Test
  void anAllowedEvictionSpendsADisruptionRecordsThePodAndDeletesItGracefully() {
    runningPod("web-0", true);
    runningPod("web-1", true);
    budget("web", 1, 2, 1, 1);
    assertThat(evict("web-0")).isTrue();
    assertThat(get("web-0").getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(get("web-0").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
    assertThat(pdb("web").getStatus().getDisruptionsAllowed()).isZero();
    assertThat(pdb("web").getStatus().getDisruptedPods()).containsKey("web-0");

    // The budget is spent: the next eviction is refused with Kubernetes' 429 and its cause.
    assertThat(evict("web-1")).as("fabric8's evict() reports a 429 as false").isFalse();
    assertThat(get("web-1").getMetadata().getDeletionTimestamp()).isNull();
    var eviction =
        new EvictionBuilder()
            .withNewMetadata()
            .withName("web-1")
            .withNamespace("default")
            .endMetadata()
            .build();
    assertThat(client.pods().inNamespace("default").withName("web-1").evict(eviction))
        .as("a policy/v1 Eviction (evict() without one sends v1beta1)")
        .isFalse();
    // The eviction subresource of a terminating pod needs no budget.
    assertThat(evict("web-0")).isTrue();
  }

  @Test
  void aRefusalSaysWhichBudgetAndWhy() {
    runningPod("web-0", true);
    budget("web", 0, 1, 1, 1);
    KubernetesClientException e = evictRaw("web-0");
    assertThat(e.getCode()).isEqualTo(429);
    assertThat(e.getStatus().getReason()).isEqualTo("TooManyRequests");
    assertThat(e.getStatus().getMessage())
        .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
    assertThat(e.getStatus().getDetails().getCauses().get(0).getReason())
        .isEqualTo("DisruptionBudget");
    assertThat(e.getStatus().getDetails().getCauses().get(0).getMessage())
        .isEqualTo("The disruption budget web needs 1 healthy pods and has 1 currently");
  }

  @Test
  void aBudgetTheControllerHasNotProcessedRefusesEvictions() {
    runningPod("web-0", true);
    budget("web", 1, 1, 0, 0); // observedGeneration 0 < generation 1
    KubernetesClientException e = evictRaw("web-0");
    assertThat(e.getCode()).isEqualTo(429);
    assertThat(e.getStatus().getDetails().getCauses().get(0).getMessage())
        .isEqualTo("The disruption budget web is still being processed by the server.");
  }

  @Test
  void unhealthyPodsMayGoWhileTheBudgetIsMetAndPodsWithoutBudgetAlways() {
    runningPod("web-0", true);
    runningPod("web-1", false);
    budget("web", 0, 1, 1, 1); // healthy 1 ≥ desired 1: the unready pod does not count against it
    assertThat(evict("web-1")).isTrue();
    assertThat(pdb("web").getStatus().getDisruptedPods()).isNullOrEmpty();
    client.policy().v1().podDisruptionBudget().inNamespace("default").withName("web").delete();
    assertThat(evict("web-0")).isTrue();
  }

  @Test
  void twoBudgetsForOnePodAreAnErrorAndAMissingPodIsNotFound() {
    runningPod("web-0", true);
    budget("web", 1, 1, 0, 1);
    budget("web-too", 1, 1, 0, 1);
    assertThat(evictRaw("web-0").getCode()).isEqualTo(500);
    assertThat(evictRaw("nobody").getCode()).isEqualTo(404);
  }

  /** Evicts, expecting a refusal; returns the exception carrying the API's Status. */
  KubernetesClientException evictRaw(String name) {
    try {
      // The v1 Eviction through fabric8 reports 429 as false; other codes throw. Force the Status
      // out for 429 by going through a raw request.
      String url = api.url() + "api/v1/namespaces/default/pods/" + name + "/eviction";
      var request =
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(url)
              .post(
                  "application/json",
                  "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\""
                      + name
                      + "\",\"namespace\":\"default\"}}")
              .build();
      var response = client.getHttpClient().sendAsync(request, String.class).get();
      var status =
          io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
              response.body(), io.fabric8.kubernetes.api.model.Status.class);
      return new KubernetesClientException(status);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
