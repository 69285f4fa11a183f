package io.banyan.node.persistence.aof;

import io.banyan.node.engine.Engine;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.ByteSink;
import io.banyan.node.persistence.FileSink;
import io.banyan.node.persistence.SnapshotRunner;
import io.banyan.node.persistence.Snapshots;
import io.banyan.node.persistence.rdb.RdbAux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The background AOF rewrite (BGREWRITEAOF, automatic rewrites, turning the AOF on), without
 * pausing writes. At the start, in one step of the command thread, writes are switched to a new
 * incremental file and a point-in-time snapshot of the keyspace begins; the snapshot becomes the
 * new base file (an RDB preamble, or commands with {@code aof-use-rdb-preamble no}). When it is
 * complete, a new manifest (new base, the incremental files from the switch on) is written
 * atomically and the replaced files are deleted. Until that moment the old manifest stays valid, so
 * a failure at any step loses nothing: it is logged, counted, and retried later.
 *
 * <p>Command-execution thread only; disk steps run on the AOF writer thread or the snapshot's
 * writer thread and report back through the event loop.
 */
final class AofRewriter {
  private enum Stage {
    SNAPSHOT,
    COMMIT
  }

  /** One rewrite in progress. */
  private static final class Job {
    final long startNanos = System.nanoTime();
    final AofPersistence.State mode;
    final AofManifest.FileInfo base;
    final Path baseFile;
    AofManifest.FileInfo incr;
    CompletableFuture<Void> rotated = CompletableFuture.completedFuture(null);
    SnapshotRunner runner;
    Stage stage = Stage.SNAPSHOT;
    boolean cancelled;

    /** The dataset replacements the snapshot includes ({@link AofPersistence#datasetReplaced}). */
    long coveredReplacements;

    Job(AofPersistence.State mode, AofManifest.FileInfo base, Path baseFile) {
      this.mode = mode;
      this.base = base;
      this.baseFile = baseFile;
    }
  }

  /** Consecutive failures before automatic and scheduled rewrites are spaced out. */
  private static final int LIMIT_AFTER_FAILURES = 3;

  private static final long MAX_DELAY_MINUTES = 60;

  private final AofPersistence aof;
  private final Engine engine;
  private final ServerLog log;
  private Job job;
  private boolean scheduled;
  private long lastRewriteSeconds = -1;
  private boolean lastOk = true;
  private long rewrites;
  private int consecutiveFailures;
  private long delayMinutes;
  private long notBeforeMs;

  AofRewriter(AofPersistence aof, Engine engine) {
    this.aof = aof;
    this.engine = engine;
    this.log = engine.log();
  }

  // ---- commands ------------------------------------------------------------------------------

  /** BGREWRITEAOF: the status line to reply with, or an error (thrown as CommandException). */
  String bgrewriteaof(boolean inTransaction) {
    if (job != null) {
      throw new io.banyan.node.command.model.CommandException(
          "ERR Background append only file rewriting already in progress");
    }
    if (engine.keyspace().snapshot() != null || inTransaction) {
      schedule();
      // A manual request is not held back by earlier failures.
      consecutiveFailures = 0;
      return "Background append only file rewriting scheduled";
    }
    if (!start()) {
      throw new io.banyan.node.command.model.CommandException(
          "ERR Can't execute an AOF background rewriting. Please check the server logs for more"
              + " information.");
    }
    return "Background append only file rewriting started";
  }

  void schedule() {
    scheduled = true;
  }

  void unschedule() {
    scheduled = false;
  }

  boolean scheduled() {
    return scheduled;
  }

  boolean inProgress() {
    return job != null;
  }

  /** Whether the rewrite in progress may still be stopped (its manifest is not being written). */
  boolean cancellable() {
    return job != null && job.stage == Stage.SNAPSHOT;
  }

  // ---- the steps -----------------------------------------------------------------------------

