package io.banyan.node.persistence.aof;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;

/**
 * A data node in this JVM on a directory of the test's choosing, with {@code appendonly yes} and
 * its log in a file the test can read. Starting one takes milliseconds, so tests that need many
 * starts (every truncation offset) use this rather than {@link NodeProcess}.
 */
final class InProcessNode implements AutoCloseable {
  final BanyanServer server;
  final Path logFile;
  private final List<Jedis> clients = new ArrayList<>();

  private InProcessNode(BanyanServer server, Path logFile) {
    this.server = server;
    this.logFile = logFile;
  }

  /**
   * Starts a node on dir; {@code tweak} adjusts the configuration first.
   *
   * @throws io.banyan.node.persistence.PersistenceException when the AOF cannot be loaded
   */
  static InProcessNode start(Path dir, Consumer<ServerConfig> tweak) throws Exception {
    Path logFile = Files.createTempFile(dir.getParent(), "node-", ".log");
    return start(dir, tweak, logFile);
  }

  static InProcessNode start(Path dir, Consumer<ServerConfig> tweak, Path logFile)
      throws Exception {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    config.saveRules = List.of();
    config.dir = dir.toString();
    config.appendOnly = true;
    config.enableDebugCommand = "yes";
    tweak.accept(config);
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.NOTICE);
    log.setFile(logFile.toString());
    return new InProcessNode(new BanyanServer(config, log).start(), logFile);
  }

  int port() {
    return server.port();
  }

  Jedis jedis() {
    Jedis j = new Jedis("127.0.0.1", port(), 20_000);
    clients.add(j);
    return j;
  }

  String log() throws IOException {
    return Files.readString(logFile);
  }

  /** Runs a task on the command thread and returns its result. */
  <T> T onCommandThread(java.util.concurrent.Callable<T> task) throws Exception {
    return server.onCommandThread(task);
  }

  @Override
  public void close() {
    for (Jedis j : clients) {
      try {
        j.close();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    server.close();
  }
}
