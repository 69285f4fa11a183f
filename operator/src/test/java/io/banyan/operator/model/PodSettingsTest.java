package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.PodTemplateSettings;
import io.banyan.operator.api.SchedulingSpec;
import io.banyan.operator.api.ServicesSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.model.ClusterObjects.DesiredObjects;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.scheduling, spec.podTemplate and spec.services on the rendered objects. */
class PodSettingsTest {
  @Test
  void schedulingSettingsReachEveryPod() throws Exception {
    StoreCluster sc = ClusterObjectsTest.load("three-datacenters.yaml");
    sc.getSpec().scheduling = new SchedulingSpec();
    sc.getSpec().scheduling.nodeSelector = Map.of("node.kubernetes.io/pool", "stores");
    sc.getSpec().scheduling.tolerations =
        List.of(
            new TolerationBuilder()
                .withKey("dedicated")
                .withOperator("Equal")
                .withValue("stores")
                .withEffect("NoSchedule")
                .build());
    sc.getSpec().scheduling.priorityClassName = "stores-critical";
    for (Pod pod : ClusterObjects.desired(sc).pods()) {
      assertThat(pod.getSpec().getNodeSelector())
          .isEqualTo(Map.of("node.kubernetes.io/pool", "stores"));
      assertThat(pod.getSpec().getTolerations())
          .singleElement()
          .satisfies(
              t -> assertThat(t.getKey() + "=" + t.getValue()).isEqualTo("dedicated=stores"));
      assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("stores-critical");
      // The zone's node affinity still applies on top of the selector.
      assertThat(pod.getSpec().getAffinity().getNodeAffinity()).isNotNull();
    }
  }

  @Test
  void podTemplateAddsMetadataAccountAndPullSecretsButNeverReplacesTheOperatorsLabels()
      throws Exception {
    StoreCluster sc = ClusterObjectsTest.load("replication-helper-tree.yaml");
    sc.getSpec().podTemplate = new PodTemplateSettings();
    sc.getSpec().podTemplate.labels = Map.of("team", "cache", "tier", "data");
    sc.getSpec().podTemplate.annotations = Map.of("prometheus.io/port", "9121");
    sc.getSpec().podTemplate.serviceAccountName = "stores";
    sc.getSpec().podTemplate.imagePullSecrets = List.of(new LocalObjectReference("regcred"));
    DesiredObjects d = ClusterObjects.desired(sc);
    for (Pod pod : d.pods()) {
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("team", "cache")
          .containsEntry("tier", "data")
          .containsEntry("app.kubernetes.io/instance", "helper-tree")
          .containsKey(Labels.NODE);
      assertThat(pod.getMetadata().getAnnotations())
          .containsEntry("prometheus.io/port", "9121")
          .containsOnlyKeys("prometheus.io/port", PodRevision.ANNOTATION);
      assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("stores");
      assertThat(pod.getSpec().getImagePullSecrets())
          .extracting(LocalObjectReference::getName)
          .containsExactly("regcred");
    }
    // Only pods: Services, PVCs and the PDB keep the operator's labels alone.
    assertThat(d.services().get(0).getMetadata().getLabels()).doesNotContainKey("team");
    assertThat(d.pvcs().get(0).getMetadata().getLabels()).doesNotContainKey("team");
  }

  @Test
  void clientServicesTakeTheTypeAndAnnotationsTheHeadlessOneStaysHeadless() throws Exception {
    StoreCluster sc = ClusterObjectsTest.load("three-datacenters.yaml");
    sc.getSpec().services = new ServicesSpec();
    sc.getSpec().services.type = ServicesSpec.Type.LoadBalancer;
    sc.getSpec().services.annotations =
        Map.of("service.beta.kubernetes.io/aws-load-balancer-internal", "true");
    List<Service> services = ClusterObjects.desired(sc).services();
    List<Service> client = services.subList(0, services.size() - 1);
    Service headless = services.get(services.size() - 1);
    assertThat(client)
        .hasSize(5)
        .allSatisfy(
            s -> {
              assertThat(s.getSpec().getType()).isEqualTo("LoadBalancer");
              assertThat(s.getMetadata().getAnnotations())
                  .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "true");
            });
    assertThat(headless.getMetadata().getName()).isEqualTo("three-dc-nodes");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getType()).isNull();
    assertThat(headless.getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void withoutServiceSettingsClientServicesAreClusterIp() throws Exception {
    List<Service> services =
        ClusterObjects.desired(ClusterObjectsTest.load("minimal-one-zone.yaml")).services();
    assertThat(services.subList(0, 3))
        .allSatisfy(s -> assertThat(s.getSpec().getType()).isEqualTo("ClusterIP"));
  }
}
