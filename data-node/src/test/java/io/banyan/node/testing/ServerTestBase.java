package io.banyan.node.testing;

import io.banyan.node.command.model.CommandTable;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * Starts one real data node per test class on an ephemeral loopback port, empties it before each
 * test, and hands out real clients (Jedis, or {@link RespClient} for byte-exact checks). Test
 * classes run in parallel, each against its own node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTestBase {
  protected BanyanServer server;

  /** The node's working directory (config dir): a fresh temporary folder per test class. */
  protected java.nio.file.Path dataDir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Override to change the node's configuration before it starts. */
  protected void configure(ServerConfig config) {}

  /**
   * Override to add test-only commands to the standard table before it is sealed (use names no real
   * command has, so the table stays valid when more families are added).
   */
  protected void addTestCommands(CommandTable table) {}

  @BeforeAll
  void startServer() throws Exception {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    // Tests never save unless they ask to, and never write into the working directory.
    config.saveRules = List.of();
    dataDir = java.nio.file.Files.createTempDirectory("banyan-test-");
    config.dir = dataDir.toString();
    // As Redis's own test suite: tests inspect and drive the node with DEBUG (from loopback).
    config.enableDebugCommand = "local";
    configure(config);
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.WARNING);
    server = new BanyanServer(config, log, this::addTestCommands).start();
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void emptyServer() throws Exception {
    server.onCommandThread(
        () -> {
          server.engine().keyspace().flushAll();
          return null;
        });
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception ignored) {
        // the test may have closed it already
      }
    }
    opened.clear();
  }

  protected int port() {
    return server.port();
  }

  /** A new Jedis connection, closed after the test. */
  protected Jedis jedis() {
    return jedis(Duration.ofSeconds(10));
  }

  /** A connection whose replies may take up to {@code timeout} (e.g. held by CLIENT PAUSE). */
  protected Jedis jedis(Duration timeout) {
    Jedis j = new Jedis("127.0.0.1", port(), (int) timeout.toMillis());
    opened.add(j);
    return j;
  }

  /** A new raw RESP connection, closed after the test. */
  protected RespClient resp() {
    RespClient c = new RespClient("127.0.0.1", port());
    opened.add(c);
    return c;
  }
}
