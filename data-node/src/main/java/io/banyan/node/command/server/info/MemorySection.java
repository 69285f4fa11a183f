package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.engine.SoftHeapLimit;
import io.banyan.node.identity.ServerIdentity;
import java.lang.management.MemoryUsage;

/**
 * INFO memory. {@code used_memory} is the dataset estimate that maxmemory and eviction use, so the
 * two always agree; the process figures (rss, allocator) come from the JVM.
 */
final class MemorySection implements InfoRegistry.Section {
  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    Engine e = caller.engine();
    long used = e.usedMemory();
    long peak = e.metrics().peakMemory();
    long rss = ProcessMemory.rss();
    MemoryUsage heap = ProcessMemory.heap();
    long clientsMemory = 0;
    for (Client c : e.clients().all()) {
      clientsMemory += c.pendingOutputBytes();
    }
    long system = ProcessMemory.totalSystemMemory();
    long max = e.config().maxMemory;
    out.add("used_memory", used)
        .add("used_memory_human", ServerIdentity.humanBytes(used))
        .add("used_memory_rss", rss)
        .add("used_memory_rss_human", ServerIdentity.humanBytes(rss))
        .add("used_memory_peak", peak)
        .add("used_memory_peak_human", ServerIdentity.humanBytes(peak))
        .add(
            "used_memory_peak_perc",
            String.format(java.util.Locale.ROOT, "%.2f%%", percent(used, peak)))
        .add("used_memory_overhead", clientsMemory)
        .add("used_memory_startup", 0)
        .add("used_memory_dataset", used)
        .add(
            "used_memory_dataset_perc",
            String.format(java.util.Locale.ROOT, "%.2f%%", used == 0 ? 0.0 : 100.0))
        .add("allocator_allocated", heap.getUsed())
        .add("allocator_active", heap.getCommitted())
        .add("allocator_resident", rss)
        .add("total_system_memory", system)
        .add("total_system_memory_human", ServerIdentity.humanBytes(system))
        .add("used_memory_lua", 0)
        .add("used_memory_vm_eval", 0)
        .add("used_memory_lua_human", "0B")
        .add("used_memory_scripts_eval", 0)
        .add("number_of_cached_scripts", 0)
        .add("number_of_functions", 0)
        .add("number_of_libraries", 0)
        .add("used_memory_vm_functions", 0)
        .add("used_memory_vm_total", 0)
        .add("used_memory_vm_total_human", "0B")
        .add("used_memory_functions", 0)
        .add("used_memory_scripts", 0)
        .add("used_memory_scripts_human", "0B")
        .add("maxmemory", max)
        .add("maxmemory_human", ServerIdentity.humanBytes(max))
        .add("maxmemory_policy", e.config().maxMemoryPolicy.wireName())
        .add("allocator_frag_ratio", ratio(heap.getCommitted(), heap.getUsed()), 2)
        .add("allocator_frag_bytes", heap.getCommitted() - heap.getUsed())
        .add("allocator_rss_ratio", ratio(rss, heap.getCommitted()), 2)
        .add("allocator_rss_bytes", rss - heap.getCommitted())
        .add("rss_overhead_ratio", "1.00")
        .add("rss_overhead_bytes", 0)
        .add("mem_fragmentation_ratio", ratio(rss, used), 2)
        .add("mem_fragmentation_bytes", rss - used)
        .add("mem_not_counted_for_evict", 0)
        .add("mem_replication_backlog", 0)
        .add("mem_total_replication_buffers", 0)
        .add("mem_clients_slaves", 0)
        .add("mem_clients_normal", clientsMemory)
        .add("mem_cluster_links", 0)
        .add("mem_aof_buffer", 0)
        .add("mem_allocator", "jvm")
        .add("active_defrag_running", 0)
        .add("lazyfree_pending_objects", 0)
        .add("lazyfreed_objects", 0)
        // Banyan extensions, last so that Redis's own fields keep their order.
        .add("banyan_max_heap", Runtime.getRuntime().maxMemory())
        .add("banyan_soft_max_heap", SoftHeapLimit.current());
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : part * 100.0 / whole;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
