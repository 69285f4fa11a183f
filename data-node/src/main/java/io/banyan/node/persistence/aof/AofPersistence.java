package io.banyan.node.persistence.aof;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.config.InvalidValueException;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.FileSink;
import io.banyan.node.persistence.PersistenceException;
import io.banyan.node.persistence.SlicedLoad;
import io.banyan.node.persistence.SnapshotRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The append-only file, as Redis 7.0's multi-part AOF: a directory ({@code appenddirname}) holding
 * a manifest, a base file and incremental files.
 *
 * <p>Every write reaches {@link #propagate} in execution order (invariant I1) and is encoded on the
 * command thread into a buffer that is handed, once per event-loop turn, to the {@link AofWriter}
 * thread, which writes and fsyncs it as {@code appendfsync} says. Replies wait in the {@link
 * FsyncGate}: with {@code always} until the fsync that covers them (group commit); with {@code
 * everysec} and {@code no} until the writer has handed the bytes to the OS (one write per batch,
 * the fsync stays off the reply path), so a killed process never loses an acknowledged write. The
 * command thread itself never waits for the disk. A failing disk turns writes away with MISCONF
 * until the writer's retries succeed. Rewrites are in {@link AofRewriter}, loading in {@link
 * AofLoader}.
 *
 * <p>States as in Redis: OFF; WAIT_REWRITE (turned on at run time, the first base is being written
 * — writes are appended to a file the manifest does not list yet); ON.
 *
 * <p>Methods run on the command thread unless stated otherwise.
 */
public final class AofPersistence {
  /** The error WAITAOF gives when asked for a local fsync without an AOF. */
  public static final String WAITAOF_WITHOUT_AOF =
      "ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.";

  /** Whether the AOF is written. */
  enum State {
    OFF,
    WAIT_REWRITE,
    ON
  }

  private final Engine engine;
  private final ServerConfig config;
  private final ServerLog log;
  private final AofEncoder encoder = new AofEncoder();
  private final AofWriter writer;
  private final FsyncGate gate;
  private final AofRewriter rewriter;
  private final AtomicBoolean progressPending = new AtomicBoolean();
  private final Runnable shipTask = this::ship;

  private State state = State.OFF;
  private boolean appending;
  private long appendedOffset;
  private boolean shipScheduled;

  private final AofFileSet files;
  private AofManifest.FileInfo currentIncr;
  private long rewriteBaseSize;
  private long lastKickMs;

  /** Times the dataset was replaced by other means than commands (see {@link #datasetReplaced}). */
  private long replacements;

  /** How many of those the AOF on disk includes: a committed rewrite's snapshot saw them. */
  private long replacementsOnDisk;

  public AofPersistence(Engine engine) {
    this.engine = engine;
    this.config = engine.config();
    this.log = engine.log();
    this.files = new AofFileSet(config, log);
    this.writer = new AofWriter(log, () -> config.appendFsync, this::writerProgressed);
    this.gate =
        new FsyncGate(
            () -> appendedOffset,
            this::acknowledgeableOffset,
            this::holdsReplies,
            () -> writer.error() != null);
    this.rewriter = new AofRewriter(this, engine);
    engine.setPropagator(this::propagate);
    engine.setStreamOffset(() -> appendedOffset);
    engine.addWriteGuard(this::refusal);
    engine.addCronTask(this::cron);
    config.registry().onChange("appendonly", c -> appendOnlyChanged());
    config
        .registry()
        .onChange(
            "appendfsync",
            c -> {
              updateBarrier();
              writer.kick(); // the writer may be waiting out a one-second fsync period
            });
    // The writer thread lives as long as the command thread.
    engine.eventLoop().terminationFuture().addListener(f -> writer.stop());
  }

  // ---- start-up ------------------------------------------------------------------------------

  /** True when the configured AOF (manifest or legacy file) exists in dir. */
  public boolean hasFiles() {
    return files.exist();
  }

  /**
   * Starts loading the dataset from the AOF (upgrading a Redis 6 single-file AOF into the directory
   * layout first), in slices on the command thread. The future fails with a {@link
   * PersistenceException} naming the file and offset when the AOF cannot be loaded.
   */
  public CompletableFuture<Void> startLoad(SlicedLoad slicing) {
    files.read(true);
    return new AofLoader(engine, files.dir())
        .start(files.manifest(), slicing)
        .thenAccept(writer::setSize);
  }

