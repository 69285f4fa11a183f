package io.banyan.local.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.local.api.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The volume stand-ins on the embedded API: binding on the default class, and a resize in two
 * stages — {@code FileSystemResizePending} until a running pod mounts the claim, then the capacity
 * of the request.
 */
class VolumeControllerIT {
  EmbeddedApiServer api;
  KubernetesClient client;
  VolumeController controller;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    client.resource(VolumeController.defaultClass()).create();
    controller = new VolumeController(client).start();
  }

  @AfterEach
  void stop() {
    controller.close();
    api.close();
  }

  void claim(String name, String storageClass) {
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(storageClass)
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  PersistentVolumeClaim get(String name) {
    return client.persistentVolumeClaims().inNamespace("default").withName(name).get();
  }

  void runningPodMounting(String claim) {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("user-of-" + claim)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-1")
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace("default")
        .withName("user-of-" + claim)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Running\"}}");
  }

  @Test
  void aClaimOfAnExistingClassIsBoundAtItsRequestAndOneOfAMissingClassStaysPending() {
    claim("data", null);
    claim("lost", "gone");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              PersistentVolumeClaim c = get("data");
              assertThat(c.getSpec().getStorageClassName()).isEqualTo("standard");
              assertThat(c.getSpec().getVolumeName()).isNotEmpty();
              assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
              assertThat(c.getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("1Gi"));
            });
    assertThat(get("lost").getStatus() == null ? null : get("lost").getStatus().getPhase())
        .isNotEqualTo("Bound");
  }

  @Test
  void aLargerRequestWaitsForARunningPodThenReachesTheCapacity() {
    claim("data", "standard");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                get("data").getStatus() != null
                    && "Bound".equals(get("data").getStatus().getPhase()));

    client
        .persistentVolumeClaims()
        .inNamespace("default")
        .withName("data")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"3Gi\"}}}}");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(get("data").getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c.getType()).isEqualTo("FileSystemResizePending")));
    assertThat(get("data").getStatus().getCapacity().get("storage"))
        .as("no pod mounts it: the file system is not grown")
        .isEqualTo(new Quantity("1Gi"));

    runningPodMounting("data");

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              PersistentVolumeClaim c = get("data");
              assertThat(c.getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("3Gi"));
              assertThat(c.getStatus().getConditions())
                  .noneSatisfy(x -> assertThat(x.getType()).isEqualTo("FileSystemResizePending"));
            });
  }
}
