package io.banyan.operator.model;

import io.banyan.operator.api.StoreCluster;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/**
 * The owner reference that ties an object to its StoreCluster: Kubernetes garbage-collects the
 * object when the StoreCluster is deleted, and the operator's informers map the object's events
 * back to the StoreCluster through it.
 */
public final class Owners {
  public static final String API_VERSION = StoreCluster.GROUP + "/" + StoreCluster.VERSION;
  public static final String KIND = "StoreCluster";

  private Owners() {}

  /** A controller reference (controller and blockOwnerDeletion true) to {@code sc}. */
  public static OwnerReference controllerOf(StoreCluster sc) {
    return new OwnerReferenceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withName(sc.getMetadata().getName())
        .withUid(sc.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
