package io.banyan.node.persistence;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link OutputStream} for the command thread whose bytes a background thread writes to a {@link
 * ByteSink}: the command thread only copies into 64 KB chunks; disk or network latency is paid
 * elsewhere. {@link #pendingBytes} lets the producer pause when the writer falls behind, which is
 * what bounds a snapshot's extra memory.
 *
 * <p>Writes happen on the command thread; {@link #done} completes on the writer thread.
 */
public final class BackgroundPipe extends OutputStream {
  static final int CHUNK = 64 * 1024;

  private final ByteSink sink;
  private final ExecutorService writer;
  private final AtomicLong pending = new AtomicLong();
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private final Runnable onDrained;
  private final long lowWatermark;
  private volatile IOException failure;
  private byte[] chunk = new byte[CHUNK];
  private int used;
  private long total;
  private boolean closed;

  /**
   * @param sink where the bytes go
   * @param threadName name of the writer thread
   * @param lowWatermark when pending bytes fall below this after having been above, {@code
   *     onDrained} runs (on the writer thread; it should hand over to the command thread)
   */
  public BackgroundPipe(ByteSink sink, String threadName, long lowWatermark, Runnable onDrained) {
    this.sink = sink;
    this.lowWatermark = lowWatermark;
    this.onDrained = onDrained;
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void write(int b) {
    if (used == chunk.length) {
      ship();
    }
    chunk[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (used == chunk.length) {
        ship();
      }
      int n = Math.min(len, chunk.length - used);
      System.arraycopy(b, off, chunk, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  private void ship() {
    if (used == 0) {
      return;
    }
    byte[] full = chunk;
    int length = used;
    chunk = new byte[CHUNK];
    used = 0;
    total += length;
    pending.addAndGet(length);
    writer.execute(
        () -> {
          try {
            if (failure == null) {
              sink.write(full, 0, length);
            }
          } catch (IOException e) {
            failure = e;
          }
          long left = pending.addAndGet(-length);
          if (left < lowWatermark && left + length >= lowWatermark) {
            onDrained.run();
          }
        });
  }

  /** Bytes handed to the writer and not yet written. */
  public long pendingBytes() {
    return pending.get() + used;
  }

  /** Bytes produced so far. */
  public long totalBytes() {
    return total + used;
  }

  /** The writer's failure, if any (producers may stop early). */
  public IOException failure() {
    return failure;
  }

  /** No more bytes: the writer commits the sink; {@link #done} completes with the total size. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ship();
    long size = total;
    writer.execute(
        () -> {
          try {
            if (failure != null) {
              throw failure;
            }
            sink.commit();
            done.complete(size);
          } catch (IOException e) {
            sink.abandon();
            done.completeExceptionally(e);
          }
        });
    writer.shutdown();
  }

  /** Abandons the output: pending chunks are dropped and the sink abandoned. */
  public void abandon() {
    if (closed) {
      return;
    }
    closed = true;
    writer.execute(
        () -> {
          sink.abandon();
          // A producer abandons after a write failure too: report that failure, not the abandon.
          done.completeExceptionally(
              failure != null ? failure : new IOException("snapshot abandoned"));
        });
    writer.shutdown();
  }

  /** Completes with the number of bytes written once the sink is committed. */
  public CompletableFuture<Long> done() {
    return done;
  }
}
