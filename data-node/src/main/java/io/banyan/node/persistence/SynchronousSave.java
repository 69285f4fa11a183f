package io.banyan.node.persistence;

import io.banyan.node.engine.Engine;
import io.banyan.node.persistence.rdb.RdbAux;
import io.banyan.node.persistence.rdb.RdbOptions;
import io.banyan.node.store.Database;
import io.banyan.node.store.Keyspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the whole keyspace to an RDB file while the command thread waits: SAVE, the save of
 * FLUSHALL, DEBUG RELOAD and the final save at shutdown. Nothing can change while the caller
 * blocks, so no point-in-time machinery is needed: the databases are walked directly. That is also
 * what lets a synchronous save run while a background snapshot (a BGSAVE being aborted, an AOF
 * rewrite, a replica's full sync) holds the keyspace's single {@link
 * io.banyan.node.store.KeyspaceSnapshot}, as Redis's SAVE runs beside a forked child.
 *
 * <p>Serialisation happens here; the disk writes on a background thread ({@link BackgroundPipe}),
 * so the two overlap, and the walk waits whenever more than {@link SnapshotRunner#HIGH_WATERMARK}
 * bytes are unwritten, bounding the memory used.
 */
final class SynchronousSave {
  private SynchronousSave() {}

  /**
   * Saves to {@code target} atomically (temporary file, fsync, rename); returns the bytes written.
   *
   * @throws IOException when the file cannot be created or written; the target is then untouched
   */
  static long save(Engine engine, Path target, RdbAux aux) throws IOException {
    FileSink sink = new FileSink(target);
    BackgroundPipe pipe =
        new BackgroundPipe(sink, "rdb-save", SnapshotRunner.LOW_WATERMARK, () -> {});
    Keyspace keyspace = engine.keyspace();
    try {
      RdbSnapshotVisitor visitor =
          new RdbSnapshotVisitor(
              pipe,
              RdbOptions.from(engine.config()),
              aux,
              engine.config().maxMemoryPolicy,
              keyspace.accessClock(),
              keyspace.databaseCount());
      for (int i = 0; i < keyspace.databaseCount(); i++) {
        Database db = keyspace.db(i);
        if (db.size() == 0) {
          continue;
        }
        int index = i;
        visitor.beginDatabase(i, db.size(), db.volatileCount());
        db.forEach(
            e -> {
              waitForWriter(pipe);
              visitor.entry(index, e);
            });
      }
      visitor.end();
    } catch (RuntimeException e) {
      pipe.abandon();
      if (e instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw e;
    }
    pipe.close();
    try {
      return pipe.done().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while saving", e);
    }
  }

  /** Waits while the writer is behind; stops the walk early once the writer has failed. */
  private static void waitForWriter(BackgroundPipe pipe) {
    while (pipe.pendingBytes() > SnapshotRunner.HIGH_WATERMARK) {
      if (pipe.failure() != null) {
        throw new UncheckedIOException(pipe.failure());
      }
      LockSupport.parkNanos(100_000);
    }
    if (pipe.failure() != null) {
      throw new UncheckedIOException(pipe.failure());
    }
  }
}
