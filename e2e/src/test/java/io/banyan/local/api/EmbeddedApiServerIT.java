package io.banyan.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.kubelet.TestPods;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedApiServerIT {
  static EmbeddedApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    api.apply(TestPods.repoRoot().resolve("crds/storeclusters.banyan.io-v1.yml"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void serverSideApplyCreatesThenMerges() {
    ConfigMap first =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("ssa")
            .withNamespace("default")
            .endMetadata()
            .withData(Map.of("a", "1"))
            .build();
    client.resource(first).fieldManager("test").forceConflicts().serverSideApply();
    assertThat(client.configMaps().inNamespace("default").withName("ssa").get().getData())
        .containsEntry("a", "1");

    ConfigMap second = new ConfigMapBuilder(first).withData(Map.of("a", "2", "b", "3")).build();
    client.resource(second).fieldManager("test").forceConflicts().serverSideApply();
    assertThat(client.configMaps().inNamespace("default").withName("ssa").get().getData())
        .containsEntry("a", "2")
        .containsEntry("b", "3");
  }

  @Test
  void patchesReplaceListsInsteadOfAppending() {
    Service first =
        new ServiceBuilder()
            .withNewMetadata()
            .withName("lists")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .addToSelector("app", "x")
            .addNewPort()
            .withName("redis")
            .withPort(6379)
            .endPort()
            .endSpec()
            .build();
    client.resource(first).fieldManager("test").forceConflicts().serverSideApply();
    Service second =
        new ServiceBuilder(first)
            .editSpec()
            .withPorts(new ServicePortBuilder().withName("other").withPort(6380).build())
            .endSpec()
            .build();
    client.resource(second).fieldManager("test").forceConflicts().serverSideApply();
    assertThat(
            client.services().inNamespace("default").withName("lists").get().getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .containsExactly(6380);

    client
        .services()
        .inNamespace("default")
        .withName("lists")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"ports\":[{\"name\":\"a\",\"port\":1}]},"
                + "\"metadata\":{\"labels\":{\"k\":\"v\"}}}");
    Service patched = client.services().inNamespace("default").withName("lists").get();
    assertThat(patched.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(1);
    assertThat(patched.getMetadata().getLabels()).containsEntry("k", "v");
    assertThat(patched.getSpec().getSelector()).containsEntry("app", "x");
  }

  @Test
  void serverSideApplyOfStatusTouchesOnlyStatus() throws Exception {
    StoreCluster sc;
    try (InputStream in =
        Files.newInputStream(TestPods.repoRoot().resolve("examples/three-datacenters.yaml"))) {
      sc = client.resources(StoreCluster.class).load(in).item();
    }
    sc.getMetadata().setNamespace("default");
    client.resource(sc).fieldManager("test").forceConflicts().serverSideApply();

    StoreCluster withStatus = new StoreCluster();
    withStatus.setMetadata(sc.getMetadata());
    withStatus.setStatus(new StoreClusterStatus());
    withStatus.getStatus().phase = StoreClusterStatus.Phase.Creating;
    client
        .resources(StoreCluster.class)
        .inNamespace("default")
        .withName("three-dc")
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager("test")
                .withForce(true)
                .build(),
            withStatus);

    StoreCluster stored =
        client.resources(StoreCluster.class).inNamespace("default").withName("three-dc").get();
    assertThat(stored.getStatus().phase).isEqualTo(StoreClusterStatus.Phase.Creating);
    assertThat(stored.getSpec().zones).hasSize(3);
  }
}
