package io.banyan.node.tls;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.FreePorts;
import io.banyan.node.testing.NodeProcess;
import io.banyan.node.testing.TestCertificates;
import io.banyan.node.testing.TestCertificates.Authority;
import io.banyan.node.testing.TestCertificates.Issued;
import io.banyan.node.testing.TestCertificates.PemFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the TLS tests share: one CA with a server and a client certificate, written as PEM files,
 * in-process nodes serving them with their log in a file, and redis-cli over TLS.
 */
final class TlsFixture implements AutoCloseable {
  final Path dir;
  final Authority ca;
  final Path caFile;
  final Issued server;
  final PemFiles serverFiles;
  final Issued client;
  final PemFiles clientFiles;
  final Path log;
  private final List<AutoCloseable> opened = new ArrayList<>();

  TlsFixture(Path dir) throws Exception {
    this.dir = dir;
    this.ca = TestCertificates.newCa("Banyan test CA");
    this.caFile = ca.writeTo(dir.resolve("ca.crt"));
    this.server = ca.issue("banyan-server", Duration.ofDays(30));
    this.serverFiles = server.writeTo(dir, "server");
    this.client = ca.issue("banyan-client", Duration.ofDays(30));
    this.clientFiles = client.writeTo(dir, "client");
    this.log = dir.resolve("node.log");
  }

  /** A configuration with TLS set up from the fixture's files; the ports are chosen at start. */
  ServerConfig config() {
    ServerConfig config = new ServerConfig();
    config.bind = List.of("127.0.0.1");
    config.saveRules = List.of();
    config.dir = dir.toString();
    config.tls.certFile = serverFiles.cert().toString();
    config.tls.keyFile = serverFiles.key().toString();
    config.tls.caCertFile = caFile.toString();
    return config;
  }

  /**
   * Starts a node on a free TLS port, and a free plain port too unless {@code plain} is false (port
   * 0 with a tls-port: TLS only).
   */
  BanyanServer start(boolean plain, Consumer<ServerConfig> tweak) throws Exception {
    ServerConfig config = config();
    tweak.accept(config);
    ServerLog serverLog = new ServerLog();
    serverLog.setLevel(ServerLog.Level.NOTICE);
    serverLog.setFile(log.toString());
    BanyanServer node =
        FreePorts.startOnFreePort(
            port -> {
              config.tls.port = port;
              config.port = plain ? NodeProcess.freePort() : 0;
              return new BanyanServer(config, serverLog).start();
            });
    opened.add(node);
    return node;
  }

  <T extends AutoCloseable> T closeLater(T c) {
    opened.add(c);
    return c;
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** redis-cli over TLS with the fixture's client certificate; its output, trimmed. */
  String redisCli(int port, String... command) throws Exception {
    return redisCli(port, caFile, clientFiles, command);
  }

  /** redis-cli over TLS presenting {@code cert} (none when null). */
  static String redisCli(int port, Path caFile, PemFiles cert, String... command) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            "redis-cli",
            "--tls",
            "--cacert",
            caFile.toString(),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port)));
    if (cert != null) {
      cmd.addAll(List.of("--cert", cert.cert().toString(), "--key", cert.key().toString()));
    }
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("redis-cli did not finish: " + cmd);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  String redisCliWithoutCert(int port, String... command) throws Exception {
    return redisCli(port, caFile, null, command);
  }

  @Override
  public void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception ignored) {
        // closed by the test already
      }
    }
  }
}
