package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.engine.ServerStats;

/** INFO stats: counters since start (or CONFIG RESETSTAT) and sampled rates. */
final class StatsSection implements InfoRegistry.Section {
  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    Engine e = caller.engine();
    ServerStats s = e.stats();
    out.add("total_connections_received", s.connectionsReceived.sum())
        .add("total_commands_processed", s.commandsProcessed)
        .add("instantaneous_ops_per_sec", e.metrics().opsPerSecond())
        .add("total_net_input_bytes", s.inputBytes.sum())
        .add("total_net_output_bytes", s.outputBytes.sum())
        .add("total_net_repl_input_bytes", 0)
        .add("total_net_repl_output_bytes", 0)
        .add("instantaneous_input_kbps", e.metrics().inputKbps(), 2)
        .add("instantaneous_output_kbps", e.metrics().outputKbps(), 2)
        .add("instantaneous_input_repl_kbps", "0.00")
        .add("instantaneous_output_repl_kbps", "0.00")
        .add("rejected_connections", s.rejectedConnections.sum())
        .add("sync_full", 0)
        .add("sync_partial_ok", 0)
        .add("sync_partial_err", 0)
        .add("expired_keys", s.expiredKeys)
        .add("expired_stale_perc", "0.00")
        .add("expired_time_cap_reached_count", 0)
        .add("expire_cycle_cpu_milliseconds", 0)
        .add("evicted_keys", s.evictedKeys)
        .add("evicted_clients", 0)
        .add("total_eviction_exceeded_time", 0)
        .add("current_eviction_exceeded_time", 0)
        .add("keyspace_hits", s.keyspaceHits)
        .add("keyspace_misses", s.keyspaceMisses)
        .add("pubsub_channels", e.pubsub().channels().size())
        .add("pubsub_patterns", e.pubsub().patterns().size())
        .add("pubsubshard_channels", 0)
        .add("latest_fork_usec", 0)
        .add("total_forks", 0)
        .add("migrate_cached_sockets", 0)
        .add("slave_expires_tracked_keys", 0)
        .add("active_defrag_hits", 0)
        .add("active_defrag_misses", 0)
        .add("active_defrag_key_hits", 0)
        .add("active_defrag_key_misses", 0)
        .add("total_active_defrag_time", 0)
        .add("current_active_defrag_time", 0)
        .add("tracking_total_keys", 0)
        .add("tracking_total_items", 0)
        .add("tracking_total_prefixes", 0)
        .add("unexpected_error_replies", s.unexpectedErrorReplies)
        .add("total_error_replies", s.errorReplies)
        .add("dump_payload_sanitizations", 0)
        .add("io_threaded_reads_processed", 0)
        .add("io_threaded_writes_processed", 0);
  }
}
