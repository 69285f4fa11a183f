package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.identity.ServerIdentity;
import io.banyan.node.store.AccessClock;
import java.net.InetSocketAddress;
import java.time.Instant;

/** INFO server: versions, process, uptime and clock. */
final class ServerSection implements InfoRegistry.Section {
  /** A hex id stable for a given Banyan version, as Redis's build id is for its binary. */
  private final String buildId =
      String.format(
          "%016x", (long) ServerIdentity.banyanVersion().hashCode() * 0x9E3779B97F4A7C15L);

  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    Engine e = caller.engine();
    Instant now = Instant.now();
    long uptime = e.stats().uptimeSeconds();
    out.add("redis_version", ServerIdentity.REDIS_VERSION)
        .add("redis_git_sha1", "00000000")
        .add("redis_git_dirty", 0)
        .add("redis_build_id", buildId)
        .add("redis_mode", "standalone")
        .add("os", ServerIdentity.os())
        .add("arch_bits", ServerIdentity.archBits())
        .add("monotonic_clock", "System.nanoTime")
        .add("multiplexing_api", multiplexingApi(caller))
        .add("atomicvar_api", "java.util.concurrent")
        .add("gcc_version", "0.0.0")
        .add("process_id", ServerIdentity.pid())
        .add("process_supervised", "no")
        .add("run_id", e.runId())
        .add("tcp_port", port(caller))
        .add("server_time_usec", now.getEpochSecond() * 1_000_000 + now.getNano() / 1000)
        .add("uptime_in_seconds", uptime)
        .add("uptime_in_days", uptime / 86_400)
        .add("hz", e.config().hz)
        .add("configured_hz", e.config().hz)
        .add("lru_clock", AccessClock.lruNow())
        .add("executable", ServerIdentity.executable())
        .add("config_file", "")
        .add("io_threads_active", 0)
        .add("banyan_version", ServerIdentity.banyanVersion())
        .add("java_version", Runtime.version());
  }

  private static String multiplexingApi(Client c) {
    return c.connection().multiplexingApi();
  }

  /** The configured port, or the one actually bound when the configuration asked for any. */
  private static int port(Client c) {
    int configured = c.engine().config().port;
    if (configured == 0 && c.connection().localAddress() instanceof InetSocketAddress a) {
      return a.getPort();
    }
    return configured;
  }
}
