package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a Kubernetes Event on the StoreCluster for every action the operator takes, so {@code
 * kubectl describe sc} tells the story. Failing to record an event never fails a reconcile.
 */
public final class ClusterEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);
  private static final String COMPONENT = "banyan-operator";

  private final KubernetesClient client;

  public ClusterEvents(KubernetesClient client) {
    this.client = client;
  }

  public void normal(StoreCluster sc, String reason, String message) {
    record(sc, "Normal", reason, message);
  }

  public void warning(StoreCluster sc, String reason, String message) {
    record(sc, "Warning", reason, message);
  }

  private void record(StoreCluster sc, String type, String reason, String message) {
    LOG.info(
        "{}/{}: {} {}",
        sc.getMetadata().getNamespace(),
        sc.getMetadata().getName(),
        reason,
        message);
    String now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                sc.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(sc.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(sc.getApiVersion())
                    .withKind(sc.getKind())
                    .withName(sc.getMetadata().getName())
                    .withNamespace(sc.getMetadata().getNamespace())
                    .withUid(sc.getMetadata().getUid())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(sc.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {}: {}", reason, e.getMessage());
    }
  }
}