  /** The total size of the files a start-up load reads. */
  public long sizeToLoad() {
    files.read(true);
    long total = 0;
    for (AofManifest.FileInfo f : files.manifest().loadOrder()) {
      try {
        total += Files.size(files.dir().resolve(f.name()));
      } catch (IOException e) {
        // a missing file fails the load itself, with a better message
      }
    }
    return total;
  }

  /**
   * Opens the AOF for writing (when appendonly is on) once the dataset is loaded: creates the base
   * from the loaded data when there is none, then continues the last incremental file or creates
   * one, as Redis does on start.
   */
  public void startAfterLoad() {
    if (!config.appendOnly) {
      files.readQuietly();
      return;
    }
    files.read(false);
    files.fixDir();
    Path dir = files.dir();
    try {
      Files.createDirectories(dir);
      AofManifest before = files.manifest();
      files.setManifest(AofFiles.deleteHistory(dir, files.manifest(), log));
      if (files.manifest().isEmpty()) {
        createBaseNow(dir);
      }
      AofManifest.FileInfo last = files.manifest().lastIncr();
      if (last != null) {
        writer.open(dir.resolve(last.name()), false).get();
        log.notice("Opening AOF incr file " + last.name() + " on server start");
        currentIncr = last;
      } else {
        currentIncr = files.allocateIncr();
        writer.open(dir.resolve(currentIncr.name()), true).get();
        files.setManifest(files.manifest().withIncr(currentIncr));
        log.notice("Creating AOF incr file " + currentIncr.name() + " on server start");
      }
      if (files.manifest() != before) {
        AofFiles.writeManifest(dir, config.appendFilename, files.manifest());
      }
    } catch (IOException | ExecutionException | InterruptedException e) {
      throw new PersistenceException(
          "Can't open the append only file in " + dir + ": " + describe(e), e);
    }
    writer.setSize(files.totalSize());
    // As Redis after loading: growth is measured from the base alone (how large the incremental
    // files were when the last rewrite ended is not known).
    AofManifest.FileInfo base = files.manifest().base();
    rewriteBaseSize = base == null ? 0 : AofFiles.sizeOf(dir.resolve(base.name()));
    state = State.ON;
    appending = true;
    encoder.forgetSelectedDb();
    updateBarrier();
  }

  /** Writes the first base file from the dataset as loaded, before clients are accepted. */
  private void createBaseNow(Path dir) throws IOException {
    AofManifest.FileInfo base = files.allocateBase(config.aofUseRdbPreamble);
    SnapshotRunner runner =
        AofRewriter.startSnapshot(
            engine, new FileSink(dir.resolve(base.name())), config.aofUseRdbPreamble, "aof-base");
    runner.runToCompletion();
    try {
      runner.result().get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IOException("can't write the AOF base file " + base.name() + ": " + describe(e), e);
    }
    files.setManifest(AofManifest.of(base, List.of(), List.of()));
    log.notice("Creating AOF base file " + base.name() + " on server start");
  }

  // ---- the write stream ----------------------------------------------------------------------

  /** The engine's propagator: every write, in execution order. */
  private void propagate(int db, byte[][] argv) {
    if (!appending) {
      return;
    }
    int before = encoder.size();
    if (config.aofTimestampEnabled) {
      encoder.timestamp(engine.nowMs());
    }
    encoder.command(db, argv);
    appendedOffset += encoder.size() - before;
    if (!shipScheduled) {
      shipScheduled = true;
      // Runs after the IO of this event-loop turn: one hand-over per turn, not per command.
      engine.eventLoop().execute(shipTask);
    }
  }

  /**
   * Hands the encoded bytes to the OS: with everysec and no, written here on the command thread
   * when the writer thread is idle (the common case: one write() per event-loop turn, no thread
   * hand-over before the replies can go), else queued to the writer thread.
   */
  void ship() {
    shipScheduled = false;
    if (encoder.size() > 0) {
      byte[] bytes = encoder.take();
      if (!"always".equals(config.appendFsync) && writer.tryWriteNow(bytes, appendedOffset)) {
        // In the page cache already: the replies held for these bytes can leave in this turn.
        gate.release(acknowledgeableOffset());
      } else {
        writer.write(bytes, appendedOffset);
      }
    }
  }

