package io.banyan.node.store.type;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.ValueType;
import java.util.function.Consumer;

/**
 * A list value: a growable ring buffer of byte arrays.
 *
 * <p>The ring gives O(1) push and pop at both ends (the queue workloads BLPOP/RPUSH serve) and O(1)
 * access by index (LINDEX, LSET, LRANGE without walking). Inserting or removing in the middle
 * shifts whichever side of the position is shorter. The capacity is a power of two so that wrapping
 * an index is a mask; it doubles when full and halves when a quarter full, so a list that was large
 * once does not keep its memory.
 *
 * <p>{@link #memoryBytes()} is a running estimate kept up to date by every change, so memory
 * accounting costs O(1) per write whatever the list's length.
 *
 * <p>Not thread-safe: owned by the command-execution thread.
 */
public final class ListValue extends CompositeValue {
  private static final int MIN_CAPACITY = 8;

  /** Largest power-of-two array length Java can allocate. */
  private static final int MAX_CAPACITY = 1 << 30;

  /** This object (header and fields) plus the header of the backing array. */
  private static final long FIXED_BYTES = 32 + 16;

  /** Bytes per slot of the backing array (one reference). */
  private static final long SLOT_BYTES = 8;

  private byte[][] ring;
  private int mask;
  private int head;
  private int size;

  /** Sum of {@link #elementBytes} over the elements. */
  private long elementBytes;

  public ListValue() {
    this(MIN_CAPACITY);
  }

  /** An empty list with room for at least {@code expectedSize} elements before it grows. */
  public ListValue(int expectedSize) {
    int capacity = capacityFor(expectedSize);
    ring = new byte[capacity][];
    mask = capacity - 1;
  }

  @Override
  public ValueType type() {
    return ValueType.LIST;
  }

