package io.banyan.node.store;

/**
 * Base of every non-string value (list, hash, set, sorted set). Strings are stored as bare byte
 * arrays to keep the common case small.
 *
 * <p>A composite estimates its own heap footprint as it changes; the owning {@link Database} reads
 * that estimate when the key is signalled as modified and adjusts its memory total by the
 * difference, so {@code maxmemory} accounting costs O(1) per write.
 */
public abstract class CompositeValue {
  /** What the database last counted for this value; owned by {@link Database}. */
  long accountedBytes;

  public abstract ValueType type();

  /** The encoding name OBJECT ENCODING reports (Redis 7.0 names: listpack, hashtable, ...). */
  public abstract String encoding();

  /** Number of elements (list items, hash fields, set members, sorted set members). */
  public abstract int size();

  /** Estimated heap bytes held by this value, excluding the key and the keyspace entry. */
  public abstract long memoryBytes();

  /** A deep copy, for COPY and for snapshotting by callers that need one. */
  public abstract CompositeValue copy();

  public boolean isEmpty() {
    return size() == 0;
  }
}
