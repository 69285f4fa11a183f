package io.banyan.node.store;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A chained hash table keyed by byte arrays, modelled on Redis's dict: two tables during an
 * incremental rehash (so growing a table with millions of keys never stalls the command thread), a
 * reverse-binary SCAN cursor that returns every element present for the whole scan at least once
 * even across resizes, and fair-ish random sampling for eviction and expiry.
 *
 * <p>Nodes are supplied by the caller and may carry extra fields (the keyspace's entries carry
 * value, expiry and access clock), so the table adds only one reference per bucket.
 *
 * <p>Not thread-safe: owned by the command-execution thread.
 *
 * @param <N> the node type
 */
public final class Dict<N extends Dict.Node<N>> {

  /** A table node: a key and the link to the next node of the same bucket. */
  public abstract static class Node<N extends Node<N>> {
    public final byte[] key;
    N next;

    protected Node(byte[] key) {
      this.key = key;
    }
  }

  private static final int INITIAL_SIZE = 4;
  private static final int MIN_FILL_PERCENT = 10;
  private static final int REHASH_EMPTY_VISITS = 10;

  private Node<?>[] t0 = new Node<?>[0];
  private Node<?>[] t1;
  private int rehashIndex = -1;
  private int size;
  private int pauseRehash;

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Number of buckets currently allocated, for memory estimates and INFO. */
  public int buckets() {
    return t0.length + (t1 == null ? 0 : t1.length);
  }

  public boolean isRehashing() {
    return rehashIndex >= 0;
  }

  @SuppressWarnings("unchecked")
  public N get(byte[] key) {
    if (size == 0) {
      return null;
    }
    step();
    int h = Bytes.hash(key);
    for (Node<?>[] t = t0; t != null; t = (t == t0 && isRehashing()) ? t1 : null) {
      for (Node<?> n = t[h & (t.length - 1)]; n != null; n = n.next) {
        if (Bytes.equal(n.key, key)) {
          return (N) n;
        }
      }
    }
    return null;
  }

  /** Inserts a node whose key must not be present. */
  public void insert(N node) {
    step();
    insertWithoutStep(node);
  }

  /**
   * Replaces the node holding {@code replacement.key} with {@code replacement} in place (same
   * bucket), returning the old node, or inserts it when absent and returns null.
   */
  @SuppressWarnings("unchecked")
  public N replace(N replacement) {
    step();
    int h = Bytes.hash(replacement.key);
    for (Node<?>[] t = t0; t != null; t = (t == t0 && isRehashing()) ? t1 : null) {
      if (t.length == 0) {
        continue;
      }
      int i = h & (t.length - 1);
      Node<?> prev = null;
      for (Node<?> n = t[i]; n != null; prev = n, n = n.next) {
        if (Bytes.equal(n.key, replacement.key)) {
          replacement.next = (N) n.next;
          if (prev == null) {
            t[i] = replacement;
          } else {
            ((N) prev).next = replacement;
          }
          n.next = null;
          return (N) n;
        }
      }
    }
    insertWithoutStep(replacement);
    return null;
  }

  private void insertWithoutStep(N node) {
    expandIfNeeded();
    Node<?>[] t = isRehashing() ? t1 : t0;
    int i = Bytes.hash(node.key) & (t.length - 1);
    @SuppressWarnings("unchecked")
    N head = (N) t[i];
    node.next = head;
    t[i] = node;
    size++;
  }

  /** Removes and returns the node for key, or null. */
  @SuppressWarnings("unchecked")
  public N remove(byte[] key) {
    if (size == 0) {
      return null;
    }
    step();
    int h = Bytes.hash(key);
    for (Node<?>[] t = t0; t != null; t = (t == t0 && isRehashing()) ? t1 : null) {
      if (t.length == 0) {
        continue;
      }
      int i = h & (t.length - 1);
      Node<?> prev = null;
      for (Node<?> n = t[i]; n != null; prev = n, n = n.next) {
        if (Bytes.equal(n.key, key)) {
          if (prev == null) {
            t[i] = n.next;
          } else {
            ((N) prev).next = (N) n.next;
          }
          n.next = null;
          size--;
          shrinkIfNeeded();
          return (N) n;
        }
      }
    }
    return null;
  }

  /** Drops every node; the tables are released. */
  public void clear() {
    t0 = new Node<?>[0];
    t1 = null;
    rehashIndex = -1;
    size = 0;
  }

  /**
   * Returns a random node, or null when empty. Picks a random non-empty bucket, then a random node
   * of its chain, as Redis does; chains are short, so the bias is small.
   */
  @SuppressWarnings("unchecked")
  public N random() {
    if (size == 0) {
      return null;
    }
    step();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    Node<?> head;
    if (isRehashing()) {
      int span = t0.length + t1.length - rehashIndex;
      do {
        int i = rehashIndex + rnd.nextInt(span);
        head = (i >= t0.length) ? t1[i - t0.length] : t0[i];
      } while (head == null);
    } else {
      int mask = t0.length - 1;
      do {
        head = t0[rnd.nextInt() & mask];
      } while (head == null);
    }
    int len = 0;
    for (Node<?> n = head; n != null; n = n.next) {
      len++;
    }
    int pick = rnd.nextInt(len);
    Node<?> n = head;
    while (pick-- > 0) {
      n = n.next;
    }
    return (N) n;
  }

