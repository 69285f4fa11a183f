package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.OperatorBootstrap;
import io.banyan.operator.OperatorSettings;
import io.banyan.operator.api.StorageSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.ConditionType;
import io.banyan.operator.api.StoreClusterStatus.VolumePhase;
import io.banyan.operator.status.Conditions;
import io.banyan.operator.testing.MockApi;
import io.banyan.operator.testing.Repo;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Storage growth against fabric8's mock API server: a larger {@code spec.storage.size} raises the
 * claims' requests when their StorageClass allows expansion, is reported and refused (Warning,
 * status, condition) when it does not, and a smaller one is refused naming the field. The mock has
 * no PersistentVolume controller, resizer or kubelet: the test plays them, binding each claim and
 * setting its capacity as they would.
 */
class VolumeGrowthIT {
  private static final String NS = "growth-it";
  private static MockApi api;
  private static KubernetesClient client;
  private AutoCloseable operator;

  @BeforeAll
  static void startApi() {
    api = MockApi.start().withStoreClusterCrd();
    client = api.client();
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName("standard")
                .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
                .endMetadata()
                .withProvisioner("example.com/expandable")
                .withAllowVolumeExpansion(true)
                .build())
        .create();
    client
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName("fixed")
                .endMetadata()
                .withProvisioner("example.com/fixed")
                .build())
        .create();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @BeforeEach
  void startOperator() {
    operator =
        OperatorBootstrap.start(
            client, new OperatorSettings(false, Duration.ofMillis(300), Duration.ofMillis(500)));
  }

  @AfterEach
  void stopOperator() throws Exception {
    operator.close();
    client.resources(StoreCluster.class).inNamespace(NS).delete();
    client.pods().inNamespace(NS).delete();
    client.persistentVolumeClaims().inNamespace(NS).delete();
  }

  @Test
  void aLargerSizeExpandsEveryClaimInPlaceAndReportsProgress() throws Exception {
    boundCluster("grow", "1Gi", null);

    editSpec("grow", s -> s.size = "3Gi");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pvcs("grow")).allSatisfy(p -> assertThat(request(p)).isEqualTo("3Gi")));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              StoreClusterStatus s = status("grow");
              assertThat(s.storage.requestedSize).isEqualTo("3Gi");
              assertThat(s.storage.volumes)
                  .hasSize(2)
                  .allSatisfy(v -> assertThat(v.phase).isEqualTo(VolumePhase.Expanding));
              assertThat(storageResized(s).reason).isEqualTo("Expanding");
            });
    assertThat(reasons("grow")).contains("VolumeExpanding");

    // The resizer and the kubelet finish: capacity follows the request.
    for (PersistentVolumeClaim p : pvcs("grow")) {
      setStatus(p, "3Gi");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              StoreClusterStatus s = status("grow");
              assertThat(s.storage.volumes)
                  .allSatisfy(v -> assertThat(v.phase).isEqualTo(VolumePhase.Expanded));
              var c = storageResized(s);
              assertThat(c.status).isEqualTo(StoreClusterStatus.ConditionStatus.True);
              assertThat(s.storage.message).isNull();
            });
  }

  @Test
  void aClassWithoutExpansionIsReportedAndTheClaimsAreLeftAlone() throws Exception {
    boundCluster("fixed", "1Gi", "fixed");

    editSpec("fixed", s -> s.size = "2Gi");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              StoreClusterStatus s = status("fixed");
              assertThat(s.storage.volumes)
                  .allSatisfy(v -> assertThat(v.phase).isEqualTo(VolumePhase.Unsupported));
              assertThat(s.storage.message)
                  .contains("StorageClass fixed does not allow volume expansion");
              assertThat(storageResized(s).reason).isEqualTo("ExpansionUnsupported");
              assertThat(warnings("fixed")).contains("VolumeExpansionUnsupported");
            });
    assertThat(pvcs("fixed")).allSatisfy(p -> assertThat(request(p)).isEqualTo("1Gi"));
  }

  @Test
  void aSmallerSizeIsRefusedWithAMessageNamingTheField() throws Exception {
    boundCluster("shrink", "10Gi", null);

    editSpec("shrink", s -> s.size = "5Gi");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              StoreClusterStatus s = status("shrink");
              assertThat(s.storage.message)
                  .isEqualTo(
                      "spec.storage.size: 5Gi is smaller than the 10Gi the volumes already have;"
                          + " volumes cannot shrink");
              assertThat(storageResized(s).reason).isEqualTo("ShrinkRefused");
              assertThat(warnings("shrink")).contains("VolumeShrinkRefused");
            });
    assertThat(pvcs("shrink")).allSatisfy(p -> assertThat(request(p)).isEqualTo("10Gi"));
    assertThat(status("shrink").phase).isNotEqualTo(StoreClusterStatus.Phase.Failed);
  }

  /** The minimal example at {@code size}, its claims bound at that capacity. */
  private void boundCluster(String name, String size, String storageClass) throws Exception {
    StoreCluster sc;
    try (InputStream in =
        Files.newInputStream(Repo.root().resolve("examples").resolve("minimal-one-zone.yaml"))) {
      sc = client.getKubernetesSerialization().unmarshal(in, StoreCluster.class);
    }
    sc.getMetadata().setName(name);
    sc.getMetadata().setNamespace(NS);
    sc.getSpec().storage = new StorageSpec();
    sc.getSpec().storage.size = size;
    sc.getSpec().storage.storageClass = storageClass;
    client.resource(sc).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> pvcs(name).size() == 2);
    for (PersistentVolumeClaim p : pvcs(name)) {
      setStatus(p, size);
    }
  }

  /** What the PV controller (bind) and the resizer with the kubelet (capacity) write. */
  private static void setStatus(PersistentVolumeClaim pvc, String capacity) {
    client
        .persistentVolumeClaims()
        .inNamespace(NS)
        .withName(pvc.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"phase\":\"Bound\",\"capacity\":{\"storage\":\"" + capacity + "\"}}}");
  }

  private static void editSpec(String name, Consumer<StorageSpec> change) {
    // The operator writes status concurrently: a spec edit may meet a 409 and is retried.
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () -> {
              client
                  .resources(StoreCluster.class)
                  .inNamespace(NS)
                  .withName(name)
                  .edit(
                      sc -> {
                        change.accept(sc.getSpec().storage);
                        return sc;
                      });
              return true;
            });
  }

  private static List<PersistentVolumeClaim> pvcs(String cluster) {
    return client
        .persistentVolumeClaims()
        .inNamespace(NS)
        .withLabel("app.kubernetes.io/instance", cluster)
        .list()
        .getItems();
  }

  private static String request(PersistentVolumeClaim p) {
    Map<String, Quantity> requests = p.getSpec().getResources().getRequests();
    return requests.get("storage").toString();
  }

  private static StoreClusterStatus status(String name) {
    StoreClusterStatus s =
        client.resources(StoreCluster.class).inNamespace(NS).withName(name).get().getStatus();
    assertThat(s).isNotNull();
    assertThat(s.storage).as("status.storage").isNotNull();
    return s;
  }

  private static StoreClusterStatus.Condition storageResized(StoreClusterStatus s) {
    StoreClusterStatus.Condition c = Conditions.find(s.conditions, ConditionType.StorageResized);
    assertThat(c).as("the StorageResized condition").isNotNull();
    return c;
  }

  private static List<String> reasons(String cluster) {
    return events(cluster).stream().map(Event::getReason).toList();
  }

  private static List<String> warnings(String cluster) {
    return events(cluster).stream()
        .filter(e -> "Warning".equals(e.getType()))
        .map(Event::getReason)
        .toList();
  }

  private static List<Event> events(String cluster) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> cluster.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
