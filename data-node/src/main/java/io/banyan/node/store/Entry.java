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
   * LRU: a 24-bit seconds clock of the last access. LFU: 16-bit minutes of the last decrement in
   * the high bits and an 8-bit logarithmic counter in the low bits (Redis's layout).
   */
  int accessClock;

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
    return accessClock;
  }

  public void setAccessClock(int clock) {
    this.accessClock = clock;
  }

  public ValueType type() {
    return ValueType.of(value);
  }
}
