package io.banyan.node.persistence;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.engine.Engine;

/**
 * What the RDB saves have achieved: the time of the last successful save, the changes made since
 * (counted against the engine's ever-growing change counter), whether the last background save
 * failed — and, from that, the MISCONF refusal Redis applies to commands that change data while
 * save rules are configured and the last background save failed (stop-writes-on-bgsave-error).
 *
 * <p>Command thread only.
 */
final class SaveStatus {
  static final String MISCONF =
      "MISCONF The last background save of the RDB snapshot failed, so this node refuses commands"
          + " that change data: it is configured to save (save rules) and to stop writes when a"
          + " save fails (stop-writes-on-bgsave-error yes). The server log has the cause; writes"
          + " resume once a save succeeds.";

  private final Engine engine;
  private long dirtyAtLastSave;
  private long lastSaveSeconds;
  private boolean lastBgsaveOk = true;
  private long saves;

  SaveStatus(Engine engine) {
    this.engine = engine;
    // As Redis: at start-up the dataset counts as saved.
    this.lastSaveSeconds = engine.stats().startTimeMs / 1000;
  }

  long changesSinceLastSave() {
    return engine.dirty() - dirtyAtLastSave;
  }

  long lastSaveSeconds() {
    return lastSaveSeconds;
  }

  boolean lastBgsaveOk() {
    return lastBgsaveOk;
  }

  long saves() {
    return saves;
  }

  /** A save (SAVE or BGSAVE) starts: rdb_saves counts attempts, as Redis's does. */
  void countSave() {
    saves++;
  }

  /**
   * A save completed. {@code dirtyAtStart} is the change counter when its image was taken: changes
   * made while a background save ran are not in the file and still count afterwards.
   */
  void saved(long dirtyAtStart) {
    dirtyAtLastSave = dirtyAtStart;
    lastSaveSeconds = engine.nowMs() / 1000;
    lastBgsaveOk = true;
  }

  /** A background save failed: stop writes when so configured (see {@link #refusal}). */
  void failed() {
    lastBgsaveOk = false;
  }

  /** Changes that must not count (loading a file is not a change to the dataset). */
  void forgetChanges(long changes) {
    dirtyAtLastSave += changes;
  }

  /**
   * The write guard: as Redis 7.0, commands flagged write (and EXEC when its transaction holds one)
   * and PING are refused with MISCONF while the last background save failed, save rules exist and
   * stop-writes-on-bgsave-error is on. The master's replication link is never refused.
   */
  String refusal(Client c, CommandSpec spec) {
    if (lastBgsaveOk
        || !engine.config().stopWritesOnBgsaveError
        || engine.config().saveRules.isEmpty()
        || c.isMaster()) {
      return null;
    }
    return spec.isWrite() || spec.name().equals("ping") ? MISCONF : null;
  }
}
