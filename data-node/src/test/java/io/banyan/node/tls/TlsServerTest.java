package io.banyan.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.TestCertificates;
import io.banyan.node.testing.TestCertificates.Authority;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The TLS listener with real clients: redis-cli, Jedis and Lettuce over TLS; a TLS-only node;
 * failed handshakes (other CA, expired certificate, no certificate, plaintext on the TLS port, TLS
 * on the plain port) logged once each while other clients go on; handshakes holding client slots.
 */
class TlsServerTest {
  @TempDir Path dir;
  TlsFixture tls;

  @BeforeEach
  void certificates() throws Exception {
    tls = new TlsFixture(dir);
  }

  @AfterEach
  void close() {
    tls.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openssl", "jdk"})
  void redisCliPingSetGetOverTls(String provider) throws Exception {
    if (provider.equals("openssl")) {
      // The launcher ships netty-tcnative for linux-x86_64: it must load here.
      assertThat(OpenSsl.isAvailable())
          .as("OpenSSL provider: %s", OpenSsl.unavailabilityCause())
          .isTrue();
    }
    BanyanServer node = tls.start(true, c -> c.tls.provider = provider);
    int port = node.tlsPort();
    assertThat(tls.redisCli(port, "PING")).isEqualTo("PONG");
    assertThat(tls.redisCli(port, "SET", "k", "over tls")).isEqualTo("OK");
    assertThat(tls.redisCli(port, "GET", "k")).isEqualTo("over tls");
    assertThat(tls.log()).contains("TLS: " + (provider.equals("jdk") ? "JDK" : "OpenSSL"));
    // The plain port serves the same data.
    try (Jedis plain = new Jedis("127.0.0.1", node.port(), 10_000)) {
      assertThat(plain.get("k")).isEqualTo("over tls");
    }
  }

  @Test
  void jedisAndLettuceOverTls() throws Exception {
    BanyanServer node = tls.start(false, c -> {});
    SSLContext ctx = tls.client.sslContext(tls.ca);
    try (Jedis jedis =
        new Jedis(
            new HostAndPort("127.0.0.1", node.tlsPort()),
            DefaultJedisClientConfig.builder()
                .ssl(true)
                .sslSocketFactory(ctx.getSocketFactory())
                .build())) {
      assertThat(jedis.set("jedis", "1")).isEqualTo("OK");
      assertThat(jedis.get("jedis")).isEqualTo("1");
    }
    RedisClient lettuce =
        RedisClient.create(
            RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(node.tlsPort())
                .withSsl(true)
                .build());
    try {
      lettuce.setOptions(
          ClientOptions.builder()
              .sslOptions(
                  SslOptions.builder()
                      .trustManager(tls.caFile.toFile())
                      .keyManager(
                          tls.clientFiles.cert().toFile(), tls.clientFiles.key().toFile(), null)
                      .build())
              .build());
      try (StatefulRedisConnection<String, String> c = lettuce.connect()) {
        assertThat(c.sync().set("lettuce", "2")).isEqualTo("OK");
        assertThat(c.sync().mget("jedis", "lettuce"))
            .extracting(kv -> kv.getValue())
            .containsExactly("1", "2");
      }
    } finally {
      lettuce.shutdown();
    }
  }

  @Test
  void port0WithATlsPortServesTlsOnly() throws Exception {
    BanyanServer node = tls.start(false, c -> {});
    assertThat(node.tlsPort()).isPositive();
    assertThat(node.port()).isZero();
    assertThat(tls.redisCli(node.tlsPort(), "PING")).isEqualTo("PONG");
    assertThat(tls.log())
        .contains("Ready to accept connections on TLS port " + node.tlsPort())
        .doesNotContain("connections on port");
  }

  @Test
  void failedHandshakesAreLoggedOnceAndOtherClientsAreServed() throws Exception {
    BanyanServer node = tls.start(true, c -> {});
    int port = node.tlsPort();
    SSLSocket good = tls.closeLater(TestCertificates.connect(tls.client.sslContext(tls.ca), port));
    assertThat(ping(good)).isEqualTo("+PONG");

    Authority other = TestCertificates.newCa("Some other CA");
    assertRefused(other.issue("stranger", Duration.ofDays(1)).sslContext(tls.ca), port);
    awaitLog("not signed by a trusted CA");
    assertThat(ping(good)).isEqualTo("+PONG");

    assertRefused(tls.ca.issueExpired("late").sslContext(tls.ca), port);
    awaitLog("expired");
    assertThat(ping(good)).isEqualTo("+PONG");

    // tls-auth-clients yes (the default): a client without a certificate is refused.
    assertRefused(tls.ca.sslContext(), port);
    awaitLog("sent no certificate");
    assertThat(ping(good)).isEqualTo("+PONG");

    try (Socket plain = new Socket("127.0.0.1", port)) {
      plain.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      plain.setSoTimeout(10_000);
      assertThat(readAll(plain.getInputStream())).doesNotContain("PONG");
    }
    awaitLog("did not speak TLS (plaintext sent to the TLS port?)");

    assertThatThrownBy(() -> TestCertificates.connect(tls.client.sslContext(tls.ca), node.port()))
        .isInstanceOf(IOException.class);
    awaitLog("started a TLS handshake on the plain port");
    assertThat(ping(good)).isEqualTo("+PONG");

    // Each failure is one line, naming the client's address.
    assertThat(tls.log().lines().filter(l -> l.contains("TLS handshake with /127.0.0.1:")))
        .hasSize(5);
  }

  @Test
  void tlsAuthClientsIsReadForEachNewConnection() throws Exception {
    BanyanServer node = tls.start(true, c -> {});
    int port = node.tlsPort();
    assertThat(tls.redisCliWithoutCert(port, "PING")).doesNotContain("PONG");
    try (Jedis plain = new Jedis("127.0.0.1", node.port(), 10_000)) {
      plain.configSet("tls-auth-clients", "optional");
      assertThat(tls.redisCliWithoutCert(port, "PING")).isEqualTo("PONG");
      assertThat(tls.redisCli(port, "PING")).isEqualTo("PONG");
      plain.configSet("tls-auth-clients", "no");
      assertThat(tls.redisCliWithoutCert(port, "PING")).isEqualTo("PONG");
      plain.configSet("tls-auth-clients", "yes");
      assertThat(tls.redisCliWithoutCert(port, "PING")).doesNotContain("PONG");
    }
  }

  @Test
  void unfinishedHandshakesHoldClientSlots() throws Exception {
    BanyanServer node = tls.start(true, c -> c.maxClients = 1);
    try (Socket silent = new Socket("127.0.0.1", node.tlsPort())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> node.onCommandThread(() -> node.engine().clients().size()) == 1);
      assertThat(tls.redisCli(node.tlsPort(), "PING")).contains("max number of clients reached");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> node.onCommandThread(() -> node.engine().clients().size()) == 0);
    assertThat(tls.redisCli(node.tlsPort(), "PING")).isEqualTo("PONG");
  }

  private void awaitLog(String text) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(tls.log()).contains(text));
  }

  /** The server refuses this client: the handshake fails, or the first request gets no reply. */
  private static void assertRefused(SSLContext ctx, int port) {
    assertThatThrownBy(
            () -> {
              try (SSLSocket s = TestCertificates.connect(ctx, port)) {
                // With TLS 1.3 the client finishes first; the server's verdict comes with the read.
                String reply = ping(s);
                if (reply == null) {
                  throw new IOException("closed");
                }
              }
            })
        .isInstanceOf(IOException.class);
  }

  /** Sends PING and returns the reply line, or null when the connection was closed. */
  static String ping(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\r'; b = in.read()) {
      if (b < 0) {
        return null;
      }
      line.append((char) b);
    }
    in.read(); // '\n'
    return line.toString();
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }
}
