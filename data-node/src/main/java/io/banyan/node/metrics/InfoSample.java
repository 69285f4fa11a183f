package io.banyan.node.metrics;

import io.banyan.node.client.Client;
import io.banyan.node.command.server.info.StandardSections;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.transport.NettyConnection;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's INFO fields at one moment, copied on the command thread so that the metrics can be
 * built on another one. Metrics come from INFO, as redis_exporter's do, so a metric and the INFO
 * field it is named after can never disagree.
 *
 * @param sections section name → field → value, as INFO prints them
 * @param tcpPort the client port actually bound (INFO's tcp_port says 0 when configured so)
 */
public record InfoSample(Map<String, Map<String, String>> sections, int tcpPort) {
  private static final List<String> SECTIONS =
      List.of(
          "server",
          "clients",
          "memory",
          "persistence",
          "stats",
          "replication",
          "cpu",
          "commandstats",
          "errorstats",
          "keyspace");

  /** The field of a section, or null. */
  public String get(String section, String field) {
    Map<String, String> s = sections.get(section);
    return s == null ? null : s.get(field);
  }

  /** The fields of a section (empty when absent). */
  public Map<String, String> section(String name) {
    return sections.getOrDefault(name, Map.of());
  }

  /** Takes samples on the command thread; one per node. */
  public static final class Sampler {
    private final Engine engine;
    private Client caller;

    public Sampler(Engine engine) {
      this.engine = engine;
    }

    /** Command thread only. */
    public InfoSample sample(int tcpPort) {
      if (caller == null) {
        // INFO's sections are written for a client; this one has no connection and never
        // registers, so it does not show in INFO clients or CLIENT LIST.
        caller =
            new Client(
                -1, engine, new NettyConnection(new EmbeddedChannel()), engine.keyspace().db(0));
      }
      StandardSections.installIfAbsent(engine);
      Map<String, Map<String, String>> out = new HashMap<>();
      for (String name : SECTIONS) {
        InfoRegistry.Fields f = engine.info().fields(caller, name);
        if (f != null) {
          out.put(name, f.snapshot());
        }
      }
      return new InfoSample(Map.copyOf(out), tcpPort);
    }
  }
}
