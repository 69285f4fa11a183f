package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;

/**
 * Writes the status subresource with the resource version it was read at, so a decision is written
 * only on top of the status it was made from (a concurrent writer makes the write fail with 409 and
 * the reconcile start over). Skips the write when nothing changed.
 */
public final class StatusWriter {
  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Reads the resource fresh from the API server (not from a cache); null when it is gone. */
  public StoreCluster read(String namespace, String name) {
    return client.resources(StoreCluster.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Replaces the status of {@code current} with {@code status}; returns the resource as stored
   * (with its new resource version), or {@code current} unchanged when the status is equal.
   */
  public StoreCluster write(StoreCluster current, StoreClusterStatus status) {
    if (Objects.equals(json(current.getStatus()), json(status))) {
      return current;
    }
    StoreCluster copy = Serialization.clone(current);
    copy.setStatus(status);
    return client.resource(copy).updateStatus();
  }

  private static String json(StoreClusterStatus s) {
    return s == null ? null : Serialization.asJson(s);
  }
}
