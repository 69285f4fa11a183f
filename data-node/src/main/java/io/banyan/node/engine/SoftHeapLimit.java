package io.banyan.node.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.banyan.node.log.ServerLog;
import java.lang.management.ManagementFactory;

/**
 * Keeps the heap near what {@code maxmemory} asks for when nothing else bounds it. Without a memory
 * limit the launcher leaves the JVM's default maximum heap (a quarter of the machine), and a
 * collector paced by that maximum lets garbage pile up far past the dataset: 1.4 GiB of RSS at
 * {@code maxmemory 100mb} under a write flood. The JVM's {@code SoftMaxHeapSize} (a manageable flag
 * that Shenandoah and ZGC honour: they collect to stay under it and grow past it only when they
 * must) is set to {@value #DATASET_FACTOR} × maxmemory + {@value #HEADROOM_MIB} MiB — room for the
 * dataset as estimated (within a quarter of the live heap), what the node holds besides it, and the
 * garbage a concurrent collector needs to keep running — never above the maximum heap. With {@code
 * maxmemory 0} the soft limit goes back to the maximum heap.
 */
public final class SoftHeapLimit {
  static final int DATASET_FACTOR = 2;
  static final int HEADROOM_MIB = 64;

  private SoftHeapLimit() {}

  /** The soft limit for {@code maxmemory} (0: none) under a maximum heap of {@code maxHeap}. */
  public static long forMaxmemory(long maxmemory, long maxHeap) {
    if (maxmemory <= 0 || maxmemory >= maxHeap / DATASET_FACTOR) {
      return maxHeap;
    }
    return Math.min(maxHeap, maxmemory * DATASET_FACTOR + HEADROOM_MIB * 1024L * 1024L);
  }

  /** Applies the soft limit for {@code maxmemory}; logs and carries on where the JVM refuses. */
  public static void apply(long maxmemory, ServerLog log) {
    long maxHeap = Runtime.getRuntime().maxMemory();
    if (maxHeap == Long.MAX_VALUE) {
      return;
    }
    long soft = forMaxmemory(maxmemory, maxHeap);
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (!Long.toString(soft).equals(vm.getVMOption("SoftMaxHeapSize").getValue())) {
        vm.setVMOption("SoftMaxHeapSize", Long.toString(soft));
      }
    } catch (RuntimeException e) {
      // A JVM without the flag or the management module: the heap guard still bounds the data.
      log.verbose("SoftMaxHeapSize not set: " + e);
    }
  }

  /** The JVM's current soft heap limit in bytes; -1 when it cannot be read. */
  public static long current() {
    try {
      return Long.parseLong(
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
              .getVMOption("SoftMaxHeapSize")
              .getValue());
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
