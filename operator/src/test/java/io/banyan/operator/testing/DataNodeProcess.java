package io.banyan.operator.testing;

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
 * A real Banyan data node for operator tests: the data node's launcher ({@code
 * banyan.node.launcher}) as its own process on a free loopback port, with DEBUG allowed from
 * loopback (DEBUG DIGEST compares datasets).
 */
public final class DataNodeProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private DataNodeProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static DataNodeProcess start(String... options) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("banyan-node-");
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("banyan.node.launcher"));
    cmd.addAll(
        List.of(
            "--port",
            "" + port,
            "--bind",
            "127.0.0.1",
            "--dir",
            dir.toString(),
            "--save",
            "",
            "--enable-debug-command",
            "local",
            "--repl-diskless-sync-delay",
            "0"));
    cmd.addAll(List.of(options));
    Path log = dir.resolve("node.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    DataNodeProcess node = new DataNodeProcess(p, port, log);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError("node exited: " + Files.readString(log));
                }
                try (Jedis j = new Jedis("127.0.0.1", port, 1000)) {
                  j.ping();
                  return true;
                } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                  return e.getMessage().startsWith("NOAUTH");
                }
              });
    } catch (RuntimeException | Error e) {
      node.close();
      throw new IOException("data node did not start: " + Files.readString(log), e);
    }
    return node;
  }

  public int port() {
    return port;
  }

  public Jedis jedis() {
    return new Jedis("127.0.0.1", port, 30_000);
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
