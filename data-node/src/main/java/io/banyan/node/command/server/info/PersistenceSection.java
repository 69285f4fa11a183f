package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;

/**
 * INFO persistence with the values of a node that has never saved: placeholders in Redis's field
 * names until the persistence subsystem registers its own section.
 */
final class PersistenceSection implements InfoRegistry.Section {
  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    Engine e = caller.engine();
    out.add("loading", 0)
        .add("async_loading", 0)
        .add("current_cow_peak", 0)
        .add("current_cow_size", 0)
        .add("current_cow_size_age", 0)
        .add("current_fork_perc", "0.00")
        .add("current_save_keys_processed", 0)
        .add("current_save_keys_total", 0)
        .add("rdb_changes_since_last_save", e.dirty())
        .add("rdb_bgsave_in_progress", 0)
        .add("rdb_last_save_time", e.stats().startTimeMs / 1000)
        .add("rdb_last_bgsave_status", "ok")
        .add("rdb_last_bgsave_time_sec", -1)
        .add("rdb_current_bgsave_time_sec", -1)
        .add("rdb_saves", 0)
        .add("rdb_last_cow_size", 0)
        .add("rdb_last_load_keys_expired", 0)
        .add("rdb_last_load_keys_loaded", 0)
        .add("aof_enabled", 0)
        .add("aof_rewrite_in_progress", 0)
        .add("aof_rewrite_scheduled", 0)
        .add("aof_last_rewrite_time_sec", -1)
        .add("aof_current_rewrite_time_sec", -1)
        .add("aof_last_bgrewrite_status", "ok")
        .add("aof_rewrites", 0)
        .add("aof_rewrites_consecutive_failures", 0)
        .add("aof_last_write_status", "ok")
        .add("aof_last_cow_size", 0)
        .add("module_fork_in_progress", 0)
        .add("module_fork_last_cow_size", 0);
  }
}
