package io.banyan.node.persistence;

import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.persistence.aof.AofPersistence;
import io.banyan.node.persistence.rdb.RdbAux;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The node's persistence: RDB snapshots ({@link RdbPersistence}) and the append-only file ({@link
 * AofPersistence}), and the decisions that involve both — which one loads the dataset at start-up
 * (the AOF when {@code appendonly yes}, as Redis), what SHUTDOWN saves, and the INFO persistence
 * section.
 *
 * <p>Methods run on the command thread unless stated otherwise.
 */
public final class Persistence {
  /** What SHUTDOWN (or a SIGTERM) asked for. */
  public enum ShutdownSave {
    /** Save when save points are configured (SHUTDOWN without arguments, SIGTERM). */
    DEFAULT,
    /** SHUTDOWN SAVE: save even without save points. */
    FORCE_SAVE,
    /** SHUTDOWN NOSAVE. */
    NO_SAVE
  }

  private final Engine engine;
  private final RdbPersistence rdb;
  private final AofPersistence aof;
  private final SlicedLoad slices;

  /** Set once start-up loading succeeded: until then nothing may be saved over the data files. */
  private boolean loaded;

  /** Whether the dataset was loaded from the AOF (else from the RDB file, or nothing). */
  private boolean loadedFromAof;

  /** The position {@link ReplicationResumeFile} gave for the AOF loaded at start-up, or null. */
  private RdbAux.Replication resumedFromAof;

  public Persistence(Engine engine) {
    this.engine = engine;
    this.rdb = new RdbPersistence(engine);
    this.aof = new AofPersistence(engine);
    this.slices = new SlicedLoad(engine.eventLoop(), SlicedLoad.DEFAULT_SLICE_NANOS);
  }

  /** INFO persistence. */
  public InfoRegistry.Section info() {
    return new PersistenceInfo(this);
  }

  public RdbPersistence rdb() {
    return rdb;
  }

  public AofPersistence aof() {
    return aof;
  }

  Engine engine() {
    return engine;
  }

  /**
   * Command thread: starts loading the dataset, from the AOF when appendonly is on (and its files
   * exist), otherwise from the RDB file when it exists, then opens the AOF for writing. The load
   * runs in slices between client requests ({@link SlicedLoad}); until it ends, {@link
   * Engine#loading()} is active, so commands Redis does not allow while loading are refused. The
   * future completes on the command thread; it fails with a {@link PersistenceException} naming the
   * file when the data cannot be loaded.
   */
  public CompletableFuture<Void> startLoad() {
    boolean fromAof = engine.config().appendOnly && aof.hasFiles();
    engine.loading().begin(fromAof ? aof.sizeToLoad() : rdb.sizeToLoad());
    // Consumed before the load: nothing written from now on can make it describe the wrong data.
    RdbAux.Replication resumed =
        fromAof
            ? ReplicationResumeFile.take(
                dataDir(), aof::stateDigest, engine.config().databases, engine.log())
            : null;
    if (!fromAof) {
      ReplicationResumeFile.discard(dataDir(), engine.log());
    }
    CompletableFuture<Void> load;
    try {
      load = fromAof ? aof.startLoad(slices) : rdb.startLoad(slices);
    } catch (RuntimeException e) {
      load = CompletableFuture.failedFuture(e);
    }
    return load.thenRun(
            () -> {
              aof.startAfterLoad();
              loadedFromAof = fromAof;
              resumedFromAof = resumed;
              loaded = true;
            })
        .whenComplete((v, error) -> engine.loading().end());
  }

  /**
   * The replication id, offset and stream database the dataset loaded at start-up corresponds to:
   * from the RDB file's aux fields, or, for an AOF, from the record a clean shutdown left ({@link
   * ReplicationResumeFile}); null when unknown. Lets a restarted node continue with a partial
   * resync.
   */
  public RdbAux.Replication loadedReplication() {
    return loadedFromAof ? resumedFromAof : rdb.loadedReplication();
  }

  /** Where {@link #loadedReplication} came from, for the log. */
  public String loadedReplicationSource() {
    return loadedFromAof
        ? "the clean-shutdown record " + ReplicationResumeFile.NAME
        : "the RDB file";
  }

  private Path dataDir() {
    return Path.of(engine.config().dir);
  }

  /** Stops a start-up load that is still running (the node is shutting down). */
  public void cancelLoad() {
    slices.cancel(new PersistenceException("the node shut down while loading its data"));
  }

  /**
   * The persistence part of SHUTDOWN: a final save when asked or configured, and flushing the AOF.
   * Returns null when the node may stop, or the error to report when it must keep running.
   */
  public String beforeShutdown(ShutdownSave mode, boolean force) {
    if (!loaded) {
      // Start-up loading failed (or never ran): saving now would replace the files that hold the
      // data with the partial dataset in memory.
      return null;
    }
    String aofError = aof.beforeShutdown();
    String rdbError = rdb.beforeShutdown(mode);
    String error = aofError != null ? aofError : rdbError;
    if (error != null && force) {
      engine.log().warning("Errors trying to shut down (" + error + "), exiting anyway (FORCE)");
      error = null;
    }
    if (error == null && aofError == null && aof.on()) {
      if (aof.describesDataset()) {
        recordReplicationPosition();
      } else {
        engine
            .log()
            .notice(
                "Not recording the replication position: the AOF is still being rewritten after"
                    + " a full sync, it does not hold the dataset yet");
      }
    }
    return error;
  }

  /**
   * After the AOF's final fsync: records which replication position it holds, so that the restarted
   * node continues with a partial resync ({@link ReplicationResumeFile}). The position is what an
   * RDB file would record now (nothing when the node has no replication history). A failure only
   * costs a full resync later.
   */
  private void recordReplicationPosition() {
    RdbAux.Replication position = rdb.currentAux().replication();
    if (position == null) {
      return;
    }
    try {
      ReplicationResumeFile.write(dataDir(), position, aof.stateDigest());
      engine
          .log()
          .notice(
              "Recorded replication position "
                  + position.replId()
                  + ":"
                  + position.offset()
                  + " of the AOF in "
                  + ReplicationResumeFile.NAME);
    } catch (IOException | RuntimeException e) {
      engine
          .log()
          .warning(
              "Can't record the replication position of the AOF ("
                  + e
                  + "): the next start needs a full resync");
    }
  }
}
