package io.banyan.node.persistence;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Applies a {@link LoadPipe}'s events on the command thread in slices, so a long load never holds
 * the thread for more than about {@link #DEFAULT_SLICE_NANOS}: between slices the event loop serves
 * client IO and other tasks (INFO, AUTH, CONFIG, the HTTP health checks' probes, and the LOADING
 * error for everything else). The keyspace stays confined to the command thread, as always.
 *
 * <p>A slice ends when its time is up (checked every 64 events), then continues as a scheduled task
 * — Netty runs tasks already queued, and IO, before it — or when the reader has nothing ready, then
 * the reader wakes it. The future {@link #start} returns completes with the reader's result after
 * its last event has been applied, or exceptionally with what the reader or the applier threw. One
 * load runs at a time; {@link #cancel} stops it (shutdown during start-up).
 */
public final class SlicedLoad {
  /** How long one slice may hold the command thread. */
  public static final long DEFAULT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** Applies one event on the command thread. */
  @FunctionalInterface
  public interface Applier {
    void apply(Object event) throws Exception;
  }

  private final EventLoop loop;
  private final long sliceNanos;
  private LoadPipe pipe;
  private Applier applier;
  private CompletableFuture<Object> done = CompletableFuture.completedFuture(null);

  public SlicedLoad(EventLoop loop, long sliceNanos) {
    this.loop = loop;
    this.sliceNanos = sliceNanos;
  }

  /**
   * Command thread: starts applying {@code pipe}'s events with {@code applier}. The future
   * completes, on the command thread, with the reader's result once every event has been applied.
   */
  public CompletableFuture<Object> start(LoadPipe pipe, Applier applier) {
    if (!done.isDone()) {
      pipe.cancel();
      throw new IllegalStateException("a load is already running");
    }
    this.pipe = pipe;
    this.applier = applier;
    this.done = new CompletableFuture<>();
    loop.execute(this::slice);
    return done;
  }

  /** Stops the running load, if any (the node is shutting down); its future fails with reason. */
  public void cancel(Throwable reason) {
    CompletableFuture<Object> running = done;
    if (!running.isDone()) {
      pipe.cancel();
      running.completeExceptionally(reason);
    }
  }

  private void slice() {
    CompletableFuture<Object> running = done;
    if (running.isDone()) {
      return;
    }
    long deadline = System.nanoTime() + sliceNanos;
    try {
      for (int n = 1; ; n++) {
        Object event = pipe.poll();
        if (event == null) {
          pipe.whenAvailable(() -> loop.execute(this::slice));
          return;
        }
        switch (event) {
          case LoadPipe.End end -> {
            running.complete(end.result());
            return;
          }
          case LoadPipe.Failed failed -> throw failed.error();
          default -> applier.apply(event);
        }
        if ((n & 63) == 0 && System.nanoTime() - deadline > 0) {
          loop.schedule(this::slice, 0, TimeUnit.NANOSECONDS);
          return;
        }
      }
    } catch (Throwable e) {
      pipe.cancel();
      running.completeExceptionally(e);
    }
  }
}
