package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes pods' status subresource, only when what the kubelet would report changed (as the real
 * kubelet's status manager does), so probes do not flood watchers with identical updates. Touched
 * only by the kubelet's loop thread.
 */
final class PodStatusWriter {
  private final KubernetesClient client;
  private final String hostIp;
  private final Map<String, PodStatus> published = new HashMap<>();

  PodStatusWriter(KubernetesClient client, String hostIp) {
    this.client = client;
    this.hostIp = hostIp;
  }

  void publish(PodRuntime rt) {
    PodStatus status = PodStatuses.of(rt, hostIp);
    if (status.equals(published.get(rt.key()))) {
      return;
    }
    Pod patch =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(rt.namespace)
            .withName(rt.name)
            .endMetadata()
            .withStatus(status)
            .build();
    // A JSON merge patch replaces the status lists wholesale: exactly the kubelet's report.
    client
        .pods()
        .inNamespace(rt.namespace)
        .withName(rt.name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    published.put(rt.key(), status);
  }

  void forget(PodRuntime rt) {
    published.remove(rt.key());
  }
}
