package io.banyan.node.store;

import java.util.function.Consumer;

/**
 * One numbered database: its keys, their expiries, and an estimate of the memory they hold.
 *
 * <p>Every read goes through {@link #lookupForRead} or {@link #lookupForWrite}, which apply lazy
 * expiry: a key whose time has passed is removed on the spot (on a master) or merely hidden (on a
 * replica, which waits for its master's DEL so that the replication stream stays the single source
 * of truth). Every change ends with {@link #modified}, which re-accounts the value's memory,
 * removes collections that became empty, and notifies the {@link KeyspaceListener}.
 *
 * <p>Not thread-safe: owned by the command-execution thread.
 */
public final class Database {
  /** Bytes counted per key beyond the key and value bytes: entry, bucket slot, array headers. */
  static final int ENTRY_OVERHEAD = 40 + 8 + 16;

  private final int index;
  private final Keyspace keyspace;
  private Dict<Entry> keys = new Dict<>();
  private VolatileIndex volatileKeys = new VolatileIndex();
  private long usedBytes;
  private long expiredKeys;

  Database(int index, Keyspace keyspace) {
    this.index = index;
    this.keyspace = keyspace;
  }

  public int index() {
    return index;
  }

  public int size() {
    return keys.size();
  }

  public int volatileCount() {
    return volatileKeys.size();
  }

  /** Estimated bytes held by this database's keys and values. */
  public long usedBytes() {
    return usedBytes;
  }

  public long expiredKeys() {
    return expiredKeys;
  }

  // ---- lookups -------------------------------------------------------------------------------

  /** The entry for key after lazy expiry, without updating its access clock. */
  public Entry lookup(byte[] key) {
    Entry e = keys.get(key);
    if (e != null && e.expireAtMs != Entry.NO_EXPIRY && expireIfDue(e)) {
      return null;
    }
    return e;
  }

  /**
   * The raw entry for key, including a logically expired one, without side effects (no lazy expiry,
   * no access recorded); for WATCH, which must tell "expired" from "absent".
   */
  public Entry peek(byte[] key) {
    return keys.get(key);
  }

  /** The entry for key after lazy expiry, recording an access unless {@code touch} is false. */
  public Entry lookupForRead(byte[] key, boolean touch) {
    Entry e = lookup(key);
    if (e != null && touch) {
      e.setAccessClock(keyspace.accessClock().touched(e.accessClock()));
    }
    return e;
  }

  /**
   * As {@link #lookupForRead} with an access recorded: the path write commands use. The caller may
   * change the returned value in place (then calls {@link #modified}), so a running snapshot takes
   * its copy of the entry first.
   */
  public Entry lookupForWrite(byte[] key) {
    Entry e = lookupForRead(key, true);
    if (e != null) {
      beforeChange(e);
    }
    return e;
  }

  /** The value of key, or null; records an access. */
  public Object get(byte[] key) {
    Entry e = lookupForRead(key, true);
    return e == null ? null : e.value;
  }

  public boolean exists(byte[] key) {
    return lookup(key) != null;
  }

  /** True when key is present and logically expired at {@code nowMs}. Does not remove it. */
  private boolean isDue(Entry e, long nowMs) {
    return e.expireAtMs != Entry.NO_EXPIRY && e.expireAtMs <= nowMs;
  }

  /** Removes (or, on a replica, hides) an expired entry; returns true when it is expired. */
  private boolean expireIfDue(Entry e) {
    if (keyspace.isLoading() || !isDue(e, keyspace.nowMs())) {
      return false;
    }
    if (keyspace.isExpiryFollower()) {
      return true;
    }
    removeEntry(e.key);
    expiredKeys++;
    keyspace.listener().keyExpired(this, e.key);
    return true;
  }

  // ---- writes --------------------------------------------------------------------------------

  /** Sets key to value, discarding any previous value and expiry (SET semantics). */
  public void set(byte[] key, Object value) {
    Entry e = lookup(key);
    if (e == null) {
      if (keyspace.isExpiryFollower()) {
        insert(key, value); // the table may still hold the key's expired entry: replace it
      } else {
        insertAbsent(key, value);
      }
    } else {
      beforeChange(e);
      usedBytes -= valueBytes(e.value);
      e.value = value;
      clearExpiry(e);
      e.setAccessClock(keyspace.accessClock().touched(e.accessClock()));
      usedBytes += account(value);
    }
    signal(key, value);
  }

