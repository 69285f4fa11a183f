package io.banyan.node.persistence.aof;

import io.banyan.node.io.DurableFiles;
import io.banyan.node.log.ServerLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The AOF's IO thread: writes the command stream the command thread hands over, fsyncs it as
 * appendfsync says, and performs every other AOF disk step (opening files, rotating to a new
 * incremental file, committing manifests) in stream order, so the command thread never waits for
 * the disk.
 *
 * <ul>
 *   <li>{@code always}: after each batch of writes, one fsync (group commit); the command thread
 *       holds replies until {@link #fsyncedOffset} covers them.
 *   <li>{@code everysec}: writes at once (to the page cache), fsync about once a second; the
 *       command thread holds replies until {@link #writtenOffset} covers them.
 *   <li>{@code no}: as everysec, without the periodic fsync (only when a file is switched or
 *       closed).
 * </ul>
 *
 * <p>A failed write keeps the unwritten bytes and is retried (the cron {@link #kick}s once a
 * second) until it succeeds; meanwhile {@link #error} is set and the node refuses writes (MISCONF).
 * A failed fsync writes again, at their positions, the bytes written since the last good fsync
 * before retrying (after a failed fsync the kernel may have dropped them), so a later successful
 * fsync really covers them.
 */
final class AofWriter {
  /** A unit of work, run in order. */
  private sealed interface Op permits Data, Task {}

  /** Stream bytes ending at stream offset {@code endOffset}. */
  private record Data(ByteBuffer buf, long endOffset) implements Op {}

  /** A disk step to run once everything queued before it is written. */
  private record Task(Runnable body) implements Op {}

  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final long LOG_ERROR_EVERY_NANOS = 30 * SECOND_NANOS;
  private static final int MAX_GATHER = 256;

  private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();

  /**
   * Ops queued or in the backlog and not yet finished: the command thread may write directly only
   * when it is 0, so nothing overtakes an earlier op (a rotation, a retried write).
   */
  private final AtomicInteger pending = new AtomicInteger();

  /**
   * Held by whoever touches the file and the IO-thread state: the writer thread while it works, the
   * command thread for a direct write (which only tries it, never waits: while the writer is busy,
   * for example in an fsync, the bytes go through the queue instead).
   */
  private final ReentrantLock lock = new ReentrantLock();

  private final ServerLog log;
  private final Supplier<String> policy;
  private final Runnable onProgress;
  private final Thread thread;

  // ---- IO thread only ------------------------------------------------------------------------
  private final ArrayDeque<Op> backlog = new ArrayDeque<>();
  private final UnsyncedBytes unsynced = new UnsyncedBytes();
  private boolean needsReplay;
  private FileChannel file;
  private Path path;
  private volatile long written;
  private long reportedWritten;
  private long lastFsyncNanos = System.nanoTime();
  private boolean writeFailed;
  private boolean fsyncFailed;
  private long lastErrorLogNanos;
  private volatile boolean stopped;

  // ---- read by the command thread ------------------------------------------------------------
  private volatile long fsyncedOffset;
  private volatile long writtenOffset;
  private volatile String error;
  private volatile boolean fsyncInProgress;
  private volatile long delayedFsyncs;
  private final AtomicLong size = new AtomicLong();

  /**
   * @param policy the current appendfsync value ("always", "everysec", "no"), read at each step
   * @param onProgress called on the IO thread after each fsync, after each batch of writes (except
   *     with appendfsync always, where only the fsync matters) and each change of the error state;
   *     it should hand over to the command thread
   */
  AofWriter(ServerLog log, Supplier<String> policy, Runnable onProgress) {
    this.log = log;
    this.policy = policy;
    this.onProgress = onProgress;
    this.thread = new Thread(this::run, "aof-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  // ---- command thread API --------------------------------------------------------------------

  /** Queues stream bytes; {@code endOffset} is the stream offset after them. */
  void write(byte[] bytes, long endOffset) {
    enqueue(new Data(ByteBuffer.wrap(bytes), endOffset));
  }

  /**
   * Writes stream bytes to the file now, on the calling (command) thread, when nothing is queued
   * before them, the writer is idle and the disk is healthy: one write() to the page cache, with no
   * thread hand-over on the reply path. Returns false, having done nothing, otherwise (then {@link
   * #write} queues them). A failed direct write leaves the rest of the bytes to the writer thread's
   * retries, as a failed queued write does.
   */
  boolean tryWriteNow(byte[] bytes, long endOffset) {
    if (pending.get() != 0 || !lock.tryLock()) {
      return false;
    }
    try {
      if (pending.get() != 0 || file == null || writeFailed || fsyncFailed) {
        return false;
      }
      pending.incrementAndGet();
      backlog.add(new Data(ByteBuffer.wrap(bytes), endOffset));
      writeData();
      reportedWritten = written;
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(Op op) {
    pending.incrementAndGet();
    queue.add(op);
  }

  /** Takes the finished op off the head of the backlog. */
  private Op done() {
    Op op = backlog.pollFirst();
    pending.decrementAndGet();
    return op;
  }

  /** Opens the file writes go to (at its end; {@code fresh} empties it first). */
  CompletableFuture<Void> open(Path file, boolean fresh) {
    return task(
        () -> {
          FileChannel ch = AofFiles.openForAppend(file, fresh);
          closeQuietly();
          this.file = ch;
          this.path = file;
          return null;
        });
  }

  /**
   * Switches writes to a new file once everything queued before is written: the old file is fsynced
   * (a file that is not the last must never be torn), the new one created, and {@code manifest}
   * (when not null) persisted listing it. On failure nothing changes: writes continue to the old
   * file and the future fails.
   */
  CompletableFuture<Void> rotate(
      Path newFile, Path dir, String appendFilename, AofManifest manifest) {
    return task(
        () -> {
          if (!syncNow()) {
            throw new IOException("fsync of " + path.getFileName() + " failed: " + error);
          }
          FileChannel ch = AofFiles.openForAppend(newFile, true);
          try {
            if (manifest != null) {
              AofFiles.writeManifest(dir, appendFilename, manifest);
            } else {
              DurableFiles.fsyncDirectory(dir);
            }
          } catch (IOException e) {
            ch.close();
            java.nio.file.Files.deleteIfExists(newFile);
            throw e;
          }
          closeQuietly();
          file = ch;
          path = newFile;
          return null;
        });
  }

  /** What a commit persisted: the manifest now on disk and the total size of its files. */
  record Committed(AofManifest manifest, long size) {}

  /**
   * Persists a manifest after a rewrite: first listing the replaced files as history, then deletes
   * them and persists it again without them (so a crash in between leaves a manifest that still
   * names them, and the next start deletes them). Fails only when the first write fails, in which
   * case the manifest on disk is unchanged.
   */
  CompletableFuture<Committed> commit(Path dir, String appendFilename, AofManifest manifest) {
    return task(
        () -> {
          AofManifest persisted = AofFiles.commitManifest(dir, appendFilename, manifest, log);
          long total = AofFiles.totalSize(dir, persisted);
          size.set(total);
          return new Committed(persisted, total);
        });
  }

  /** Deletes a file that is no longer needed (an unlisted base or incremental file). */
  void deleteLater(Path file) {
    enqueue(
        new Task(
            () -> {
              try {
                java.nio.file.Files.deleteIfExists(file);
              } catch (IOException e) {
                log.warning("Can't remove " + file.getFileName() + ": " + AofFiles.reason(e));
              }
            }));
  }

  /** Writes and fsyncs everything queued so far. */
  CompletableFuture<Void> sync() {
    return task(
        () -> {
          if (!syncNow()) {
            throw new IOException(error);
          }
          return null;
        });
  }

  /** Writes and fsyncs everything queued so far, then closes the file (appendonly no). */
  CompletableFuture<Void> close() {
    return task(
        () -> {
          boolean ok = syncNow();
          closeQuietly();
          file = null;
          path = null;
          writeFailed = false;
          fsyncFailed = false;
          needsReplay = false;
          unsynced.synced();
          if (error != null) {
            error = null;
            onProgress.run();
          }
          if (!ok) {
            throw new IOException("the AOF could not be fsynced before closing");
          }
          return null;
        });
  }

  /** Wakes the thread to retry a failed write or fsync (the cron calls this once a second). */
  void kick() {
    enqueue(new Task(() -> {}));
  }

  /** Sets the size reported as aof_current_size (after loading or creating the files). */
  void setSize(long bytes) {
    size.set(bytes);
  }

  /** Stops the thread after the queued work (tests, shutdown). */
  void stop() {
    enqueue(new Task(() -> stopped = true));
  }

  long fsyncedOffset() {
    return fsyncedOffset;
  }

  long writtenOffset() {
    return writtenOffset;
  }

  /** The reason of the last failed write or fsync while it persists; null when all is well. */
  String error() {
    return error;
  }

  boolean fsyncInProgress() {
    return fsyncInProgress;
  }

  long delayedFsyncs() {
    return delayedFsyncs;
  }

  /** Total bytes of the files the manifest lists, as last known. */
  long size() {
    return size.get();
  }

  /** Whether this thread is the writer (for assertions). */
  boolean isWriterThread() {
    return Thread.currentThread() == thread;
  }

  private interface IoStep<T> {
    T run() throws IOException;
  }

  private <T> CompletableFuture<T> task(IoStep<T> step) {
    CompletableFuture<T> f = new CompletableFuture<>();
    enqueue(
        new Task(
            () -> {
              try {
                f.complete(step.run());
              } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
              }
            }));
    return f;
  }

  // ---- IO thread -----------------------------------------------------------------------------

  private void run() {
    while (!stopped) {
      try {
        Op op = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
        lock.lock();
        try {
          if (op != null) {
            backlog.add(op);
            queue.drainTo(backlog);
          }
          process();
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warning("AOF writer: unexpected error: " + e);
      }
    }
    closeQuietly();
  }

  private long waitNanos() {
    if (writeFailed || fsyncFailed) {
      return SECOND_NANOS;
    }
    if ("everysec".equals(policy.get())) {
      // Direct writes do not wake this thread: it looks once a second whether one needs an fsync.
      return written > fsyncedOffset
          ? Math.max(0, lastFsyncNanos + SECOND_NANOS - System.nanoTime())
          : SECOND_NANOS;
    }
    return 10 * SECOND_NANOS;
  }

  private void process() {
    if (fsyncFailed && !syncNow()) {
      return;
    }
    while (!backlog.isEmpty()) {
      if (backlog.peekFirst() instanceof Data) {
        if (!writeData()) {
          return;
        }
      } else {
        ((Task) done()).body().run();
      }
    }
    String p = policy.get();
    if (written != reportedWritten) {
      reportedWritten = written;
      if (!p.equals("always")) {
        // everysec / no: replies wait for the write (page cache) only, not for the fsync.
        onProgress.run();
      }
    }
    if (written > fsyncedOffset && file != null) {
      if (p.equals("always")
          || (p.equals("everysec") && System.nanoTime() - lastFsyncNanos >= SECOND_NANOS)) {
        syncNow();
      }
    }
  }

  /** Writes the data at the head of the backlog; false when a write failed. */
  private boolean writeData() {
    List<Data> batch = new ArrayList<>();
    for (Op op : backlog) {
      if (!(op instanceof Data d) || batch.size() == MAX_GATHER) {
        break;
      }
      batch.add(d);
    }
    if (file == null) {
      // Nothing is open (appendonly was turned off meanwhile): the bytes have nowhere to go.
      for (Data d : batch) {
        done();
        written = d.endOffset();
      }
      writtenOffset = written;
      return true;
    }
    ByteBuffer[] bufs = new ByteBuffer[batch.size()];
    int[] starts = new int[bufs.length];
    for (int i = 0; i < bufs.length; i++) {
      bufs[i] = batch.get(i).buf();
      starts[i] = bufs[i].position();
    }
    IOException failure = null;
    long position = 0;
    try {
      position = file.position();
      while (bufs[bufs.length - 1].hasRemaining()) {
        file.write(bufs);
      }
    } catch (IOException e) {
      failure = e;
    }
    for (int i = 0; i < bufs.length; i++) {
      int consumed = bufs[i].position() - starts[i];
      if (consumed > 0) {
        retain(position, bufs[i].duplicate().position(starts[i]).limit(bufs[i].position()));
        position += consumed;
        size.addAndGet(consumed);
      }
      Data d = batch.get(i);
      written = d.endOffset() - bufs[i].remaining();
      if (bufs[i].hasRemaining()) {
        break;
      }
      done();
    }
    writtenOffset = written;
    if (failure != null) {
      writeFailed = true;
      failed("write", failure);
      return false;
    }
    if (writeFailed) {
      writeFailed = false;
      recovered();
    }
    return true;
  }

  private void retain(long position, ByteBuffer bytes) {
    if (policy.get().equals("no")) {
      unsynced.forget(); // nothing is fsynced on a schedule: nothing to replay
    } else {
      unsynced.add(position, bytes);
    }
  }

  /** Fsyncs what was written (writing it again first after a failed fsync); false on failure. */
  private boolean syncNow() {
    if (file == null) {
      return true;
    }
    if (written == fsyncedOffset && !fsyncFailed) {
      return true;
    }
    long target = written;
    long start = System.nanoTime();
    fsyncInProgress = true;
    try {
      if (needsReplay && !unsynced.rewrite(file)) {
        log.warning("AOF fsync retried without rewriting all unsynced bytes (too many were kept)");
      }
      file.force(false);
      needsReplay = false;
      unsynced.synced();
      lastFsyncNanos = System.nanoTime();
      fsyncedOffset = target;
      if (fsyncFailed) {
        fsyncFailed = false;
        recovered();
      }
      onProgress.run();
      return true;
    } catch (IOException e) {
      fsyncFailed = true;
      needsReplay = true;
      failed("fsync", e);
      return false;
    } finally {
      fsyncInProgress = false;
      if (System.nanoTime() - start > 2 * SECOND_NANOS) {
        delayedFsyncs++;
      }
    }
  }

  private void failed(String what, IOException e) {
    String reason = AofFiles.reason(e);
    long now = System.nanoTime();
    if (!reason.equals(error) || now - lastErrorLogNanos > LOG_ERROR_EVERY_NANOS) {
      lastErrorLogNanos = now;
      log.warning(
          "Error "
              + (what.equals("write") ? "writing to" : "fsyncing")
              + " the AOF file"
              + (path == null ? "" : " " + path.getFileName())
              + ": "
              + reason
              + " (will retry; writes are refused meanwhile)");
    }
    boolean changed = error == null;
    error = reason;
    if (changed) {
      onProgress.run();
    }
  }

  private void recovered() {
    if (!writeFailed && !fsyncFailed && error != null) {
      error = null;
      log.warning("AOF write error looks solved, Banyan can write again.");
      onProgress.run();
    }
  }

  private void closeQuietly() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException ignored) {
        // closing after a sync; nothing to do
      }
    }
  }
}
