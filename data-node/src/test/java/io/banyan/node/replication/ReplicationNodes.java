package io.banyan.node.replication;

import static org.awaitility.Awaitility.await;

import io.banyan.node.command.CommandFamilies;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;

/** Starts in-process Banyan nodes for replication tests and closes them (and their clients). */
final class ReplicationNodes implements AutoCloseable {
  private final List<AutoCloseable> opened = new ArrayList<>();

  BanyanServer start(Consumer<ServerConfig> configure) throws Exception {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    config.saveRules = List.of();
    config.dir = Files.createTempDirectory("banyan-repl-").toString();
    config.replDisklessSyncDelaySeconds = 0; // full syncs at once unless a test wants the delay
    config.enableDebugCommand = "local"; // DEBUG DIGEST compares datasets (from loopback)
    configure.accept(config);
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.WARNING);
    BanyanServer server = new BanyanServer(config, log, CommandFamilies.table()).start();
    opened.add(server);
    return server;
  }

  /** Closes the given clients with the nodes. */
  void closeLater(AutoCloseable... clients) {
    opened.addAll(List.of(clients));
  }

  Jedis jedis(int port) {
    Jedis j = new Jedis("127.0.0.1", port, 10_000);
    opened.add(j);
    return j;
  }

  /** The value of one INFO field, or null. */
  static String info(Jedis j, String section, String field) {
    for (String line : j.info(section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
  }

  static long infoLong(Jedis j, String section, String field) {
    return Long.parseLong(info(j, section, field));
  }

  static void awaitLinkUp(Jedis replica) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "up".equals(info(replica, "replication", "master_link_status")));
  }

  /** Waits until the replica applied everything the master streamed so far. */
  static void awaitCaughtUp(Jedis master, Jedis replica) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                infoLong(replica, "replication", "slave_repl_offset")
                    >= infoLong(master, "replication", "master_repl_offset"));
  }

  /** Waits until the replica's offset equals its upstream's: nothing more in flight either way. */
  static void awaitSameOffset(Jedis upstream, Jedis replica) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                infoLong(replica, "replication", "slave_repl_offset")
                    == infoLong(upstream, "replication", "master_repl_offset"));
  }

  /** DEBUG DIGEST: one hash over the whole dataset, equal on nodes holding the same data. */
  static String digest(Jedis j) {
    return new String((byte[]) j.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"));
  }

  @Override
  public void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception ignored) {
        // already closed by the test
      }
    }
  }
}