  /** Replaces the value of key, keeping its expiry; creates the key when absent. */
  public void setKeepingTtl(byte[] key, Object value) {
    Entry e = lookup(key);
    if (e == null) {
      set(key, value);
      return;
    }
    beforeChange(e);
    usedBytes -= valueBytes(e.value);
    e.value = value;
    usedBytes += account(value);
    signal(key, value);
  }

  /**
   * Adds a new key; the caller has checked it is absent (after lazy expiry). Composites may be
   * added empty and filled before {@link #modified} is called.
   */
  public Entry add(byte[] key, Object value) {
    Entry e = insert(key, value);
    if (value instanceof byte[]) {
      signal(key, value);
    }
    return e;
  }

  /** Inserts a key known to be absent from the table (a master's lookup removed it if expired). */
  private void insertAbsent(byte[] key, Object value) {
    Entry e = new Entry(key, value);
    e.accessClock = keyspace.accessClock().initial() | keyspace.snapshotMark();
    keys.insert(e);
    usedBytes += ENTRY_OVERHEAD + align(key.length) + account(value);
  }

  /**
   * Adds a key read from a snapshot file (RDB load, DEBUG RELOAD) with its expiry exactly as
   * stored, even one already past: unlike {@link #add} then {@link #setExpiry}, no lazy expiry
   * runs, so a replica keeps such keys until its master deletes them. Returns null, changing
   * nothing, when the key already exists (a duplicate in the file); otherwise the new entry, for
   * its access clock.
   */
  public Entry load(byte[] key, Object value, long expireAtMs) {
    Entry e = new Entry(key, value);
    e.accessClock = keyspace.accessClock().initial() | keyspace.snapshotMark();
    // One table walk per key (loading is dominated by them): insert, and undo on a duplicate.
    Entry existing = keys.replace(e);
    if (existing != null) {
      keys.replace(existing);
      return null;
    }
    usedBytes += ENTRY_OVERHEAD + align(key.length) + account(value);
    if (expireAtMs != Entry.NO_EXPIRY) {
      volatileKeys.add(e);
      e.expireAtMs = expireAtMs;
    }
    signal(key, value);
    return e;
  }

  /** Sizes the table for {@code keys} more keys ahead of loading them (RESIZEDB). */
  public void reserve(long keys) {
    this.keys.expand(this.keys.size() + keys);
  }

  private Entry insert(byte[] key, Object value) {
    Entry e = new Entry(key, value);
    e.accessClock = keyspace.accessClock().initial() | keyspace.snapshotMark();
    if (keyspace.snapshot() != null) {
      Entry existing = keys.get(key);
      if (existing != null) {
        beforeChange(existing);
      }
    }
    Entry stale = keys.replace(e);
    if (stale != null) {
      // Only a replica gets here: lookups hide a logically expired key it keeps until its
      // master's DEL, so callers see the key as absent. Replace it rather than adding a twin.
      clearExpiry(stale);
      usedBytes -= ENTRY_OVERHEAD + align(stale.key.length) + valueBytes(stale.value);
    }
    usedBytes += ENTRY_OVERHEAD + align(key.length) + account(value);
    return e;
  }

  /**
   * Signals that the value stored at key was changed in place (or created, or deleted): updates the
   * memory estimate, deletes a composite that became empty, and notifies watchers.
   */
  public void modified(byte[] key) {
    Entry e = keys.get(key);
    KeyspaceSnapshot snapshot = keyspace.snapshot();
    if (snapshot != null && e != null && e.snapshotMark() != keyspace.snapshotMark()) {
      // Changed in place without a write lookup first: the snapshot can only record the new value.
      snapshot.unguardedChange(this, e);
    }
    if (e != null && e.value instanceof CompositeValue c) {
      if (c.isEmpty()) {
        removeEntry(key);
      } else {
        long now = c.memoryBytes();
        usedBytes += now - c.accountedBytes;
        c.accountedBytes = now;
      }
    }
    signal(key, e == null ? null : e.value);
  }

