package io.banyan.operator.api;

import java.util.List;

/**
 * A read replica in a zone's tree. The tree has a fixed maximum depth (three levels below the
 * master: {@link ReplicaSpec} → {@link ChainReplicaSpec} → {@link LeafReplicaSpec}) because a CRD
 * schema cannot be recursive.
 */
public interface ReplicaNode {
  String name();

  /** The replicas of this replica, never null. */
  List<? extends ReplicaNode> children();
}