  /**
   * Visits the nodes reachable from one step of the cursor and returns the next cursor (0 when the
   * scan is complete). Every node present from the first call to the last is visited at least once,
   * whatever resizes happen in between; some may be visited twice.
   */
  @SuppressWarnings("unchecked")
  public long scan(long cursor, Consumer<N> visitor) {
    if (size == 0) {
      return 0;
    }
    pauseRehash++;
    try {
      long v = cursor;
      if (!isRehashing()) {
        long mask = t0.length - 1;
        for (Node<?> n = t0[(int) (v & mask)]; n != null; n = n.next) {
          visitor.accept((N) n);
        }
        v = advance(v, mask);
      } else {
        Node<?>[] small = t0;
        Node<?>[] large = t1;
        if (small.length > large.length) {
          small = t1;
          large = t0;
        }
        long m0 = small.length - 1;
        long m1 = large.length - 1;
        for (Node<?> n = small[(int) (v & m0)]; n != null; n = n.next) {
          visitor.accept((N) n);
        }
        // Visit every bucket of the larger table that expands the small table's bucket.
        do {
          for (Node<?> n = large[(int) (v & m1)]; n != null; n = n.next) {
            visitor.accept((N) n);
          }
          v |= ~m1;
          v = Long.reverse(v);
          v++;
          v = Long.reverse(v);
        } while ((v & (m0 ^ m1)) != 0);
      }
      return v;
    } finally {
      pauseRehash--;
    }
  }

  private static long advance(long v, long mask) {
    v |= ~mask;
    v = Long.reverse(v);
    v++;
    return Long.reverse(v);
  }

  /** Visits every node. The visitor must not modify the table. */
  @SuppressWarnings("unchecked")
  public void forEach(Consumer<N> visitor) {
    pauseRehash++;
    try {
      for (Node<?> head : t0) {
        for (Node<?> n = head; n != null; n = n.next) {
          visitor.accept((N) n);
        }
      }
      if (t1 != null) {
        for (Node<?> head : t1) {
          for (Node<?> n = head; n != null; n = n.next) {
            visitor.accept((N) n);
          }
        }
      }
    } finally {
      pauseRehash--;
    }
  }

  /**
   * Grows the table ahead of {@code expected} insertions (an RDB file's RESIZEDB hint), so that
   * loading does not rehash again and again. An empty table is allocated at once; a populated one
   * starts an incremental rehash. Does nothing while a rehash runs or when already large enough.
   */
  public void expand(long expected) {
    int wanted = tableSizeFor(Math.max(expected, size));
    if (isRehashing() || wanted <= t0.length) {
      return;
    }
    startRehash(wanted);
  }

  /**
   * Performs rehash steps for about the given time budget; called from the server cron so an idle
   * table still finishes its rehash. Returns true while a rehash remains in progress.
   */
  public boolean rehashFor(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (isRehashing()) {
      for (int i = 0; i < 100 && isRehashing(); i++) {
        rehashStep(REHASH_EMPTY_VISITS * 10);
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    return isRehashing();
  }

  private void step() {
    if (rehashIndex >= 0 && pauseRehash == 0) {
      rehashStep(REHASH_EMPTY_VISITS);
    }
  }

  /** Moves one non-empty bucket from t0 to t1, visiting at most maxEmpty empty buckets. */
  @SuppressWarnings("unchecked")
  private void rehashStep(int maxEmpty) {
    Node<?>[] from = t0;
    Node<?>[] to = t1;
    int mask = to.length - 1;
    while (rehashIndex < from.length && from[rehashIndex] == null) {
      rehashIndex++;
      if (--maxEmpty == 0) {
        break;
      }
    }
    if (rehashIndex < from.length && from[rehashIndex] != null) {
      Node<?> n = from[rehashIndex];
      while (n != null) {
        Node<?> next = n.next;
        int i = Bytes.hash(n.key) & mask;
        ((N) n).next = (N) to[i];
        to[i] = n;
        n = next;
      }
      from[rehashIndex] = null;
      rehashIndex++;
    }
    if (rehashIndex >= from.length) {
      t0 = t1;
      t1 = null;
      rehashIndex = -1;
    }
  }

  private void expandIfNeeded() {
    if (isRehashing()) {
      return;
    }
    if (t0.length == 0) {
      t0 = new Node<?>[INITIAL_SIZE];
      return;
    }
    if (size >= t0.length) {
      startRehash(tableSizeFor(size + 1L));
    }
  }

  private void shrinkIfNeeded() {
    if (isRehashing() || t0.length <= INITIAL_SIZE) {
      return;
    }
    if ((long) size * 100 / t0.length < MIN_FILL_PERCENT) {
      startRehash(tableSizeFor(Math.max(size, INITIAL_SIZE)));
    }
  }

  private void startRehash(int newSize) {
    if (newSize == t0.length) {
      return;
    }
    if (size == 0) {
      t0 = new Node<?>[newSize];
      return;
    }
    t1 = new Node<?>[newSize];
    rehashIndex = 0;
  }

  /** Smallest power of two that is at least n (and at least the initial size). */
  private static int tableSizeFor(long n) {
    long s = INITIAL_SIZE;
    while (s < n && s < (1 << 30)) {
      s <<= 1;
    }
    return (int) s;
  }
}