  /**
   * Refreshes the memory estimate of key after its value changed representation but not content
   * (SORT converting a sorted set): unlike {@link #modified}, nobody is notified.
   */
  public void reaccount(byte[] key) {
    Entry e = keys.get(key);
    if (e != null && e.value instanceof CompositeValue c) {
      long now = c.memoryBytes();
      usedBytes += now - c.accountedBytes;
      c.accountedBytes = now;
    }
  }

  private void signal(byte[] key, Object value) {
    KeyspaceListener l = keyspace.listener();
    l.keyModified(this, key);
    if (value instanceof CompositeValue c
        && !c.isEmpty()
        && (c.type() == ValueType.LIST || c.type() == ValueType.ZSET)) {
      l.keyReady(this, key);
    }
  }

  /** Deletes key; returns whether it existed (expired keys count as absent). */
  public boolean delete(byte[] key) {
    if (lookup(key) == null) {
      return false;
    }
    removeEntry(key);
    keyspace.listener().keyModified(this, key);
    return true;
  }

  /**
   * Removes and returns the entry for RENAME/MOVE, which re-add it with {@link #attach}. The
   * returned entry keeps its expiry so that attach can carry it over. Signals the removal (a
   * watcher of the old name must see RENAME and MOVE as a change).
   */
  public Entry detach(byte[] key) {
    Entry e = lookup(key);
    if (e == null) {
      return null;
    }
    long expireAt = e.expireAtMs;
    removeEntry(key);
    e.expireAtMs = expireAt; // removeEntry cleared it while leaving the volatile index
    keyspace.listener().keyModified(this, key);
    return e;
  }

  private Entry removeEntry(byte[] key) {
    if (keyspace.snapshot() != null) {
      Entry existing = keys.get(key);
      if (existing != null) {
        beforeChange(existing);
      }
    }
    Entry e = keys.remove(key);
    if (e != null) {
      clearExpiry(e);
      usedBytes -= ENTRY_OVERHEAD + align(e.key.length) + valueBytes(e.value);
    }
    return e;
  }

  // ---- expiry --------------------------------------------------------------------------------

  /**
   * Sets an absolute expiry (Unix ms) on an existing key and signals the change. Returns false when
   * key is absent.
   */
  public boolean setExpiry(byte[] key, long atMs) {
    Entry e = lookup(key);
    if (e == null) {
      return false;
    }
    beforeChange(e);
    if (e.volatileSlot < 0) {
      volatileKeys.add(e);
    }
    e.expireAtMs = atMs;
    keyspace.listener().keyModified(this, key);
    return true;
  }

  /** Removes the expiry of key and signals the change; returns true when it had one. */
  public boolean persist(byte[] key) {
    Entry e = lookup(key);
    if (e == null || e.expireAtMs == Entry.NO_EXPIRY) {
      return false;
    }
    beforeChange(e);
    clearExpiry(e);
    keyspace.listener().keyModified(this, key);
    return true;
  }

  /** The absolute expiry of key in ms, {@link Entry#NO_EXPIRY}, or -2 when key is absent. */
  public long expiryOf(byte[] key) {
    Entry e = lookup(key);
    if (e == null) {
      return -2;
    }
    return e.expireAtMs;
  }

  private void clearExpiry(Entry e) {
    if (e.volatileSlot >= 0) {
      volatileKeys.remove(e);
    }
    e.expireAtMs = Entry.NO_EXPIRY;
  }

  /**
   * One round of active expiry: samples up to {@code samples} keys with a time to live and removes
   * the expired ones. Returns how many of the sampled keys had expired.
   */
  public int expireSample(int samples) {
    if (keyspace.isExpiryFollower()) {
      return 0;
    }
    int expired = 0;
    long now = keyspace.nowMs();
    for (int i = 0; i < samples && volatileKeys.size() > 0; i++) {
      Entry e = volatileKeys.random();
      if (isDue(e, now)) {
        removeEntry(e.key);
        expiredKeys++;
        expired++;
        keyspace.listener().keyExpired(this, e.key);
      }
    }
    return expired;
  }

