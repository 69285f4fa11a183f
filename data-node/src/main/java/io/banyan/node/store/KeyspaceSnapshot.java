package io.banyan.node.store;

/**
 * A consistent point-in-time image of every database, produced while commands keep running — our
 * answer to Redis's fork(): no process copy, no copy-on-write of memory pages, no pause.
 *
 * <p>How: at the start, every entry is marked "unseen" in O(1) by flipping the keyspace's snapshot
 * mark (one bit per entry, so no per-key memory). The snapshot then walks each database's table in
 * small time-boxed {@link #step}s with the table's SCAN cursor, handing each unseen entry to the
 * {@link SnapshotVisitor} and marking it seen. Commands run between steps; any change to an entry
 * the walk has not reached yet first goes through {@link Database}'s pre-change hook, which hands
 * the entry to the visitor as it still is ({@link #capture}). So every key is delivered exactly
 * once, with its value from the moment the snapshot began; keys created afterwards carry the
 * current mark and are skipped. Tables replaced by FLUSHDB/SWAPDB are held by reference, so those
 * commands cost the snapshot nothing. Extra memory is what the visitor buffers, which its owner
 * bounds by pausing the steps (captures still happen, bounded by the write rate).
 *
 * <p>Command-execution thread only.
 */
public final class KeyspaceSnapshot {
  private static final int BUCKETS_BETWEEN_CLOCK_READS = 32;

  private final Keyspace keyspace;
  private final int mark;
  private final Dict<Entry>[] tables;
  private final long[] sizes;
  private final long[] volatileCounts;
  private SnapshotVisitor visitor;
  private int db;
  private long cursor;
  private boolean databaseBegun;
  private boolean done;
  private long delivered;
  private long captured;
  private long capturedBytes;
  private long unguarded;

  @SuppressWarnings({"unchecked", "rawtypes"})
  KeyspaceSnapshot(Keyspace keyspace, int mark, SnapshotVisitor visitor) {
    this.keyspace = keyspace;
    this.mark = mark;
    this.visitor = visitor;
    int n = keyspace.databaseCount();
    this.tables = new Dict[n];
    this.sizes = new long[n];
    this.volatileCounts = new long[n];
    for (int i = 0; i < n; i++) {
      Database d = keyspace.db(i);
      tables[i] = d.table();
      sizes[i] = d.size();
      volatileCounts[i] = d.volatileCount();
    }
  }

  /**
   * Delivers entries for about {@code budgetNanos}. Returns true once every entry has been
   * delivered and {@link SnapshotVisitor#end} called; the keyspace is then free for the next
   * snapshot.
   */
  public boolean step(long budgetNanos) {
    if (done) {
      return true;
    }
    long deadline = System.nanoTime() + budgetNanos;
    while (db < tables.length) {
      Dict<Entry> table = tables[db];
      if (!databaseBegun) {
        databaseBegun = true;
        cursor = 0;
        if (sizes[db] > 0) {
          visitor.beginDatabase(db, sizes[db], volatileCounts[db]);
        }
      }
      if (sizes[db] > 0 && table.size() > 0) {
        do {
          for (int i = 0; i < BUCKETS_BETWEEN_CLOCK_READS; i++) {
            cursor = table.scan(cursor, this::visit);
            if (cursor == 0) {
              break;
            }
          }
        } while (cursor != 0 && System.nanoTime() < deadline);
        if (cursor != 0) {
          return false;
        }
      }
      db++;
      databaseBegun = false;
      if (System.nanoTime() >= deadline && db < tables.length) {
        return false;
      }
    }
    done = true;
    keyspace.snapshotEnded(this);
    visitor.end();
    return true;
  }

  private void visit(Entry e) {
    if (e.snapshotMark() != mark) {
      e.setSnapshotMark(mark);
      delivered++;
      visitor.entry(db, e);
    }
  }

  /** An unseen entry is about to change: deliver it as it is now. */
  void capture(Dict<Entry> table, Entry e) {
    int index = indexOf(table);
    e.setSnapshotMark(mark);
    if (index >= 0) {
      delivered++;
      captured++;
      // Memory estimate of the entry, as MEMORY USAGE reports it: the counterpart of the pages a
      // forked Redis child copies on write (INFO current_cow_size / rdb_last_cow_size).
      capturedBytes += Database.memoryUsage(e);
      visitor.entry(index, e);
    }
  }

  /**
   * An unseen entry was changed in place without a write lookup first (a command bug): the old
   * value is gone, so the new one is delivered and the event counted for tests to catch.
   */
  void unguardedChange(Database database, Entry e) {
    unguarded++;
    capture(database.table(), e);
  }

  private int indexOf(Dict<Entry> table) {
    for (int i = 0; i < tables.length; i++) {
      if (tables[i] == table) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Stops delivering to the visitor. The walk still completes (in later steps, delivering nothing)
   * so that every entry carries the same mark again before the next snapshot starts.
   */
  public void abort() {
    visitor = SnapshotVisitor.DISCARD;
  }

  public boolean isDone() {
    return done;
  }

  /** Entries delivered so far. */
  public long delivered() {
    return delivered;
  }

  /** Entries delivered early because they were about to change. */
  public long captured() {
    return captured;
  }

  /**
   * Estimated bytes (key, value and entry overhead) of the entries delivered early because they
   * were about to change: the work and memory a snapshot spends because writes ran during it.
   */
  public long capturedBytes() {
    return capturedBytes;
  }

  /** Entries changed in place without the pre-change hook; should stay 0. */
  public long unguardedChanges() {
    return unguarded;
  }

  /** Keys in all databases when the snapshot started. */
  public long totalKeys() {
    long n = 0;
    for (long s : sizes) {
      n += s;
    }
    return n;
  }
}
