package io.banyan.local.kubelet;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals the JDK does not send itself. SIGKILL and SIGTERM go through {@link ProcessHandle};
 * SIGSTOP and SIGCONT through {@code kill(1)}.
 */
final class Signals {
  private Signals() {}

  static void stop(long pid) {
    send("-STOP", pid);
  }

  static void cont(long pid) {
    send("-CONT", pid);
  }

  private static void send(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill " + signal + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + pid, e);
    }
  }
}