  /** Redis 7.0 reports every list as a quicklist, whatever its length. */
  @Override
  public String encoding() {
    return "quicklist";
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long memoryBytes() {
    return FIXED_BYTES + SLOT_BYTES * ring.length + elementBytes;
  }

  @Override
  public ListValue copy() {
    ListValue c = new ListValue(size);
    for (int i = 0; i < size; i++) {
      c.ring[i] = ring[(head + i) & mask];
    }
    c.size = size;
    c.elementBytes = elementBytes;
    return c;
  }

  /** The memory estimate computed from scratch, to check the running one (tests). */
  long recomputedMemoryBytes() {
    long sum = 0;
    for (int i = 0; i < size; i++) {
      sum += elementBytes(ring[(head + i) & mask]);
    }
    return FIXED_BYTES + SLOT_BYTES * ring.length + sum;
  }

  /** Length of the backing array (tests). */
  int capacity() {
    return ring.length;
  }

  /** Estimated heap bytes of one element: array header plus its length aligned to 8. */
  static long elementBytes(byte[] e) {
    return 16 + ((e.length + 7L) & ~7L);
  }

  // ---- access --------------------------------------------------------------------------------

  /** Element at index (0-based from the head; callers resolve negative indexes). */
  public byte[] get(int index) {
    checkIndex(index);
    return ring[(head + index) & mask];
  }

  /** Replaces the element at index; returns the previous one. */
  public byte[] set(int index, byte[] element) {
    checkIndex(index);
    int slot = (head + index) & mask;
    byte[] old = ring[slot];
    ring[slot] = element;
    elementBytes += elementBytes(element) - elementBytes(old);
    return old;
  }

  public byte[] first() {
    return get(0);
  }

  public byte[] last() {
    return get(size - 1);
  }

  /** Visits elements head to tail. */
  public void forEach(Consumer<byte[]> visitor) {
    for (int i = 0; i < size; i++) {
      visitor.accept(ring[(head + i) & mask]);
    }
  }

  /**
   * Index of the first element equal to {@code element} at or after {@code from} (towards the
   * tail), or -1.
   */
  public int indexOf(byte[] element, int from) {
    for (int i = Math.max(from, 0); i < size; i++) {
      if (Bytes.equal(ring[(head + i) & mask], element)) {
        return i;
      }
    }
    return -1;
  }

  /** Elements head to tail in a new array (for tests and conversions). */
  public byte[][] toArray() {
    byte[][] out = new byte[size][];
    for (int i = 0; i < size; i++) {
      out[i] = ring[(head + i) & mask];
    }
    return out;
  }

  // ---- ends ----------------------------------------------------------------------------------

  public void addLast(byte[] element) {
    growIfFull();
    ring[(head + size) & mask] = element;
    size++;
    elementBytes += elementBytes(element);
  }

  public void addFirst(byte[] element) {
    growIfFull();
    head = (head - 1) & mask;
    ring[head] = element;
    size++;
    elementBytes += elementBytes(element);
  }

  /** Removes and returns the head element; the list must not be empty. */
  public byte[] removeFirst() {
    checkNotEmpty();
    byte[] e = ring[head];
    ring[head] = null;
    head = (head + 1) & mask;
    size--;
    elementBytes -= elementBytes(e);
    shrinkIfSparse();
    return e;
  }

  /** Removes and returns the tail element; the list must not be empty. */
  public byte[] removeLast() {
    checkNotEmpty();
    int slot = (head + size - 1) & mask;
    byte[] e = ring[slot];
    ring[slot] = null;
    size--;
    elementBytes -= elementBytes(e);
    shrinkIfSparse();
    return e;
  }

  // ---- middle --------------------------------------------------------------------------------

  /** Inserts element so that it ends up at index (0 ≤ index ≤ size). */
  public void insert(int index, byte[] element) {
    if (index < 0 || index > size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    if (index == 0) {
      addFirst(element);
      return;
    }
    if (index == size) {
      addLast(element);
      return;
    }
    growIfFull();
    if (index < size / 2) {
      // Shift the head side one slot towards the front.
      head = (head - 1) & mask;
      for (int i = 0; i < index; i++) {
        ring[(head + i) & mask] = ring[(head + i + 1) & mask];
      }
    } else {
      for (int i = size; i > index; i--) {
        ring[(head + i) & mask] = ring[(head + i - 1) & mask];
      }
    }
    ring[(head + index) & mask] = element;
    size++;
    elementBytes += elementBytes(element);
  }

  /** Removes and returns the element at index, closing the gap from the shorter side. */
  public byte[] removeAt(int index) {
    checkIndex(index);
    byte[] e = ring[(head + index) & mask];
    if (index < size / 2) {
      for (int i = index; i > 0; i--) {
        ring[(head + i) & mask] = ring[(head + i - 1) & mask];
      }
      ring[head] = null;
      head = (head + 1) & mask;
    } else {
      for (int i = index; i < size - 1; i++) {
        ring[(head + i) & mask] = ring[(head + i + 1) & mask];
      }
      ring[(head + size - 1) & mask] = null;
    }
    size--;
    elementBytes -= elementBytes(e);
    shrinkIfSparse();
    return e;
  }

  /**
   * Keeps only the elements from {@code from} (inclusive) to {@code to} (exclusive), dropping the
   * rest from both ends. 0 ≤ from ≤ to ≤ size.
   */
  public void retainRange(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException("range " + from + ".." + to + ", size " + size);
    }
    for (int i = 0; i < from; i++) {
      dropSlot((head + i) & mask);
    }
    for (int i = to; i < size; i++) {
      dropSlot((head + i) & mask);
    }
    head = (head + from) & mask;
    size = to - from;
    shrinkToFit();
  }

  /**
   * Removes elements equal to {@code element}: the first {@code count} from the head when count is
   * positive, the last {@code -count} from the tail when negative, all when zero. Returns how many
   * were removed. One pass to find the boundary, one pass to compact: O(n).
   */
  public int removeOccurrences(byte[] element, long count) {
    int lo = 0;
    int hi = size; // matches are removed within [lo, hi)
    if (count > 0) {
      hi = boundaryFromHead(element, count);
    } else if (count < 0) {
      lo = boundaryFromTail(element, count == Long.MIN_VALUE ? Long.MAX_VALUE : -count);
    }
    int write = lo;
    int removed = 0;
    for (int read = lo; read < size; read++) {
      byte[] e = ring[(head + read) & mask];
      if (read < hi && Bytes.equal(e, element)) {
        removed++;
        elementBytes -= elementBytes(e);
      } else {
        if (write != read) {
          ring[(head + write) & mask] = e;
        }
        write++;
      }
    }
    for (int i = write; i < size; i++) {
      ring[(head + i) & mask] = null;
    }
    size = write;
    if (removed > 0) {
      shrinkToFit();
    }
    return removed;
  }

  /** One past the index of the {@code count}-th match from the head, or size. */
  private int boundaryFromHead(byte[] element, long count) {
    long seen = 0;
    for (int i = 0; i < size; i++) {
      if (Bytes.equal(ring[(head + i) & mask], element) && ++seen == count) {
        return i + 1;
      }
    }
    return size;
  }

  /** The index of the {@code count}-th match from the tail, or 0. */
  private int boundaryFromTail(byte[] element, long count) {
    long seen = 0;
    for (int i = size - 1; i >= 0; i--) {
      if (Bytes.equal(ring[(head + i) & mask], element) && ++seen == count) {
        return i;
      }
    }
    return 0;
  }

  // ---- capacity ------------------------------------------------------------------------------

  private void dropSlot(int slot) {
    elementBytes -= elementBytes(ring[slot]);
    ring[slot] = null;
  }

  private void growIfFull() {
    if (size < ring.length) {
      return;
    }
    if (ring.length >= MAX_CAPACITY) {
      throw new IllegalStateException("list too long");
    }
    resize(ring.length << 1);
  }

  private void shrinkIfSparse() {
    if (ring.length > MIN_CAPACITY && size <= ring.length >>> 2) {
      resize(ring.length >>> 1);
    }
  }

  /** After bulk removals: the smallest capacity that leaves room to grow without resizing. */
  private void shrinkToFit() {
    int target = capacityFor(size > MAX_CAPACITY / 2 ? MAX_CAPACITY : size * 2);
    if (target < ring.length) {
      resize(target);
    }
  }

  private void resize(int capacity) {
    byte[][] next = new byte[capacity][];
    int firstRun = Math.min(size, ring.length - head);
    System.arraycopy(ring, head, next, 0, firstRun);
    System.arraycopy(ring, 0, next, firstRun, size - firstRun);
    ring = next;
    mask = capacity - 1;
    head = 0;
  }

  private static int capacityFor(int n) {
    if (n <= MIN_CAPACITY) {
      return MIN_CAPACITY;
    }
    if (n >= MAX_CAPACITY) {
      return MAX_CAPACITY;
    }
    return Integer.highestOneBit(n - 1) << 1;
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
  }

  private void checkNotEmpty() {
    if (size == 0) {
      throw new java.util.NoSuchElementException("empty list");
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(Bytes.str(ring[(head + i) & mask]));
    }
    return sb.append(']').toString();
  }
}
