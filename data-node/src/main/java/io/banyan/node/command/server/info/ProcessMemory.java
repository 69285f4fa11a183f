package io.banyan.node.command.server.info;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of the JVM process for INFO memory and MEMORY STATS: the resident set (from /proc
 * on Linux, the committed heap elsewhere), the heap, and the machine's total memory.
 */
public final class ProcessMemory {
  private ProcessMemory() {}

  private static final Path STATM = Path.of("/proc/self/statm");
  private static final long PAGE_SIZE = 4096;

  /** Resident set size in bytes. */
  public static long rss() {
    try {
      String[] fields = Files.readString(STATM).trim().split("\\s+");
      return Long.parseLong(fields[1]) * PAGE_SIZE;
    } catch (IOException | RuntimeException e) {
      return heap().getCommitted();
    }
  }

  public static MemoryUsage heap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
  }

  /** Physical memory of the machine, or 0 when the platform does not say. */
  public static long totalSystemMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }
}
