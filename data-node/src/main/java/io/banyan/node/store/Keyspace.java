package io.banyan.node.store;

/**
 * All databases of the node, and the policies they share: the clock, the access clock used for
 * eviction, and whether this node deletes expired keys itself (a master) or only hides them and
 * waits for its master's DEL (a replica).
 *
 * <p>Not thread-safe: owned by the command-execution thread.
 */
public final class Keyspace {
  private final Database[] databases;
  private final AccessClock accessClock = new AccessClock();
  private KeyspaceListener listener = KeyspaceListener.NONE;
  private boolean expiryFollower;
  private boolean loading;
  private KeyspaceSnapshot snapshot;
  private int snapshotMark;

  public Keyspace(int databaseCount) {
    databases = new Database[databaseCount];
    for (int i = 0; i < databaseCount; i++) {
      databases[i] = new Database(i, this);
    }
  }

  public int databaseCount() {
    return databases.length;
  }

  public Database db(int index) {
    return databases[index];
  }

  public AccessClock accessClock() {
    return accessClock;
  }

  public KeyspaceListener listener() {
    return listener;
  }

  public void setListener(KeyspaceListener listener) {
    this.listener = listener;
  }

  /** The current time in Unix milliseconds, as used for expiry decisions. */
  public long nowMs() {
    return System.currentTimeMillis();
  }

  /** True on a replica: expired keys are hidden from reads but deleted only by the master's DEL. */
  public boolean isExpiryFollower() {
    return expiryFollower;
  }

  public void setExpiryFollower(boolean follower) {
    this.expiryFollower = follower;
  }

  /**
   * True while a dataset is rebuilt by replaying commands (the AOF): as in Redis, nothing expires
   * then, so each command sees the keys it saw when it first ran; expired keys go afterwards.
   */
  public boolean isLoading() {
    return loading;
  }

  public void setLoading(boolean loading) {
    this.loading = loading;
  }

  /**
   * Starts a point-in-time snapshot delivered to visitor through {@link KeyspaceSnapshot#step}.
   * Only one runs at a time.
   *
   * @throws IllegalStateException when one is already running (or draining after an abort)
   */
  public KeyspaceSnapshot beginSnapshot(SnapshotVisitor visitor) {
    if (snapshot != null) {
      throw new IllegalStateException("a snapshot is already in progress");
    }
    // Every entry now carries the old mark, so every entry is unseen: O(1), no per-key work.
    snapshotMark ^= Entry.SNAPSHOT_MARK;
    snapshot = new KeyspaceSnapshot(this, snapshotMark, visitor);
    return snapshot;
  }

  /** The running snapshot, or null. */
  public KeyspaceSnapshot snapshot() {
    return snapshot;
  }

  int snapshotMark() {
    return snapshotMark;
  }

  void snapshotEnded(KeyspaceSnapshot s) {
    if (snapshot == s) {
      snapshot = null;
    }
  }

  /** Total keys over all databases. */
  public long keyCount() {
    long n = 0;
    for (Database d : databases) {
      n += d.size();
    }
    return n;
  }

  /** Estimated bytes held by all keys and values. */
  public long usedBytes() {
    long n = 0;
    for (Database d : databases) {
      n += d.usedBytes();
    }
    return n;
  }

  public void swap(int a, int b) {
    databases[a].swapContents(databases[b]);
  }

  public void flushAll() {
    for (Database d : databases) {
      d.clear();
    }
  }
}
