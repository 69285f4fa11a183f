package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreClusterStatus;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Status helpers. */
final class Statuses {
  private Statuses() {}

  /** A deep copy, so a decision can be written without touching the status it was made from. */
  static StoreClusterStatus copy(StoreClusterStatus s) {
    return s == null ? new StoreClusterStatus() : Serialization.clone(s);
  }
}
