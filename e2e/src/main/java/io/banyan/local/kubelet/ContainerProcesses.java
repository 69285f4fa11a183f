package io.banyan.local.kubelet;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starting and stopping a container's process. */
final class ContainerProcesses {
  private ContainerProcesses() {}

  /** Starts a planned container; its output is appended to the pod's log file. */
  static Process start(ContainerLaunch.Plan plan) throws IOException {
    Files.createDirectories(plan.workDir());
    ProcessBuilder pb =
        new ProcessBuilder(plan.command())
            .directory(plan.workDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(plan.log().toFile()));
    pb.environment().putAll(plan.env());
    return pb.start();
  }

  /** SIGTERM, as the kubelet sends at pod deletion. */
  static void terminate(Process p) {
    if (p.isAlive()) {
      p.destroy();
    }
  }

  /** Waits out the grace period, then SIGKILLs. */
  static void awaitOrKill(Process p, Duration grace) {
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
