package io.banyan.node.engine;

/**
 * How many replicas hold a write, as WAIT and WAITAOF count them: the replication layer provides
 * it; a node without replicas (or a replica, which WAITAOF asks of its own replicas only) counts
 * none. Offsets are in the replication stream's space ({@code Client.replicationOffset()}).
 */
public interface ReplicaAcks {
  /** Online replicas that count for the quorum and acknowledged {@code offset} (REPLCONF ACK). */
  int acknowledged(long offset);

  /** Online replicas that count and whose AOF is fsynced up to {@code offset} (ACK ... FACK). */
  int fsynced(long offset);

  /** Asks replicas for an acknowledgement soon, for a client that is about to wait for one. */
  void requestAcks();

  ReplicaAcks NONE =
      new ReplicaAcks() {
        @Override
        public int acknowledged(long offset) {
          return 0;
        }

        @Override
        public int fsynced(long offset) {
          return 0;
        }

        @Override
        public void requestAcks() {}
      };
}
