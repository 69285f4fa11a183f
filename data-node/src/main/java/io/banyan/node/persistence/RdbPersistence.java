package io.banyan.node.persistence;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.config.SaveRule;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.persistence.rdb.RdbAux;
import io.banyan.node.store.KeyspaceSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * RDB snapshots of the dataset in {@code dir/dbfilename}: SAVE, BGSAVE (a {@link SnapshotRunner}
 * that writes a consistent image while commands keep running), the {@code save} rules checked by
 * the cron, the save of FLUSHALL, DEBUG RELOAD and the final save at shutdown, loading at start-up,
 * the MISCONF write refusal after a failed background save, and the RDB fields of INFO persistence
 * — with Redis 7.0's rules, log lines and counters.
 *
 * <p>The "changes since the last save" follow Redis: a successful BGSAVE only forgets the changes
 * made before it started, so writes that ran during the save still count afterwards.
 *
 * <p>Command thread only, except where stated.
 */
public final class RdbPersistence {
  /** Seconds after a failed background save before the save rules may try again (Redis's 5). */
  static final int BGSAVE_RETRY_DELAY_SECONDS = 5;

  /** Outcome of a BGSAVE request. */
  public enum BgsaveOutcome {
    STARTED,
    /** Deferred until the running snapshot (or the transaction) is over. */
    SCHEDULED,
    /** A BGSAVE is already running. */
    ALREADY_IN_PROGRESS,
    /**
     * Another snapshot (AOF rewrite, replica sync) holds the keyspace and SCHEDULE was not given.
     */
    OTHER_SNAPSHOT_RUNNING
  }

  private final Engine engine;
  private Supplier<RdbAux> auxSource;
  private final SaveStatus status;
  private BackgroundSave job;
  private boolean bgsaveScheduled;
  private long lastBgsaveTrySeconds;
  private long lastBgsaveSeconds = -1;
  private long lastCowBytes;
  private long lastLoadKeysLoaded;
  private long lastLoadKeysExpired;
  private io.banyan.node.persistence.rdb.RdbAux.Replication loadedReplication;

  /** The running BGSAVE. */
  private static final class BackgroundSave {
    final long startNanos = System.nanoTime();
    final long dirtyAtStart;
    SnapshotRunner runner;

    BackgroundSave(long dirtyAtStart) {
      this.dirtyAtStart = dirtyAtStart;
    }

    long elapsedSeconds() {
      return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }
  }

  RdbPersistence(Engine engine) {
    this.engine = engine;
    this.auxSource = () -> RdbAux.now(engine.usedMemory());
    this.status = new SaveStatus(engine);
  }

  /**
   * Replaces what the RDB header records (replication adds repl-id and repl-offset so that a
   * restarted node can continue with a partial resync). Called on the command thread when a file is
   * started.
   */
  public void setAuxSource(Supplier<RdbAux> source) {
    this.auxSource = source;
  }

  /**
   * The replication id, offset and stream database recorded in the RDB file loaded at start-up, or
   * null (no file, no such fields, or the data came from the AOF).
   */
  public io.banyan.node.persistence.rdb.RdbAux.Replication loadedReplication() {
    return loadedReplication;
  }

  /** What an RDB file written now would record in its header (replication position included). */
  RdbAux currentAux() {
    return auxSource.get();
  }

  /** {@code dir/dbfilename}. */
  public Path rdbPath() {
    return Path.of(engine.config().dir).toAbsolutePath().resolve(engine.config().dbFilename);
  }

  /** True while a BGSAVE runs (from the command until its file is committed or it failed). */
  public boolean backgroundSaveInProgress() {
    return job != null;
  }

  /** Unix time in seconds of the last successful save (start-up time before any). */
  public long lastSaveSeconds() {
    return status.lastSaveSeconds();
  }

  // ---- loading -------------------------------------------------------------------------------

