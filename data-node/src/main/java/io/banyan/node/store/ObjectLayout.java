package io.banyan.node.store;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The sizes of object headers and references in the running JVM, for memory estimates that follow
 * the JVM's flags: the launcher turns on compact object headers (8-byte headers, JDK 24+) and the
 * heaps it sizes keep compressed references (4 bytes), where fixed constants written for 16-byte
 * headers and 8-byte references overestimated hashtable-encoded sets by 38 % of live heap.
 */
public final class ObjectLayout {
  /** Bytes of an object's header. */
  public static final int HEADER;

  /** Bytes of a reference field or array slot. */
  public static final int REF;

  static {
    HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    boolean compactHeaders = flag(vm, "UseCompactObjectHeaders");
    boolean compressedClass = flag(vm, "UseCompressedClassPointers");
    HEADER = compactHeaders ? 8 : compressedClass ? 12 : 16;
    REF = flag(vm, "UseCompressedOops") ? 4 : 8;
  }

  private ObjectLayout() {}

  /** Bytes of an object with {@code refs} reference fields and nothing else, aligned to 8. */
  public static int objectWithRefs(int refs) {
    return (HEADER + refs * REF + 7) & ~7;
  }

  private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
    try {
      return vm != null && Boolean.parseBoolean(vm.getVMOption(name).getValue());
    } catch (IllegalArgumentException unknownToThisJvm) {
      return false;
    }
  }
}
