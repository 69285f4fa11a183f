package io.banyan.node.identity;

import java.util.Locale;

/**
 * What the node says about itself. Clients check the Redis version they talk to (some refuse old
 * servers, some switch features on by version), so HELLO and INFO report the Redis release whose
 * behaviour Banyan reproduces; Banyan's own version is reported separately, in INFO's {@code
 * banyan_version}.
 */
public final class ServerIdentity {
  private ServerIdentity() {}

  /** The Redis release Banyan is compatible with. */
  public static final String REDIS_VERSION = "7.0.15";

  /** Banyan's own version, from the jar manifest when packaged. */
  public static String banyanVersion() {
    String v = ServerIdentity.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** {@code uname -s -r -m}, as Redis prints it: e.g. {@code Linux 6.1.0 x86_64}. */
  public static String os() {
    String arch = System.getProperty("os.arch", "");
    if (arch.equals("amd64")) {
      arch = "x86_64";
    }
    return System.getProperty("os.name", "")
        + " "
        + System.getProperty("os.version", "")
        + " "
        + arch;
  }

  public static int archBits() {
    String model = System.getProperty("sun.arch.data.model", "64");
    return model.equals("32") ? 32 : 64;
  }

  /** The JVM executable running the node, as Redis reports its own binary. */
  public static String executable() {
    return ProcessHandle.current().info().command().orElse("");
  }

  public static long pid() {
    return ProcessHandle.current().pid();
  }

  /** Bytes as Redis's bytesToHuman: {@code 0B}, {@code 1023B}, {@code 1.00K}, {@code 1.13M}. */
  public static String humanBytes(long n) {
    double d = n;
    if (n < 1024) {
      return n + "B";
    }
    String[] units = {"K", "M", "G", "T", "P"};
    int i = -1;
    while (d >= 1024 && i < units.length - 1) {
      d /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.2f%s", d, units[i]);
  }
}
