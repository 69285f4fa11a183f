package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Writes the status subresource with the resource version it was read at, so a decision is written
 * only on top of the status it was made from (a concurrent writer makes the write fail with 409 and
 * the reconcile start over). Skips the write when nothing changed. What to write at all is decided
 * by the caller ({@code StatusChange} for reports; decisions always).
 */
public final class StatusWriter {
  private final KubernetesClient client;
  private final BiConsumer<StoreCluster, StoreCluster> written;

  /**
   * @param written told {@code (before, after)} of every write, so the next reconcile can see it
   *     before the informer does
   */
  public StatusWriter(KubernetesClient client, BiConsumer<StoreCluster, StoreCluster> written) {
    this.client = client;
    this.written = written;
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
    StoreCluster stored = client.resource(copy).updateStatus();
    written.accept(current, stored);
    return stored;
  }

  private static String json(StoreClusterStatus s) {
    return s == null ? null : Serialization.asJson(s);
  }
}
