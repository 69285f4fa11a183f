package io.banyan.local.control;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The work loop of a stand-in controller, shaped like a Kubernetes controller's: informer events
 * only <em>request</em> a sync; syncs run one at a time on one thread, and requests that arrive
 * while one is queued collapse into it (a controller's work queue deduplicates keys the same way),
 * so a burst of watch events costs one pass over the informers' caches.
 */
public final class SyncLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SyncLoop.class.getName());

  private final String name;
  private final Runnable sync;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean requested = new AtomicBoolean();

  /**
   * @param name the thread's name, also used in log lines
   * @param sync one pass; what it throws is logged and the loop carries on
   */
  public SyncLoop(String name, Runnable sync) {
    this.name = name;
    this.sync = sync;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
  }

  /** Asks for a sync; does nothing when one is already queued. */
  public void request() {
    if (requested.compareAndSet(false, true)) {
      loop.execute(
          () -> {
            requested.set(false);
            try {
              sync.run();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, name + " sync failed", e);
            }
          });
    }
  }

  /** Also syncs every {@code seconds}, for state that changes with time alone. */
  public void resyncEvery(long seconds) {
    loop.scheduleWithFixedDelay(this::request, seconds, seconds, TimeUnit.SECONDS);
  }

  /** An informer handler that requests a sync on every add, update and delete. */
  public <T> ResourceEventHandler<T> onAnyChange() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T o) {
        request();
      }

      @Override
      public void onUpdate(T a, T b) {
        request();
      }

      @Override
      public void onDelete(T o, boolean unknownFinalState) {
        request();
      }
    };
  }

  /** Stops the loop, waiting a little for a sync in progress. */
  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
