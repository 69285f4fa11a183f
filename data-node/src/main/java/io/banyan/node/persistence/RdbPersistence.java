package io.banyan.node.persistence;

import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;

/** RDB snapshots: SAVE, BGSAVE, save points, loading at start-up. SKELETON: being implemented. */
public final class RdbPersistence {
  private final Engine engine;

  RdbPersistence(Engine engine) {
    this.engine = engine;
  }

  void loadAtStartup() {}

  String beforeShutdown(Persistence.ShutdownSave mode) {
    return null;
  }

  void writeInfo(InfoRegistry.Fields out) {
    out.add("current_cow_peak", 0)
        .add("current_cow_size", 0)
        .add("current_cow_size_age", 0)
        .add("current_fork_perc", "0.00")
        .add("current_save_keys_processed", 0)
        .add("current_save_keys_total", 0)
        .add("rdb_changes_since_last_save", engine.dirty())
        .add("rdb_bgsave_in_progress", 0)
        .add("rdb_last_save_time", engine.stats().startTimeMs / 1000)
        .add("rdb_last_bgsave_status", "ok")
        .add("rdb_last_bgsave_time_sec", -1)
        .add("rdb_current_bgsave_time_sec", -1)
        .add("rdb_saves", 0)
        .add("rdb_last_cow_size", 0)
        .add("rdb_last_load_keys_expired", 0)
        .add("rdb_last_load_keys_loaded", 0);
  }
}