  /** Starts a rewrite now; false (with the reason logged) when it cannot start. */
  boolean start() {
    if (job != null || engine.keyspace().snapshot() != null) {
      return false;
    }
    Path dir = aof.files().dir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      log.warning("Can't open or create append-only dir " + dir + ": " + AofFiles.reason(e));
      startFailed();
      return false;
    }
    boolean preamble = engine.config().aofUseRdbPreamble;
    AofManifest.FileInfo base = aof.files().allocateBase(preamble);
    Path baseFile = dir.resolve(base.name());
    FileSink sink;
    try {
      sink = new FileSink(baseFile);
    } catch (IOException e) {
      log.warning(
          "Can't create the temporary AOF base file for "
              + base.name()
              + ": "
              + AofFiles.reason(e));
      startFailed();
      return false;
    }
    Job j = new Job(aof.state(), base, baseFile);
    if (j.mode != AofPersistence.State.OFF) {
      // From this instant writes go to a new incremental file, and the snapshot below sees the
      // keyspace exactly as it was at the switch: nothing between them.
      j.incr = aof.files().allocateIncr();
      j.rotated = aof.rotateTo(j.incr, j.mode == AofPersistence.State.ON);
    }
    j.coveredReplacements = aof.replacements();
    j.runner = startSnapshot(engine, sink, preamble, "aof-rewrite");
    job = j;
    scheduled = false;
    rewrites++;
    log.notice("Background append only file rewriting started");
    j.runner
        .result()
        .whenComplete(
            (bytes, error) -> engine.eventLoop().execute(() -> snapshotDone(j, bytes, error)));
    j.rotated.whenComplete(
        (v, error) -> {
          if (error != null) {
            engine.eventLoop().execute(() -> rotateFailed(j, error));
          }
        });
    return true;
  }

  /** Starts a snapshot of the keyspace as a base file: an RDB preamble, or AOF commands. */
  static SnapshotRunner startSnapshot(
      Engine engine, ByteSink sink, boolean preamble, String threadName) {
    if (preamble) {
      RdbAux aux =
          new RdbAux(
              RdbAux.REDIS_VERSION,
              System.currentTimeMillis() / 1000,
              engine.usedMemory(),
              true,
              null);
      return Snapshots.startRdb(engine, sink, aux, threadName);
    }
    return SnapshotRunner.start(
        engine.keyspace(),
        engine.eventLoop(),
        sink,
        threadName,
        () -> engine.config().rdbKeySaveDelayMicros,
        AofSnapshotVisitor::new);
  }

  private void rotateFailed(Job j, Throwable error) {
    if (j != job || j.stage != Stage.SNAPSHOT) {
      return;
    }
    j.runner.abort();
    failed(j, "can't switch to a new AOF incr file: " + describe(error));
  }

  private void snapshotDone(Job j, Long bytes, Throwable error) {
    if (j != job) {
      if (error == null) {
        aof.writer().deleteLater(j.baseFile); // a cancelled rewrite's finished base
      }
      return;
    }
    if (error != null) {
      failed(j, "writing the base file failed: " + describe(error));
      return;
    }
    log.notice(
        "Successfully created the AOF base file " + j.base.name() + " (" + bytes + " bytes)");
    j.rotated.whenComplete(
        (v, rotateError) ->
            engine
                .eventLoop()
                .execute(
                    () -> {
                      if (j != job) {
                        return;
                      }
                      if (rotateError != null) {
                        failed(j, "can't switch to a new AOF incr file: " + describe(rotateError));
                      } else {
                        commit(j);
                      }
                    }));
  }

  private void commit(Job j) {
    j.stage = Stage.COMMIT;
    AofManifest next = aof.files().afterRewrite(j.mode, j.base, j.incr);
    aof.writer()
        .commit(aof.files().dir(), engine.config().appendFilename, next)
        .whenComplete(
            (committed, error) -> engine.eventLoop().execute(() -> committed(j, committed, error)));
  }

  private void committed(Job j, AofWriter.Committed committed, Throwable error) {
    if (error != null) {
      aof.writer().deleteLater(j.baseFile);
      failed(j, "can't persist the new AOF manifest: " + describe(error));
      return;
    }
    job = null;
    aof.rewriteCommitted(j.mode, j.cancelled, committed, j.coveredReplacements);
    lastOk = true;
    consecutiveFailures = 0;
    lastRewriteSeconds = elapsedSeconds(j);
    log.notice("Background AOF rewrite finished successfully");
  }

  private void failed(Job j, String reason) {
    job = null;
    lastOk = false;
    consecutiveFailures++;
    lastRewriteSeconds = elapsedSeconds(j);
    log.warning("Background AOF rewrite terminated with error: " + reason);
    aof.rewriteFailed(j.mode, j.cancelled, j.incr);
  }

  private void startFailed() {
    lastOk = false;
    consecutiveFailures++;
  }

  /** Stops the rewrite in progress (appendonly no, shutdown); one committing finishes first. */
  void cancel() {
    if (job == null) {
      return;
    }
    if (job.stage == Stage.SNAPSHOT) {
      log.notice("Killing running AOF rewrite");
      job.runner.abort();
      job = null;
    } else {
      job.cancelled = true;
    }
  }

  // ---- cron ----------------------------------------------------------------------------------

  /** Starts a scheduled or automatic rewrite when nothing else runs. */
  void cron() {
    if (job != null || engine.keyspace().snapshot() != null) {
      return;
    }
    if (scheduled) {
      if (!limited()) {
        start();
      }
      return;
    }
    if (aof.state() != AofPersistence.State.ON) {
      return;
    }
    int percentage = engine.config().autoAofRewritePercentage;
    long size = aof.writer().size();
    if (percentage <= 0 || size <= engine.config().autoAofRewriteMinSize) {
      return;
    }
    long base = Math.max(1, aof.rewriteBaseSize());
    long growth = (size * 100 / base) - 100;
    if (growth >= percentage && !limited()) {
      log.notice("Starting automatic rewriting of AOF on " + growth + "% growth");
      start();
    }
  }

  /**
   * After repeated failures, rewrites started by the cron wait 1 minute, then 2, 4, ... up to an
   * hour between attempts, so a broken disk is not hammered.
   */
  private boolean limited() {
    if (consecutiveFailures < LIMIT_AFTER_FAILURES) {
      delayMinutes = 0;
      notBeforeMs = 0;
      return false;
    }
    long now = System.currentTimeMillis();
    if (notBeforeMs != 0) {
      if (now < notBeforeMs) {
        return true;
      }
      notBeforeMs = 0;
      return false;
    }
    delayMinutes = Math.min(MAX_DELAY_MINUTES, delayMinutes == 0 ? 1 : delayMinutes * 2);
    notBeforeMs = now + delayMinutes * 60_000;
    log.warning(
        "Background AOF rewrite has repeatedly failed and triggered the limit, will retry in "
            + delayMinutes
            + " minutes");
    return true;
  }

  // ---- INFO ----------------------------------------------------------------------------------

  long lastRewriteSeconds() {
    return lastRewriteSeconds;
  }

  long currentRewriteSeconds() {
    return job == null ? -1 : elapsedSeconds(job);
  }

  boolean lastOk() {
    return lastOk;
  }

  long rewrites() {
    return rewrites;
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }

  private static long elapsedSeconds(Job j) {
    return (System.nanoTime() - j.startNanos) / 1_000_000_000L;
  }

  private static String describe(Throwable t) {
    Throwable cause =
        t instanceof java.util.concurrent.CompletionException && t.getCause() != null
            ? t.getCause()
            : t;
    return cause instanceof IOException io ? AofFiles.reason(io) : String.valueOf(cause);
  }
}
