package io.banyan.node.command.server.info;

import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;

/**
 * Installs Redis's standard INFO sections in an engine's registry, leaving alone any section
 * another subsystem (persistence, replication) has registered already.
 */
public final class StandardSections {
  private StandardSections() {}

  public static void installIfAbsent(Engine engine) {
    InfoRegistry r = engine.info();
    if (r.has("server") && r.has("keyspace")) {
      return;
    }
    r.registerIfAbsent("server", "Server", true, new ServerSection());
    r.registerIfAbsent("clients", "Clients", true, new ClientsSection());
    r.registerIfAbsent("memory", "Memory", true, new MemorySection());
    // "persistence" is registered by io.banyan.node.persistence.Persistence.
    r.registerIfAbsent("stats", "Stats", true, new StatsSection());
    // "replication" is registered by io.banyan.node.replication.Replication.
    r.registerIfAbsent("cpu", "CPU", true, new CpuSection());
    r.registerIfAbsent("modules", "Modules", true, (c, out) -> {});
    r.registerIfAbsent("commandstats", "Commandstats", false, CallStatsSections::commands);
    r.registerIfAbsent("errorstats", "Errorstats", true, CallStatsSections::errors);
    r.registerIfAbsent("cluster", "Cluster", true, (c, out) -> out.add("cluster_enabled", 0));
    r.registerIfAbsent("keyspace", "Keyspace", true, new KeyspaceSection());
  }
}
