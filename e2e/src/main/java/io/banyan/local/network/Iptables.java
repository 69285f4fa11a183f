package io.banyan.local.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code iptables} (Debian's package: the nf_tables backend, or legacy) for the filter table.
 * Every call passes {@code -w} so that concurrent callers (other clusters, other test JVMs in the
 * same network namespace) wait for the xtables lock instead of failing.
 */
final class Iptables {
  private static final long TIMEOUT_SECONDS = 30;
  private final List<String> prefix;
  private final String iptables;
  private final String restore;

  private Iptables(List<String> prefix, String iptables, String restore) {
    this.prefix = prefix;
    this.iptables = iptables;
    this.restore = restore;
  }

  /**
   * Finds the binaries on PATH or in the sbin directories (a non-root PATH often lacks them). As
   * root they run directly; otherwise through {@code sudo -n} when that needs no password (as
   * {@code bin/test} installs packages), else directly, so iptables' own error says what is
   * missing.
   */
  static Iptables find() {
    List<String> prefix = isRoot() || !passwordlessSudo() ? List.of() : List.of("sudo", "-n");
    return new Iptables(prefix, locate("iptables"), locate("iptables-restore"));
  }

  private static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  private static boolean passwordlessSudo() {
    try {
      Process p =
          new ProcessBuilder("sudo", "-n", "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String locate(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> dirs = new ArrayList<>(List.of(path.split(java.io.File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
    for (String d : dirs) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name).toString();
      }
    }
    return name; // let the start fail with the OS's message
  }

  /** Runs {@code iptables -w ARGS}; throws with its output when it fails. */
  String run(String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(iptables, "-w"));
    command.addAll(List.of(args));
    return exec(command, null);
  }

  /**
   * Like {@link #run} but says whether it succeeded (for {@code -C} checks and best-effort undo).
   */
  boolean test(String... args) {
    try {
      run(args);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /**
   * Feeds a rule set to {@code iptables-restore --noflush}: one atomic commit, so traffic never
   * sees a half-written rule set. Chains the input declares are created or flushed; other chains
   * (the host's) are left alone.
   */
  void restore(String rules) {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(restore, "-w", "--noflush"));
    exec(command, rules);
  }

  private static String exec(List<String> command, String input) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run "
              + String.join(" ", command)
              + " (local mode's partitions need Debian's iptables package and root): "
              + e.getMessage(),
          e);
    }
    try {
      try (OutputStream in = p.getOutputStream()) {
        if (input != null) {
          in.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (" + p.exitValue() + "): " + output.trim());
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " interrupted", e);
    }
  }
}
