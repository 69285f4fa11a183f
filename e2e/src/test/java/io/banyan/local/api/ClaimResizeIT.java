package io.banyan.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server's rules for claims, each on its own (no volume controller runs; the tests bind
 * claims by hand): the default StorageClass on create, the immutable spec, no smaller request, and
 * the resize admission's StorageClass check.
 */
class ClaimResizeIT {
  EmbeddedApiServer api;
  KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start();
    client = api.clientWithoutRetries();
    storageClass("standard", true, true);
    storageClass("fixed", false, false);
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  void storageClass(String name, boolean isDefault, boolean expandable) {
    var b =
        new StorageClassBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withProvisioner("example.com/" + name)
            .withAllowVolumeExpansion(expandable ? true : null);
    if (isDefault) {
      b.editMetadata()
          .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
          .endMetadata();
    }
    client.resource(b.build()).create();
  }

  PersistentVolumeClaim claim(String name, String storageClass, String size, boolean bound) {
    PersistentVolumeClaim created =
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
                    .addToRequests("storage", new Quantity(size))
                    .endResources()
                    .endSpec()
                    .build())
            .create();
    if (!bound) {
      return created;
    }
    return client
        .persistentVolumeClaims()
        .inNamespace("default")
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"Bound\",\"capacity\":{\"storage\":\"" + size + "\"}}}");
  }

  PersistentVolumeClaim resize(String name, String size) {
    return client
        .persistentVolumeClaims()
        .inNamespace("default")
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + size + "\"}}}}");
  }

  @Test
  void aClaimWithoutClassGetsTheDefaultOne() {
    PersistentVolumeClaim c = claim("data", null, "1Gi", false);

    assertThat(c.getSpec().getStorageClassName()).isEqualTo("standard");
  }

  @Test
  void aBoundClaimOfAnExpandableClassGrows() {
    claim("data", "standard", "1Gi", true);

    PersistentVolumeClaim grown = resize("data", "2Gi");

    assertThat(grown.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("2Gi"));
    assertThat(grown.getStatus().getCapacity().get("storage")).isEqualTo(new Quantity("1Gi"));
  }

  @Test
  void aSmallerRequestIsInvalid() {
    claim("data", "standard", "2Gi", true);

    assertThatThrownBy(() -> resize("data", "1Gi"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "PersistentVolumeClaim \"data\" is invalid:"
                          + " spec.resources.requests.storage: Forbidden: field can not be less"
                          + " than previous value");
            });
    assertThat(request("data")).isEqualTo(new Quantity("2Gi"));
  }

  @Test
  void aClassWithoutExpansionRefusesALargerRequest() {
    claim("data", "fixed", "1Gi", true);

    assertThatThrownBy(() -> resize("data", "2Gi"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getMessage())
                  .contains("only dynamically provisioned pvc can be resized")
                  .contains("must support resize");
            });
    assertThat(request("data")).isEqualTo(new Quantity("1Gi"));
  }

  @Test
  void aMissingClassRefusesALargerRequest() {
    claim("data", "gone", "1Gi", true);

    assertThatThrownBy(() -> resize("data", "2Gi"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void anUnboundClaimsSpecIsImmutable() {
    claim("data", "standard", "1Gi", false);

    assertThatThrownBy(() -> resize("data", "2Gi"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .contains("spec is immutable after creation except resources.requests");
            });
  }

  @Test
  void otherSpecFieldsOfABoundClaimAreImmutableButTheBinderMaySetTheVolumeName() {
    claim("data", "standard", "1Gi", true);

    assertThatThrownBy(
            () ->
                client
                    .persistentVolumeClaims()
                    .inNamespace("default")
                    .withName("data")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"storageClassName\":\"fixed\"}}"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    PersistentVolumeClaim named =
        client
            .persistentVolumeClaims()
            .inNamespace("default")
            .withName("data")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"volumeName\":\"pv-1\"}}");
    assertThat(named.getSpec().getVolumeName()).isEqualTo("pv-1");
    assertThatThrownBy(
            () ->
                client
                    .persistentVolumeClaims()
                    .inNamespace("default")
                    .withName("data")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"volumeName\":\"pv-2\"}}"))
        .as("set once")
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void aJsonPatchGoesThroughTheSameRules() {
    claim("data", "standard", "2Gi", true);

    assertThatThrownBy(
            () ->
                client
                    .persistentVolumeClaims()
                    .inNamespace("default")
                    .withName("data")
                    .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"replace\",\"path\":\"/spec/resources/requests/storage\","
                            + "\"value\":\"1Gi\"}]"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  Quantity request(String name) {
    return client
        .persistentVolumeClaims()
        .inNamespace("default")
        .withName(name)
        .get()
        .getSpec()
        .getResources()
        .getRequests()
        .get("storage");
  }
}
