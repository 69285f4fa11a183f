package io.banyan.node.persistence.aof;

import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;

/** The append-only file. SKELETON: being implemented. */
public final class AofPersistence {
  private final Engine engine;

  public AofPersistence(Engine engine) {
    this.engine = engine;
  }

  /** True when the configured AOF (manifest or legacy file) exists in dir. */
  public boolean hasFiles() {
    return false;
  }

  /** Loads the dataset from the AOF. */
  public void load() {}

  /** Opens the AOF for writing (when appendonly is on) once the dataset is loaded. */
  public void startAfterLoad() {}

  /** Flushes and fsyncs before the node stops; returns an error to report, or null. */
  public String beforeShutdown() {
    return null;
  }

  public void writeInfo(InfoRegistry.Fields out) {
    out.add("aof_enabled", engine.config().appendOnly ? 1 : 0)
        .add("aof_rewrite_in_progress", 0)
        .add("aof_rewrite_scheduled", 0)
        .add("aof_last_rewrite_time_sec", -1)
        .add("aof_current_rewrite_time_sec", -1)
        .add("aof_last_bgrewrite_status", "ok")
        .add("aof_rewrites", 0)
        .add("aof_rewrites_consecutive_failures", 0)
        .add("aof_last_write_status", "ok")
        .add("aof_last_cow_size", 0);
  }
}
