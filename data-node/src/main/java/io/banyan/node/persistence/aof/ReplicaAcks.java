package io.banyan.node.persistence.aof;

/**
 * What WAITAOF needs from the replicas of this node, declared here so that persistence does not
 * depend on replication (which sits above it): the node's assembly connects the implementation.
 * Command thread only.
 */
public interface ReplicaAcks {
  /** A node without replication: no replica ever acknowledges. */
  ReplicaAcks NONE =
      new ReplicaAcks() {
        @Override
        public void requestAcks() {}

        @Override
        public int aofAckedCount(long replicationOffset) {
          return 0;
        }
      };

  /** Asks the replicas to report their offsets soon (a WAITAOF caller is waiting for them). */
  void requestAcks();

  /** How many replicas report their AOF fsynced up to {@code replicationOffset}. */
  int aofAckedCount(long replicationOffset);
}