  /**
   * Starts loading {@code dir/dbfilename}, when it exists, in slices on the command thread; the
   * future fails with a {@link PersistenceException} naming the file when it is damaged.
   */
  CompletableFuture<Void> startLoad(SlicedLoad slicing) {
    Path file = rdbPath();
    if (!Files.exists(file)) {
      return CompletableFuture.completedFuture(null);
    }
    long dirtyBefore = engine.dirty();
    return RdbLoader.start(engine, file, slicing)
        .handle(
            (o, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ce ? ce.getCause() : error;
                if (cause instanceof NoSuchFileException) {
                  // removed between the check and the read: start empty, as when never there
                  return null;
                }
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
              }
              recordLoad(o, dirtyBefore);
              loadedReplication = o.replication();
              engine
                  .log()
                  .notice(
                      String.format(
                          Locale.ROOT, "DB loaded from disk: %.3f seconds", o.nanos() / 1e9));
              return null;
            });
  }

  /** The size of the file a start-up load reads (0 when absent or not a regular file). */
  long sizeToLoad() {
    try {
      Path file = rdbPath();
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private void recordLoad(RdbLoader.Outcome o, long dirtyBefore) {
    lastLoadKeysLoaded = o.loaded();
    lastLoadKeysExpired = o.expired();
    // Loading is not a change to the dataset: it must not trigger the save rules.
    status.forgetChanges(engine.dirty() - dirtyBefore);
  }

  /**
   * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save (unless NOSAVE), empty the keyspace (unless
   * NOFLUSH), load the file back (MERGE: its keys replace existing ones), all while the caller
   * waits. Returns the error to reply, or null.
   */
  public String debugReload(boolean save, boolean flush, boolean merge) {
    if (save && !saveNow()) {
      return "ERR";
    }
    long dirtyBefore = engine.dirty();
    try {
      if (flush) {
        engine.keyspace().flushAll();
      }
      RdbLoader.Outcome o = RdbLoader.load(engine, rdbPath(), merge);
      recordLoad(o, dirtyBefore);
    } catch (IOException | PersistenceException e) {
      engine.log().warning("DEBUG RELOAD failed: " + describe(e));
      status.forgetChanges(engine.dirty() - dirtyBefore);
      return "ERR Error trying to load the RDB dump, check server logs.";
    }
    engine.log().warning("DB reloaded by DEBUG RELOAD");
    return null;
  }

  // ---- synchronous saves ---------------------------------------------------------------------

  /**
   * SAVE: writes the dataset now, blocking the command thread. The caller refuses SAVE while a
   * BGSAVE runs. Returns whether the file was written; failures are logged.
   */
  public boolean saveNow() {
    status.countSave();
    Path file = rdbPath();
    long dirty = engine.dirty();
    try {
      SynchronousSave.save(engine, file, auxSource.get());
    } catch (IOException | RuntimeException e) {
      engine.log().warning("Error saving DB on disk (" + file + "): " + describe(e));
      return false;
    }
    engine.log().notice("DB saved on disk");
    status.saved(dirty);
    return true;
  }

  /**
   * FLUSHALL's part, as Redis 7.0: a running BGSAVE is aborted (its image is stale), and with save
   * rules configured the now empty dataset is saved at once, so a restart does not bring the
   * flushed keys back.
   */
  public void afterFlushAll() {
    if (job != null) {
      abortBackgroundSave("FLUSHALL");
    }
    if (!engine.config().saveRules.isEmpty()) {
      saveNow();
    }
  }

  /** SHUTDOWN and SIGTERM: returns null when the node may stop, else the error to report. */
  String beforeShutdown(Persistence.ShutdownSave mode) {
    if (job != null) {
      engine.log().warning("There is a background save in progress. Aborting it!");
      abortBackgroundSave("shutdown");
    }
    boolean save =
        mode == Persistence.ShutdownSave.FORCE_SAVE
            || (mode == Persistence.ShutdownSave.DEFAULT && !engine.config().saveRules.isEmpty());
    if (!save) {
      return null;
    }
    engine.log().notice("Saving the final RDB snapshot before exiting.");
    if (!saveNow()) {
      engine.log().warning("Error trying to save the DB, can't exit.");
      return "Error trying to save the DB to " + rdbPath();
    }
    return null;
  }

  // ---- background saves ----------------------------------------------------------------------

  /**
   * BGSAVE [SCHEDULE]. Inside a transaction the save is scheduled rather than started, as Redis 7.0
   * does (the cron starts it right after).
   */
  public BgsaveOutcome bgsave(boolean schedule, boolean inTransaction) {
    if (job != null) {
      return BgsaveOutcome.ALREADY_IN_PROGRESS;
    }
    if (engine.keyspace().snapshot() != null || inTransaction) {
      if (schedule || inTransaction) {
        bgsaveScheduled = true;
        return BgsaveOutcome.SCHEDULED;
      }
      return BgsaveOutcome.OTHER_SNAPSHOT_RUNNING;
    }
    startBackgroundSave();
    return BgsaveOutcome.STARTED;
  }

  /** True when a BGSAVE waits for the running snapshot to end. */
  public boolean bgsaveScheduled() {
    return bgsaveScheduled;
  }

  /**
   * Starts a BGSAVE; the keyspace must be free. A file that cannot even be created fails the save
   * just after the reply, as a forked Redis child failing to open its file does.
   */
  private void startBackgroundSave() {
    BackgroundSave j = new BackgroundSave(engine.dirty());
    job = j;
    bgsaveScheduled = false;
    lastBgsaveTrySeconds = engine.nowMs() / 1000;
    status.countSave();
    Path file = rdbPath();
    FileSink sink;
    try {
      sink = new FileSink(file);
    } catch (IOException e) {
      engine.eventLoop().execute(() -> finished(j, e));
      return;
    }
    j.runner = Snapshots.startRdb(engine, sink, auxSource.get(), "rdb-bgsave");
    engine.log().notice("Background saving started");
    j.runner
        .result()
        .whenComplete(
            (bytes, error) -> {
              if (error == null) {
                engine.log().notice("DB saved on disk");
              }
              engine.eventLoop().execute(() -> finished(j, error));
            });
  }

  /** Back on the command thread once the file is committed, or the save failed. */
  private void finished(BackgroundSave j, Throwable error) {
    if (job != j) {
      return; // aborted: its outcome no longer matters
    }
    job = null;
    lastBgsaveSeconds = j.elapsedSeconds();
    if (error == null) {
      lastCowBytes = j.runner.snapshot().capturedBytes();
      status.saved(j.dirtyAtStart);
      engine.log().notice("Background saving terminated with success");
    } else {
      Throwable cause = error;
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (j.runner == null) {
        engine
            .log()
            .warning("Failed opening the temp RDB file for " + rdbPath() + ": " + describe(cause));
      } else {
        engine.log().warning("Write error saving DB on disk: " + describe(cause));
      }
      engine.log().warning("Background saving error");
      status.failed();
    }
  }

  /**
   * Abandons the running BGSAVE: its temporary file is removed, the rest of its walk is done now
   * (delivering nothing) so that the keyspace is free again, and its writer is waited for so that a
   * stale file can never be renamed over a newer one.
   */
  private void abortBackgroundSave(String why) {
    BackgroundSave j = job;
    job = null;
    engine.log().warning("Background saving aborted (" + why + ")");
    if (j.runner == null) {
      return;
    }
    j.runner.abort();
    KeyspaceSnapshot s = j.runner.snapshot();
    while (!s.step(SnapshotRunner.STEP_NANOS * 100)) {
      // an aborted walk only marks entries: fast
    }
    try {
      j.runner.result().get(1, TimeUnit.MINUTES);
    } catch (Exception expected) {
      // abandoned: completes exceptionally
    }
  }

  /**
   * The engine's write guard: MISCONF after a failed background save, when stop-writes-on-bgsave-
   * error says so.
   */
  public String refusal(Client c, CommandSpec spec) {
    return status.refusal(c, spec);
  }

  /** The save rules and a scheduled BGSAVE, hz times a second (Redis's serverCron part). */
  public void cron() {
    if (job != null || engine.keyspace().snapshot() != null) {
      return;
    }
    long now = engine.nowMs() / 1000;
    boolean mayRetry =
        status.lastBgsaveOk() || now - lastBgsaveTrySeconds > BGSAVE_RETRY_DELAY_SECONDS;
    if (bgsaveScheduled && mayRetry) {
      startBackgroundSave();
      return;
    }
    long changes = status.changesSinceLastSave();
    for (SaveRule rule : engine.config().saveRules) {
      if (changes >= rule.changes()
          && now - status.lastSaveSeconds() > rule.seconds()
          && mayRetry) {
        engine
            .log()
            .notice(rule.changes() + " changes in " + rule.seconds() + " seconds. Saving...");
        startBackgroundSave();
        return;
      }
    }
  }

  // ---- INFO ----------------------------------------------------------------------------------

  /**
   * The RDB fields of INFO persistence. Without fork there is no copy-on-write: the "cow" fields
   * report the bytes of the entries the running snapshot had to capture early because a write was
   * about to change them, the nearest equivalent; current_fork_perc is the snapshot's progress.
   */
  void writeInfo(InfoRegistry.Fields out) {
    KeyspaceSnapshot s = job != null && job.runner != null ? job.runner.snapshot() : null;
    if (s == null) {
      s = engine.keyspace().snapshot(); // an AOF rewrite's or a replica sync's
    }
    long processed = s == null ? 0 : s.delivered();
    long total = s == null ? 0 : s.totalKeys();
    long cow = s == null ? 0 : s.capturedBytes();
    out.add("current_cow_peak", cow)
        .add("current_cow_size", cow)
        .add("current_cow_size_age", 0)
        .add("current_fork_perc", total == 0 ? 0.0 : processed * 100.0 / total, 2)
        .add("current_save_keys_processed", processed)
        .add("current_save_keys_total", total)
        .add("rdb_changes_since_last_save", status.changesSinceLastSave())
        .add("rdb_bgsave_in_progress", job != null ? 1 : 0)
        .add("rdb_last_save_time", status.lastSaveSeconds())
        .add("rdb_last_bgsave_status", status.lastBgsaveOk() ? "ok" : "err")
        .add("rdb_last_bgsave_time_sec", lastBgsaveSeconds)
        .add("rdb_current_bgsave_time_sec", job != null ? job.elapsedSeconds() : -1)
        .add("rdb_saves", status.saves())
        .add("rdb_last_cow_size", lastCowBytes)
        .add("rdb_last_load_keys_expired", lastLoadKeysExpired)
        .add("rdb_last_load_keys_loaded", lastLoadKeysLoaded);
  }

  /** An IO failure in words, as strerror would put it where Java has a typed exception. */
  static String describe(Throwable e) {
    if (e instanceof NoSuchFileException n) {
      return "No such file or directory (" + n.getFile() + ")";
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return "Permission denied (" + a.getFile() + ")";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason() + " (" + f.getFile() + ")";
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
