package io.banyan.node.store;

/**
 * One key of a database: its value, optional absolute expiry, and the access clock used by LRU or
 * LFU eviction. Kept deliberately small (40 bytes with compressed oops): it is the per-key overhead
 * of the whole store.
 */
public final class Entry extends Dict.Node<Entry> {
  /** A byte[] for strings, otherwise a {@link CompositeValue}. */
  Object value;

  /** Absolute expiry in Unix milliseconds, or {@link #NO_EXPIRY}. */
  long expireAtMs = NO_EXPIRY;

  /**
   * Low 24 bits: the access clock. LRU: a seconds clock of the last access. LFU: 16-bit minutes of
   * the last decrement and an 8-bit logarithmic counter (Redis's layout). Bit 31: the snapshot mark
   * ({@link KeyspaceSnapshot}), telling whether the running snapshot has already seen this entry.
   */
  int accessClock;

  static final int CLOCK_MASK = 0x00FF_FFFF;
  static final int SNAPSHOT_MARK = 0x8000_0000;

  /** Position in the database's volatile-key index, or -1 when the key has no expiry. */
  int volatileSlot = -1;

  public static final long NO_EXPIRY = -1;

  Entry(byte[] key, Object value) {
    super(key);
    this.value = value;
  }

  public Object value() {
    return value;
  }

  public long expireAtMs() {
    return expireAtMs;
  }

  public boolean hasExpiry() {
    return expireAtMs != NO_EXPIRY;
  }

  public int accessClock() {
    return accessClock & CLOCK_MASK;
  }

  public void setAccessClock(int clock) {
    this.accessClock = (accessClock & SNAPSHOT_MARK) | (clock & CLOCK_MASK);
  }

  int snapshotMark() {
    return accessClock & SNAPSHOT_MARK;
  }

  void setSnapshotMark(int mark) {
    this.accessClock = (accessClock & CLOCK_MASK) | mark;
  }

  public ValueType type() {
    return ValueType.of(value);
  }
}
