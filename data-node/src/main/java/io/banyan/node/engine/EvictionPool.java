package io.banyan.node.engine;

/**
 * The best eviction candidates seen so far, kept across eviction rounds as Redis does: each round
 * samples a few keys per database and offers them here; the pool keeps the {@link #CAPACITY} with
 * the highest score (idle time, inverse frequency, or nearness of expiry), sorted ascending, so the
 * best candidate is the last one. Entries may go stale (the key was deleted or changed since it was
 * sampled); whoever pops one must check that the key still qualifies.
 */
final class EvictionPool {
  static final int CAPACITY = 16;

  private final long[] scores = new long[CAPACITY];
  private final int[] dbs = new int[CAPACITY];
  private final byte[][] keys = new byte[CAPACITY][];
  private int size;

  int size() {
    return size;
  }

  /** Offers a candidate; ignored when the pool is full and every entry scores at least as high. */
  void offer(int db, byte[] key, long score) {
    int k = 0;
    while (k < size && scores[k] < score) {
      k++;
    }
    if (size == CAPACITY) {
      if (k == 0) {
        return;
      }
      // Drop the weakest (first) entry to make room at position k-1.
      k--;
      shiftLeft(k);
    } else {
      shiftRight(k);
      size++;
    }
    scores[k] = score;
    dbs[k] = db;
    keys[k] = key;
  }

  private void shiftRight(int from) {
    int n = size - from;
    System.arraycopy(scores, from, scores, from + 1, n);
    System.arraycopy(dbs, from, dbs, from + 1, n);
    System.arraycopy(keys, from, keys, from + 1, n);
  }

  /** Moves entries 1..upTo one slot left, overwriting entry 0. */
  private void shiftLeft(int upTo) {
    System.arraycopy(scores, 1, scores, 0, upTo);
    System.arraycopy(dbs, 1, dbs, 0, upTo);
    System.arraycopy(keys, 1, keys, 0, upTo);
  }

  /** Database of the best candidate; only valid when the pool is not empty. */
  int bestDb() {
    return dbs[size - 1];
  }

  /** Key of the best candidate; only valid when the pool is not empty. */
  byte[] bestKey() {
    return keys[size - 1];
  }

  /** Score of the best candidate; only valid when the pool is not empty. */
  long bestScore() {
    return scores[size - 1];
  }

  /** Removes the best candidate. */
  void removeBest() {
    size--;
    keys[size] = null;
  }

  void clear() {
    java.util.Arrays.fill(keys, null);
    size = 0;
  }
}
