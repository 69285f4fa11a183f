package io.banyan.node.persistence;

import io.banyan.node.store.Keyspace;
import io.banyan.node.store.KeyspaceSnapshot;
import io.banyan.node.store.SnapshotVisitor;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Drives a {@link KeyspaceSnapshot} on the command thread in short steps, yielding to client IO
 * between them, and pauses while the output pipe holds more than a high watermark of unwritten
 * bytes (resuming when the writer has drained it to the low watermark). Client-visible latency
 * during a snapshot is therefore bounded by one step, and extra memory by the watermark plus the
 * entries captured early because they were about to change.
 *
 * <p>{@link #start} and the steps run on the command thread.
 */
public final class SnapshotRunner {
  /** Longest uninterrupted stretch of snapshot work on the command thread. */
  public static final long STEP_NANOS = 1_000_000;

  public static final long HIGH_WATERMARK = 8L << 20;
  public static final long LOW_WATERMARK = 2L << 20;

  private final EventLoop loop;
  private final KeyspaceSnapshot snapshot;
  private final BackgroundPipe pipe;
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private final LongSupplier stepDelayMicros;
  private boolean waitingForDrain;
  private boolean aborted;

  private SnapshotRunner(
      EventLoop loop,
      KeyspaceSnapshot snapshot,
      BackgroundPipe pipe,
      LongSupplier stepDelayMicros) {
    this.loop = loop;
    this.snapshot = snapshot;
    this.pipe = pipe;
    this.stepDelayMicros = stepDelayMicros;
  }

  /**
   * Starts a snapshot whose visitor writes into a pipe onto sink. {@code visitorFactory} builds the
   * visitor (e.g. an RDB writer) on the pipe; the visitor's {@code end()} must write the trailer;
   * the runner closes the pipe afterwards.
   *
   * @param stepDelayMicros 0 normally; otherwise the pause between minimal steps
   *     (rdb-key-save-delay). Read at every step, as Redis reads it per key: lowering it speeds up
   *     a save already running.
   */
  public static SnapshotRunner start(
      Keyspace keyspace,
      EventLoop loop,
      ByteSink sink,
      String threadName,
      LongSupplier stepDelayMicros,
      java.util.function.Function<BackgroundPipe, SnapshotVisitor> visitorFactory) {
    SnapshotRunner[] self = new SnapshotRunner[1];
    BackgroundPipe pipe =
        new BackgroundPipe(
            sink, threadName, LOW_WATERMARK, () -> loop.execute(() -> self[0].resume()));
    KeyspaceSnapshot snapshot = keyspace.beginSnapshot(visitorFactory.apply(pipe));
    self[0] = new SnapshotRunner(loop, snapshot, pipe, stepDelayMicros);
    pipe.done()
        .whenComplete(
            (bytes, error) -> {
              if (error != null) {
                self[0].result.completeExceptionally(error);
              } else {
                self[0].result.complete(bytes);
              }
            });
    loop.execute(self[0]::step);
    return self[0];
  }

  /** Runs the whole snapshot now, on the calling (command) thread: SAVE and shutdown. */
  public void runToCompletion() {
    while (!snapshot.isDone()) {
      // The caller blocks anyway (SAVE): wait for the writer rather than buffer the whole image.
      while (pipe.pendingBytes() > HIGH_WATERMARK && pipe.failure() == null) {
        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
      }
      snapshot.step(STEP_NANOS * 50);
    }
    finish();
  }

  private void step() {
    if (snapshot.isDone()) {
      return;
    }
    if (!aborted && pipe.failure() != null) {
      abort();
    }
    if (!aborted && pipe.pendingBytes() > HIGH_WATERMARK) {
      waitingForDrain = true;
      return;
    }
    long delayMicros = stepDelayMicros.getAsLong();
    if (delayMicros > 0 && !aborted) {
      // Testing knob (rdb-key-save-delay): a minimal step, then a pause, so a save stays in
      // progress long enough to be observed while writes continue.
      if (snapshot.step(0)) {
        finish();
      } else {
        loop.schedule(this::step, delayMicros, java.util.concurrent.TimeUnit.MICROSECONDS);
      }
      return;
    }
    if (snapshot.step(STEP_NANOS)) {
      finish();
    } else {
      next();
    }
  }

  /**
   * Queues the next step behind client IO. Not {@code loop.execute}: Netty 4.2's event loop keeps
   * running tasks added while it runs tasks, for up to a second (its task-processing quantum)
   * before it polls sockets again, so a step that re-queued itself that way would starve every
   * client. A scheduled task is only picked up at the start of the next loop iteration, after IO.
   */
  private void next() {
    loop.schedule(this::step, 0, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private void resume() {
    if (waitingForDrain) {
      waitingForDrain = false;
      step();
    }
  }

  private void finish() {
    if (aborted) {
      return;
    }
    pipe.close();
  }

  /**
   * Abandons the output. The walk still completes in the background, writing nothing, so that the
   * keyspace is ready for the next snapshot.
   */
  public void abort() {
    if (aborted) {
      return;
    }
    aborted = true;
    snapshot.abort();
    pipe.abandon();
    if (waitingForDrain) {
      waitingForDrain = false;
      next();
    }
  }

  public boolean isDone() {
    return result.isDone();
  }

  /** Completes with the bytes written once the output is committed, or exceptionally. */
  public CompletableFuture<Long> result() {
    return result;
  }

  public KeyspaceSnapshot snapshot() {
    return snapshot;
  }

  public long bytesProduced() {
    return pipe.totalBytes();
  }
}
