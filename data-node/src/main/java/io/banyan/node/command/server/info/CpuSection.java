package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.InfoRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * INFO cpu: CPU seconds used by the process (user and system, from /proc on Linux) and by the
 * command-execution thread, which is the thread INFO itself runs on.
 */
final class CpuSection implements InfoRegistry.Section {
  private static final Path STAT = Path.of("/proc/self/stat");

  /** Linux's USER_HZ: /proc times are in hundredths of a second. */
  private static final double TICKS_PER_SECOND = 100.0;

  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    double[] process = processTimes();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double threadUser = 0;
    double threadSys = 0;
    if (threads.isCurrentThreadCpuTimeSupported()) {
      long cpu = threads.getCurrentThreadCpuTime();
      long user = threads.getCurrentThreadUserTime();
      threadUser = user / 1e9;
      threadSys = Math.max(0, cpu - user) / 1e9;
    }
    out.add("used_cpu_sys", process[1], 6)
        .add("used_cpu_user", process[0], 6)
        .add("used_cpu_sys_children", "0.000000")
        .add("used_cpu_user_children", "0.000000")
        .add("used_cpu_sys_main_thread", threadSys, 6)
        .add("used_cpu_user_main_thread", threadUser, 6);
  }

  /** User and system CPU seconds of the whole process. */
  private static double[] processTimes() {
    try {
      String stat = Files.readString(STAT);
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new double[] {
        Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND
      };
    } catch (IOException | RuntimeException e) {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        return new double[] {os.getProcessCpuTime() / 1e9, 0};
      }
      return new double[] {0, 0};
    }
  }
}