  /** Called on the writer thread after an fsync or an error change: continue on the loop. */
  private void writerProgressed() {
    if (progressPending.compareAndSet(false, true)) {
      engine.eventLoop().execute(this::progressed);
    }
  }

  private void progressed() {
    progressPending.set(false);
    gate.release(acknowledgeableOffset());
    if (writer.error() != null) {
      gate.releaseBystanders(acknowledgeableOffset());
    }
    engine.offsetWaits().check(); // WAITAOF callers this fsync satisfies
    updateBarrier();
    if (engine.replication() != null) {
      engine.replication().localAofFsynced(); // a replica reports it to its master (FACK)
    }
  }

  /**
   * Replies wait under every policy: a reply may acknowledge (or reveal) a write, so it leaves only
   * once that write is where the policy promises it to be — fsynced for {@code always}, handed to
   * the OS (written to the page cache) for {@code everysec} and {@code no}, as Redis writes the AOF
   * buffer before it sends replies. Then a SIGKILL of the process never loses an acknowledged
   * write; only an OS crash can, within the fsync period.
   */
  private boolean holdsReplies() {
    return appending;
  }

  /** The stream offset a reply may acknowledge under the current policy. */
  private long acknowledgeableOffset() {
    return "always".equals(config.appendFsync) ? writer.fsyncedOffset() : writer.writtenOffset();
  }

  /** Installs the reply barrier while it has work: appendfsync always, or replies still held. */
  private void updateBarrier() {
    boolean needed = holdsReplies() || !gate.isEmpty();
    engine.setReplyBarrier(needed ? gate : null);
  }

  /** 1 when the AOF is on and fsynced up to {@code writeOffset}, else 0 (WAITAOF's numlocal). */
  private int localAcks(long writeOffset) {
    return state == State.ON && writer.fsyncedOffset() >= writeOffset ? 1 : 0;
  }

  private String refusal(Client c, CommandSpec spec) {
    if (state == State.OFF || c.isMaster()) {
      return null;
    }
    String error = writer.error();
    if (error == null || !(spec.isWrite() || spec.name().equals("ping"))) {
      return null;
    }
    return "MISCONF Errors writing to the AOF file: " + error;
  }

  private void cron() {
    if (writer.error() != null) {
      long now = engine.nowMs();
      if (now - lastKickMs >= 1000) {
        lastKickMs = now;
        writer.kick();
      }
    }
    rewriter.cron();
  }

  // ---- turning the AOF on and off at run time ------------------------------------------------

  private void appendOnlyChanged() {
    if (config.appendOnly && state == State.OFF) {
      if (!startAppendOnly()) {
        throw new InvalidValueException("Unable to turn on AOF. Check server logs.");
      }
    } else if (!config.appendOnly && state != State.OFF) {
      stopAppendOnly();
    }
  }

  /** CONFIG SET appendonly yes: a rewrite creates the AOF from the current dataset. */
  private boolean startAppendOnly() {
    files.read(false);
    files.fixDir();
    state = State.WAIT_REWRITE;
    if (rewriter.inProgress()) {
      if (rewriter.cancellable()) {
        log.notice(
            "AOF was enabled but there is already an AOF rewriting in background. Stopping"
                + " background AOF and starting a rewrite now.");
        rewriter.cancel();
      } else {
        rewriter.schedule();
        return true;
      }
    } else if (engine.keyspace().snapshot() != null) {
      log.notice(
          "AOF was enabled but there is already another background operation. An AOF background"
              + " was scheduled to start when possible.");
      rewriter.schedule();
      return true;
    }
    if (!rewriter.start()) {
      state = State.OFF;
      files.releaseDir();
      log.warning(
          "User tried turning on AOF with CONFIG SET but I can't trigger a background AOF rewrite"
              + " operation. Check the above logs for more info about the error.");
      return false;
    }
    return true;
  }

