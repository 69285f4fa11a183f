package io.banyan.node.store;

/**
 * Receives a point-in-time image of the keyspace from a {@link KeyspaceSnapshot}. Called on the
 * command thread; each call must consume what it is given before returning (serialise it, copy it):
 * the entry may change as soon as the call returns.
 */
public interface SnapshotVisitor {
  /**
   * The iteration reaches a database. Sizes are as they were when the snapshot started. Entries of
   * other databases may still arrive later (captured just before they changed).
   */
  void beginDatabase(int db, long keys, long volatileKeys);

  /** One key as it was when the snapshot started. {@code db} may differ from the last begun one. */
  void entry(int db, Entry entry);

  /** Every key has been delivered. */
  void end();

  /** Receives nothing; what an aborted snapshot drains into. */
  SnapshotVisitor DISCARD =
      new SnapshotVisitor() {
        @Override
        public void beginDatabase(int db, long keys, long volatileKeys) {}

        @Override
        public void entry(int db, Entry entry) {}

        @Override
        public void end() {}
      };
}
