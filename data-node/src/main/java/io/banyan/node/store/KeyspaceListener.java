package io.banyan.node.store;

/**
 * What the rest of the server needs to hear from the keyspace: WATCH invalidation, waking clients
 * blocked on a key, and propagating deletions of expired keys to the AOF and replicas.
 *
 * <p>Called on the command-execution thread, synchronously with the change.
 */
public interface KeyspaceListener {
  /** A key's value changed, was created, or was deleted (Redis's signalModifiedKey). */
  void keyModified(Database db, byte[] key);

  /** A key now holds a non-empty list or sorted set; clients blocked on it may be served. */
  void keyReady(Database db, byte[] key);

  /**
   * A key was removed because its time to live had passed (lazily or by the active cycle). This is
   * the only notification for that removal: it is not also reported as {@link #keyModified}, so a
   * command is not mistaken for a write because a key it looked at had expired.
   */
  void keyExpired(Database db, byte[] key);

  /** Every key of the database was removed or replaced (FLUSHDB, FLUSHALL, SWAPDB). */
  void databaseReplaced(Database db);

  /**
   * Every key of {@code db} is about to be removed (FLUSHDB, FLUSHALL: {@code replacement} is null)
   * or replaced by the keys of {@code replacement} (SWAPDB). Called before the change, so that
   * WATCH can tell which watched keys the change really touches.
   */
  default void databaseReplacing(Database db, Database replacement) {}

  KeyspaceListener NONE =
      new KeyspaceListener() {
        @Override
        public void keyModified(Database db, byte[] key) {}

        @Override
        public void keyReady(Database db, byte[] key) {}

        @Override
        public void keyExpired(Database db, byte[] key) {}

        @Override
        public void databaseReplaced(Database db) {}
      };
}