  /** CONFIG SET appendonly no: flush, fsync and close; stop any rewrite. */
  private void stopAppendOnly() {
    rewriter.cancel();
    rewriter.unschedule();
    ship();
    writer.close();
    if (state == State.WAIT_REWRITE && currentIncr != null) {
      files.addUnlisted(currentIncr);
    }
    state = State.OFF;
    files.releaseDir();
    appending = false;
    currentIncr = null;
    gate.releaseAll();
    // A local fsync can no longer come: those WAITAOF callers fail, as in Redis.
    engine.offsetWaits().fail(this, WAITAOF_WITHOUT_AOF);
    updateBarrier();
  }

  // ---- rewrite support (for AofRewriter) -----------------------------------------------------

  State state() {
    return state;
  }

  AofWriter writer() {
    return writer;
  }

  long rewriteBaseSize() {
    return rewriteBaseSize;
  }

  AofFileSet files() {
    return files;
  }

  /**
   * Switches writes to {@code incr} from this point of the stream. With {@code listed} the manifest
   * is rewritten to include it before any write goes there (the AOF is ON: a crash must find those
   * writes); otherwise (turning on) it stays unlisted until the first base is ready.
   */
  CompletableFuture<Void> rotateTo(AofManifest.FileInfo incr, boolean listed) {
    ship();
    AofManifest before = files.manifest();
    AofManifest next = listed ? before.withIncr(incr) : null;
    Path dir = files.dir();
    CompletableFuture<Void> done =
        writer.rotate(dir.resolve(incr.name()), dir, config.appendFilename, next);
    encoder.forgetSelectedDb();
    appending = true;
    AofManifest.FileInfo previous = currentIncr;
    currentIncr = incr;
    done.whenComplete(
        (v, error) ->
            engine
                .eventLoop()
                .execute(
                    () -> {
                      if (error != null) {
                        log.warning(
                            "Can't open the AOF incr file " + incr.name() + ": " + describe(error));
                        if (currentIncr == incr && listed) {
                          currentIncr = previous; // writes continue in the previous file
                        }
                        return;
                      }
                      log.notice(
                          "Creating AOF incr file " + incr.name() + " on background rewrite");
                      if (next != null && files.manifest() == before) {
                        files.setManifest(next); // unless a commit got there first
                      }
                    }));
    return done;
  }

  /** How many dataset replacements a rewrite whose snapshot starts now includes. */
  long replacements() {
    return replacements;
  }

  void rewriteCommitted(
      State mode, boolean cancelled, AofWriter.Committed committed, long coveredReplacements) {
    files.committed(mode, committed.manifest());
    replacementsOnDisk = Math.max(replacementsOnDisk, coveredReplacements);
    rewriteBaseSize = committed.size();
    if (mode == State.WAIT_REWRITE) {
      if (!cancelled && state == State.WAIT_REWRITE) {
        state = State.ON;
        log.notice("AOF rewrite during CONFIG SET appendonly yes finished: the AOF is on");
        engine.offsetWaits().check();
      }
    }
  }

