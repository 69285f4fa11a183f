package io.banyan.local.kubelet;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kubelet's one state thread: API events, process exits, probe results and faults all run here,
 * in order, so pod state needs no locks. Steps that throw are logged, not lost.
 */
final class KubeletLoop {
  private static final Logger LOG = Logger.getLogger(ProcessKubelet.class.getName());
  final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "process-kubelet");
            t.setDaemon(true);
            return t;
          });

  /** Runs {@code step} on the loop, later. */
  void post(String what, Runnable step) {
    executor.execute(() -> guarded(what, step));
  }

  /** Runs {@code step} on the loop after {@code millis}. */
  void schedule(String what, long millis, Runnable step) {
    executor.schedule(() -> guarded(what, step), millis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on the loop and waits for its result (at most 30 s). */
  <T> T call(Callable<T> task) {
    try {
      return executor.submit(task).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("kubelet loop did not answer in 30 s", e);
    }
  }

  void shutdown() {
    executor.shutdownNow();
  }

  private static void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "API call failed (the object changed or went away): " + what, e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "kubelet step failed: " + what, e);
    }
  }
}
