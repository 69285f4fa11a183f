package io.banyan.node.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The keys of a database that have an expiry, in a dense array so that active expiry and volatile-*
 * eviction can sample them uniformly in O(1). Each entry remembers its slot; removal moves the last
 * element into the hole.
 */
final class VolatileIndex {
  private Entry[] entries = new Entry[16];
  private int size;

  int size() {
    return size;
  }

  void add(Entry e) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    e.volatileSlot = size;
    entries[size++] = e;
  }

  void remove(Entry e) {
    int slot = e.volatileSlot;
    Entry last = entries[--size];
    entries[slot] = last;
    last.volatileSlot = slot;
    entries[size] = null;
    e.volatileSlot = -1;
    if (entries.length > 64 && size < entries.length / 4) {
      entries = Arrays.copyOf(entries, entries.length / 2);
    }
  }

  Entry random() {
    return entries[ThreadLocalRandom.current().nextInt(size)];
  }
}