  void rewriteFailed(State mode, boolean cancelled, AofManifest.FileInfo incr) {
    if (mode == State.WAIT_REWRITE && incr != null) {
      files.addUnlisted(incr); // never listed: the next successful attempt deletes it
    }
    if (mode == State.WAIT_REWRITE && !cancelled && state == State.WAIT_REWRITE) {
      // The writes appended since the attempt began are covered by the next attempt's snapshot.
      ship();
      appending = false;
      writer.close();
      currentIncr = null;
      gate.releaseAll();
      updateBarrier();
      rewriter.schedule();
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  /** BGREWRITEAOF; returns the status line or throws the error. */
  public String bgrewriteaof(Client c) {
    return rewriter.bgrewriteaof(c.executingTransaction());
  }

  /**
   * WAITAOF numlocal numreplicas timeout, arguments validated: answers {@code [numlocal,
   * numreplicas]} now when the client's last write is fsynced where it asks (or it may not block:
   * inside MULTI), otherwise blocks it until then or until the timeout.
   */
  public void waitaof(Client c, long numLocal, long numReplicas, long timeoutMs) {
    if (numLocal > 0 && state == State.OFF) {
      throw new io.banyan.node.command.model.CommandException(WAITAOF_WITHOUT_AOF);
    }
    long writeOffset = c.writeOffset();
    long replicationOffset = c.replicationOffset();
    java.util.function.BooleanSupplier satisfied =
        () ->
            localAcks(writeOffset) >= numLocal
                && engine.replicaAcks().fsynced(replicationOffset) >= numReplicas;
    java.util.function.Consumer<Client> answer =
        w -> {
          w.reply().array(2);
          w.reply().integer(localAcks(writeOffset));
          w.reply().integer(engine.replicaAcks().fsynced(replicationOffset));
        };
    if (satisfied.getAsBoolean() || c.executingTransaction()) {
      answer.accept(c);
      return;
    }
    if (numReplicas > 0) {
      engine.replicaAcks().requestAcks();
    }
    // Waits that need a local fsync end with an error if appendonly is turned off meanwhile.
    engine.offsetWaits().block(c, satisfied, answer, timeoutMs, numLocal > 0 ? this : null);
  }

  /**
   * The AOF offset known fsynced while the AOF is on, else -1 (a replica reports FACK only then).
   */
  public long fsyncedOffsetWhileOn() {
    return state == State.ON ? writer.fsyncedOffset() : -1;
  }

  /** Whether a rewrite is running (its snapshot holds the keyspace: BGSAVE must wait). */
  public boolean rewriteInProgress() {
    return rewriter.inProgress();
  }

  /** Whether the AOF is being written (on, or being created). */
  public boolean enabled() {
    return state != State.OFF;
  }

  /** The end of the AOF stream appended so far (the offset space of WAITAOF). */
  public long appendedOffset() {
    return appendedOffset;
  }

  /** The stream offset known to be fsynced. */
  public long fsyncedOffset() {
    return writer.fsyncedOffset();
  }

  /**
   * A fingerprint of the AOF files as they are on disk now ({@link AofStateDigest}): equal only
   * while nothing has been written to, rewritten or replaced in the AOF.
   *
   * @throws IOException when the manifest or a file it names cannot be read
   * @throws AofFormatException when the manifest is malformed
   */
  public String stateDigest() throws IOException {
    return AofStateDigest.compute(files.dir(), config.appendFilename);
  }

  /**
   * The dataset was replaced without commands the AOF records (a replica loaded its master's
   * snapshot): the AOF on disk no longer describes the dataset until a rewrite started after this
   * point has committed. The caller starts that rewrite.
   */
  public void datasetReplaced() {
    replacements++;
  }

  /** Whether the AOF's files, replayed, give the dataset (no {@link #datasetReplaced} pending). */
  public boolean describesDataset() {
    return replacementsOnDisk == replacements;
  }

  /** Whether the AOF is on (written, and listed by the manifest). */
  public boolean on() {
    return state == State.ON;
  }

  // ---- shutdown ------------------------------------------------------------------------------

  /** Flushes and fsyncs before the node stops; returns an error to report, or null. */
  public String beforeShutdown() {
    rewriter.cancel();
    if (state == State.OFF) {
      return null;
    }
    if (state == State.WAIT_REWRITE) {
      log.warning("Writing initial AOF, can't exit.");
      return "Writing initial AOF, can't exit.";
    }
    log.notice("Calling fsync() on the AOF file.");
    ship();
    try {
      writer
          .sync()
          .get(
              config.shutdownTimeoutSeconds > 0 ? config.shutdownTimeoutSeconds : 10,
              TimeUnit.SECONDS);
    } catch (Exception e) {
      String reason = describe(e);
      log.warning("Fail to fsync the AOF file: " + reason);
      return "Errors writing to the AOF file: " + reason;
    }
    gate.release(acknowledgeableOffset());
    return null;
  }

  // ---- INFO ----------------------------------------------------------------------------------

  /** INFO persistence: the AOF fields every node reports. */
  public void writeInfo(InfoRegistry.Fields out) {
    AofInfo.write(out, state != State.OFF, rewriter, writer);
  }

  /** INFO persistence: the fields Redis adds at the end of the section while the AOF is on. */
  public void writeEnabledInfo(InfoRegistry.Fields out) {
    if (state != State.OFF) {
      AofInfo.writeEnabled(out, rewriter, writer, rewriteBaseSize, appendedOffset);
    }
  }

  private static String describe(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof java.util.concurrent.ExecutionException
            || cause instanceof java.util.concurrent.CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof IOException io ? AofFiles.reason(io) : String.valueOf(cause);
  }
}
