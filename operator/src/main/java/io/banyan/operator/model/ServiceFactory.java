package io.banyan.operator.model;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.ZoneSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster's Services. The role-based ones select on the role label that the reconciler keeps in
 * line with the observed roles, so after a failover they follow the new master without being
 * edited.
 */
public final class ServiceFactory {
  private ServiceFactory() {}

  /**
   * {@code <c>-rw}, {@code <c>-ro}, one {@code <c>-ro-<zone>} per zone in spec order, then the
   * headless {@code <c>-nodes}.
   */
  public static List<Service> services(StoreCluster sc) {
    String cluster = sc.getMetadata().getName();
    List<Service> services = new ArrayList<>();
    services.add(
        service(sc, ObjectNames.readWriteService(cluster), Labels.selectMaster(cluster)).build());
    services.add(
        service(sc, ObjectNames.readOnlyService(cluster), Labels.selectReplicas(cluster)).build());
    for (ZoneSpec zone : sc.getSpec().zones) {
      services.add(
          service(
                  sc,
                  ObjectNames.zoneReadOnlyService(cluster, zone.name),
                  Labels.selectZoneReplicas(cluster, zone.name))
              .build());
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
