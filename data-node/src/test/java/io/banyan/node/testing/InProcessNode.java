package io.banyan.node.testing;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.engine.Engine;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.NodeAssembly;
import io.netty.channel.DefaultEventLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A data node without sockets: the server's own {@link NodeAssembly} (the engine with the standard
 * command table, configuration hooks, persistence and replication), on its own single-threaded
 * event loop as the command thread. Clients ({@link #client}) talk to it through {@link
 * InMemoryConnection}s; commands run through the real dispatcher, with the same checks and
 * propagation as over TCP. Nothing is loaded or saved, and neither cron nor replication is started:
 * tests of a command family need neither.
 */
public final class InProcessNode implements AutoCloseable {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final Path dir;
  private final Engine engine;

  public InProcessNode() {
    this(config -> {});
  }

  /** A node whose configuration {@code configure} may change before it is built. */
  public InProcessNode(Consumer<ServerConfig> configure) {
    try {
      dir = Files.createTempDirectory("banyan-inprocess-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The TCP tests' node configuration (ServerTestBase): nothing saved, DEBUG for local clients.
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.saveRules = List.of();
    config.dir = dir.toString();
    config.enableDebugCommand = "local";
    configure.accept(config);
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.WARNING);
    engine = new NodeAssembly(config, log, loop, () -> 0, table -> {}).engine;
  }

  public Engine engine() {
    return engine;
  }

  /** A new connected client. */
  public InProcessClient client() {
    return onCommandThread(() -> new InProcessClient(engine));
  }

  /** Runs {@code task} on the command thread and returns its result. */
  public <T> T onCommandThread(Callable<T> task) {
    try {
      return loop.submit(task).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("task on the command thread failed", e);
    }
  }

  /** Empties every database (between tests). */
  public void flushAll() {
    onCommandThread(
        () -> {
          engine.keyspace().flushAll();
          return null;
        });
  }

  @Override
  public void close() {
    loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