  /** A random key with a time to live, or null; for volatile-* eviction. */
  public Entry randomVolatile() {
    return volatileKeys.size() == 0 ? null : volatileKeys.random();
  }

  // ---- iteration -----------------------------------------------------------------------------

  /** A random live key, or null when the database is empty. */
  public Entry randomEntry() {
    for (int tries = 0; tries < 100 && keys.size() > 0; tries++) {
      Entry e = keys.random();
      if (!isDue(e, keyspace.nowMs())) {
        return e;
      }
      if (!keyspace.isExpiryFollower()) {
        expireIfDue(e);
      } else if (tries > 50) {
        return e; // a replica full of expired keys: return one, as Redis does
      }
    }
    return null;
  }

  /** One SCAN step over raw entries (callers filter expired ones); returns the next cursor. */
  public long scan(long cursor, Consumer<Entry> visitor) {
    return keys.scan(cursor, visitor);
  }

  /** Visits every entry, including logically expired ones; the visitor must not modify. */
  public void forEach(Consumer<Entry> visitor) {
    keys.forEach(visitor);
  }

  /** True when the entry is logically expired now. */
  public boolean isExpired(Entry e) {
    return isDue(e, keyspace.nowMs());
  }

  /** Rehash work for the cron, so idle databases finish growing their tables. */
  public void rehashFor(long nanos) {
    keys.rehashFor(nanos);
  }

  /** Removes every key. */
  public void clear() {
    keyspace.listener().databaseReplacing(this, null);
    keys = new Dict<>();
    volatileKeys = new VolatileIndex();
    usedBytes = 0;
    keyspace.listener().databaseReplaced(this);
  }

  /** Exchanges contents with another database (SWAPDB). */
  void swapContents(Database other) {
    keyspace.listener().databaseReplacing(this, other);
    keyspace.listener().databaseReplacing(other, this);
    Dict<Entry> k = keys;
    keys = other.keys;
    other.keys = k;
    VolatileIndex v = volatileKeys;
    volatileKeys = other.volatileKeys;
    other.volatileKeys = v;
    long u = usedBytes;
    usedBytes = other.usedBytes;
    other.usedBytes = u;
    keyspace.listener().databaseReplaced(this);
    keyspace.listener().databaseReplaced(other);
  }

  /** Re-inserts an entry detached from another key or database, with its expiry (RENAME/MOVE). */
  public void attach(byte[] newKey, Entry source) {
    Entry e = insert(newKey, source.value);
    e.setAccessClock(source.accessClock());
    if (source.expireAtMs != Entry.NO_EXPIRY) {
      volatileKeys.add(e);
      e.expireAtMs = source.expireAtMs;
    }
    signal(newKey, source.value);
  }

  // ---- snapshots -----------------------------------------------------------------------------

  /** The table the running snapshot iterates for this database; see {@link KeyspaceSnapshot}. */
  Dict<Entry> table() {
    return keys;
  }

  /**
   * Called before any change to an existing entry. When a snapshot is running and has not yet seen
   * the entry, it records the entry as it is now, so that the snapshot stays a point-in-time image.
   */
  private void beforeChange(Entry e) {
    KeyspaceSnapshot snapshot = keyspace.snapshot();
    if (snapshot != null && e.snapshotMark() != keyspace.snapshotMark()) {
      snapshot.capture(keys, e);
    }
  }

  // ---- memory accounting ---------------------------------------------------------------------

  private static long account(Object value) {
    if (value instanceof CompositeValue c) {
      c.accountedBytes = c.memoryBytes();
      return c.accountedBytes;
    }
    return valueBytes(value);
  }

  private static long valueBytes(Object value) {
    if (value instanceof byte[] b) {
      return 16 + align(b.length);
    }
    return ((CompositeValue) value).accountedBytes;
  }

  static long align(int n) {
    return (n + 7L) & ~7L;
  }

  /** Estimated memory of one key including its entry, for MEMORY USAGE. */
  public static long memoryUsage(Entry e) {
    Object v = e.value;
    long valueBytes =
        v instanceof byte[] b ? 16 + align(b.length) : ((CompositeValue) v).memoryBytes();
    return ENTRY_OVERHEAD + align(e.key.length) + valueBytes;
  }
}
