package io.banyan.node.engine;

/**
 * How far the replication stream got and how many replicas hold a write, as WAIT and WAITAOF count
 * them: the replication layer provides it; a node without replicas (or a replica, which WAITAOF
 * asks of its own replicas only) counts none. Offsets are in the replication stream's space, which
 * the dispatcher records per client after each write ({@code Client.replicationOffset()}).
 */
public interface ReplicaAcks {
  /** The end of the replication stream so far. */
  long replicationOffset();

  /** Online replicas that count for the quorum and acknowledged {@code offset} (REPLCONF ACK). */
  int acknowledged(long offset);

  /** Online replicas that count and whose AOF is fsynced up to {@code offset} (ACK ... FACK). */
  int fsynced(long offset);

  /** Asks replicas for an acknowledgement soon, for a client that is about to wait for one. */
  void requestAcks();

  ReplicaAcks NONE =
      new ReplicaAcks() {
        @Override
        public long replicationOffset() {
          return 0;
        }

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
