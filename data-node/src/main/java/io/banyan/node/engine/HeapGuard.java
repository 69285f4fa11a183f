package io.banyan.node.engine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * {@code banyan-heap-guard}: keeps the dataset within a share of the JVM's maximum heap, whether or
 * not {@code maxmemory} is set, so data never drives the JVM to an OutOfMemoryError. It acts as an
 * implicit {@code maxmemory} of {@code guard% × max heap − overhead}, where the overhead is what
 * the heap holds besides the dataset (live heap after the last collection minus the dataset's
 * estimate). The limit the node enforces is the smaller of the two: past it, eviction policies
 * evict and {@code noeviction} answers -OOM, as with maxmemory.
 *
 * <p>The dataset estimate reacts at once to each write; the overhead is re-measured after each
 * collection (on the cron tick), which covers what the estimate misses. Command thread only.
 */
public final class HeapGuard {
  private final Engine engine;
  private final long maxHeap = Runtime.getRuntime().maxMemory();
  private final List<MemoryPoolMXBean> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans();
  private long collections = -1;
  private long overhead;

  HeapGuard(Engine engine) {
    this.engine = engine;
  }

  /** Cron: after a collection, measures what the heap holds besides the dataset. */
  void tick() {
    long count = 0;
    for (GarbageCollectorMXBean gc : collectors) {
      count += Math.max(0, gc.getCollectionCount());
    }
    if (count == collections) {
      return;
    }
    collections = count;
    long live = liveAfterCollection();
    if (live >= 0) {
      overhead = Math.max(0, Math.min(maxHeap / 2, live - engine.usedMemory()));
    }
  }

  /** Heap in use right after the last collection, summed over the heap pools; -1 if unknown. */
  private long liveAfterCollection() {
    long live = 0;
    boolean known = false;
    for (MemoryPoolMXBean p : heapPools) {
      MemoryUsage u = p.getCollectionUsage();
      if (u != null) {
        live += u.getUsed();
        known = true;
      }
    }
    return known ? live : -1;
  }

  /** The dataset size the guard allows, in bytes; Long.MAX_VALUE when it is off. */
  public long limit() {
    int percent = engine.config().banyanHeapGuard;
    if (percent <= 0 || maxHeap == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, maxHeap / 100 * percent - overhead);
  }

  /** What the heap holds besides the dataset, as last measured. */
  public long overhead() {
    return overhead;
  }
}
