package io.banyan.node.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} (Debian's 7.0) running in a directory of the test's choosing, on a
 * free loopback port, for comparing this node's behaviour and files with Redis's. Started without
 * persistence unless the caller passes options ({@code --dbfilename}, {@code --appendonly}, ...).
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start(tempDir)) {
 *   redis.jedis().set("k", "v");
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Process process;
  private final int port;
  private final Path dir;
  private final List<Jedis> clients = new ArrayList<>();

  private RedisServerProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts redis-server in {@code dir} and waits until it answers PING. {@code options} are extra
   * command-line options, e.g. {@code "--dbfilename", "ours.rdb"}.
   */
  public static RedisServerProcess start(Path dir, String... options) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      List<String> cmd = new ArrayList<>();
      cmd.addAll(
          List.of(
              "redis-server",
              "--port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "--dir",
              dir.toString(),
              "--save",
              "",
              "--appendonly",
              "no",
              "--daemonize",
              "no",
              "--logfile",
              dir.resolve("redis-" + port + ".log").toString()));
      cmd.addAll(List.of(options));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      RedisServerProcess server = new RedisServerProcess(p, port, dir);
      try {
        await()
            .atMost(STARTUP)
            .pollInterval(Duration.ofMillis(20))
            .ignoreExceptions()
            .until(() -> !p.isAlive() || server.ping());
        if (p.isAlive()) {
          return server;
        }
        last = new IOException("redis-server exited at start-up: " + server.log());
      } catch (RuntimeException e) {
        server.close();
        last = new IOException("redis-server did not answer PING: " + server.log(), e);
      }
    }
    throw last;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private boolean ping() {
    try (Jedis j = new Jedis("127.0.0.1", port, 1000)) {
      return "PONG".equals(j.ping());
    }
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  /** A new client, closed with the server. */
  public Jedis jedis() {
    Jedis j = new Jedis("127.0.0.1", port, 20_000);
    clients.add(j);
    return j;
  }

  /** The server's log so far, for failure messages. */
  public String log() {
    try {
      Path log = dir.resolve("redis-" + port + ".log");
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Stops the server without saving and waits for it to exit. */
  @Override
  public void close() {
    for (Jedis j : clients) {
      try {
        j.close();
      } catch (RuntimeException ignored) {
        // already closed or broken
      }
    }
    clients.clear();
    if (!process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: with no save points configured, Redis exits without saving
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
