package io.banyan.operator.model;

import io.banyan.operator.api.ServicesSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.ZoneSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's Services. The role-based ones select on the role label that the reconciler keeps in
 * line with the observed roles, so after a failover they follow the new master without being
 * edited.
 */
public final class ServiceFactory {
  private ServiceFactory() {}

  /**
   * {@code <c>-rw}, {@code <c>-ro}, one {@code <c>-ro-<zone>} per zone in spec order (the client
   * Services, with {@code spec.services}' type and annotations), then the headless {@code
   * <c>-nodes}.
   */
  public static List<Service> services(StoreCluster sc) {
    String cluster = sc.getMetadata().getName();
    List<Service> services = new ArrayList<>();
    services.add(
        client(
            sc, service(sc, ObjectNames.readWriteService(cluster), Labels.selectMaster(cluster))));
    services.add(
        client(
            sc, service(sc, ObjectNames.readOnlyService(cluster), Labels.selectReplicas(cluster))));
    for (ZoneSpec zone : sc.getSpec().zones) {
      services.add(
          client(
              sc,
              service(
                  sc,
                  ObjectNames.zoneReadOnlyService(cluster, zone.name),
                  Labels.selectZoneReplicas(cluster, zone.name))));
    }
    // Peers and the operator address nodes before they are ready (a fenced or syncing node is
    // still reachable), hence publishNotReadyAddresses.
    services.add(
        service(sc, ObjectNames.headlessService(cluster), Labels.selectCluster(cluster))
            .editSpec()
            .withClusterIP("None")
            .withPublishNotReadyAddresses(true)
            .endSpec()
            .build());
    return List.copyOf(services);
  }

  /** A client Service with the spec's type (ClusterIP when unset) and annotations. */
  private static Service client(StoreCluster sc, ServiceBuilder service) {
    ServicesSpec settings = sc.getSpec().services;
    ServicesSpec.Type type =
        settings == null || settings.type == null ? ServicesSpec.Type.ClusterIP : settings.type;
    service.editSpec().withType(type.name()).endSpec();
    if (settings != null && settings.annotations != null && !settings.annotations.isEmpty()) {
      service.editMetadata().withAnnotations(new TreeMap<>(settings.annotations)).endMetadata();
    }
    return service.build();
  }

  private static ServiceBuilder service(
      StoreCluster sc, String name, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(sc.getMetadata().getNamespace())
        .withLabels(Labels.cluster(sc.getMetadata().getName()))
        .withOwnerReferences(Owners.controllerOf(sc))
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withName(NodePodFactory.PORT_NAME)
        .withPort(ConfigRenderer.PORT)
        .withNewTargetPort(NodePodFactory.PORT_NAME)
        .withProtocol("TCP")
        .endPort()
        .endSpec();
  }
}
