package io.banyan.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.config.TlsConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.NodeProcess;
import io.banyan.node.testing.TestCertificates;
import io.banyan.node.testing.TestCertificates.Issued;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Where the TLS contexts come from and when they change: start-up errors that name the option and
 * file, CONFIG SET (applied, or refused with the old contexts kept), and a certificate rotated on
 * disk the way kubelet updates a Secret volume, under a connected client.
 */
class TlsReloadTest {
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

  @Test
  void startUpErrorsNameTheOptionAndTheFile() throws Exception {
    TlsConfig c = tls.config().tls;
    c.port = 1;
    c.keyFile = dir.resolve("missing.key").toString();
    assertThatThrownBy(() -> TlsContexts.fromConfig(c, new ServerLog()))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("tls-key-file " + c.keyFile)
        .hasMessageContaining("no such file");

    Path encrypted = tls.server.writeEncryptedKey(dir.resolve("server-enc.key"), "s3cret");
    c.keyFile = encrypted.toString();
    c.keyFilePass = "wrong";
    assertThatThrownBy(() -> TlsContexts.fromConfig(c, new ServerLog()))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("tls-key-file-pass")
        .hasMessageContaining(encrypted.toString());
    c.keyFilePass = "s3cret";
    assertThat(TlsContexts.fromConfig(c, new ServerLog()).enabled()).isTrue();

    // A key that belongs to another certificate (a rotation caught half-way).
    c.keyFile = tls.clientFiles.key().toString();
    c.keyFilePass = null;
    assertThatThrownBy(() -> TlsContexts.fromConfig(c, new ServerLog()))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("tls-key-file " + c.keyFile + " does not go with tls-cert-file");
    c.provider = "jdk";
    assertThatThrownBy(() -> TlsContexts.fromConfig(c, new ServerLog()))
        .hasMessageContaining("does not go with");
    c.provider = "auto";
    c.keyFile = tls.serverFiles.key().toString();

    c.caCertFile = null;
    assertThatThrownBy(() -> TlsContexts.fromConfig(c, new ServerLog()))
        .hasMessageContaining("tls-ca-cert-file or tls-ca-cert-dir");
    c.caCertFile = tls.serverFiles.key().toString(); // a key is not a certificate
    assertThatThrownBy(() -> TlsContexts.fromConfig(c, new ServerLog()))
        .hasMessageContaining("tls-ca-cert-file " + c.caCertFile);

    ServerConfig config = new ServerConfig();
    assertThat(config.registry().set(List.of("tls-protocols", "TLSv1.2 TLSv9"), true))
        .contains("tls-protocols")
        .contains("TLSv9");
    assertThat(config.registry().set(List.of("tls-protocols", "tlsv1.3"), true)).isNull();
  }

  @Test
  void aNodeProcessRefusesToStartNamingTheOptionAndFile() throws Exception {
    String missing = dir.resolve("gone.key").toString();
    NodeProcess node =
        NodeProcess.startExpectingExit(
            dir,
            "--tls-port",
            "1",
            "--tls-cert-file",
            tls.serverFiles.cert().toString(),
            "--tls-key-file",
            missing,
            "--tls-ca-cert-file",
            tls.caFile.toString());
    assertThat(node.exitCode()).isNotZero();
    assertThat(node.output()).contains("Failed to configure TLS: tls-key-file " + missing);

    NodeProcess badProtocol =
        NodeProcess.startExpectingExit(dir, "--tls-protocols", "TLSv1.2 SSLv3");
    assertThat(badProtocol.exitCode()).isNotZero();
    assertThat(badProtocol.output()).contains("tls-protocols").contains("SSLv3");
  }

  @Test
  void configSetRebuildsOrIsRefusedKeepingTheOldContexts() throws Exception {
    BanyanServer node = tls.start(true, c -> {});
    try (Jedis admin = new Jedis("127.0.0.1", node.port(), 10_000)) {
      String missing = dir.resolve("nope.key").toString();
      assertThatThrownBy(() -> admin.configSet("tls-key-file", missing))
          .isInstanceOf(JedisDataException.class)
          .hasMessageContaining("tls-key-file " + missing);
      assertThat(admin.configGet("tls-key-file"))
          .containsEntry("tls-key-file", tls.serverFiles.key().toString());
      assertThat(serialSeenBy(node.tlsPort())).isEqualTo(tls.server.serial());

      // Setting a file to its own path reloads it (Redis's way to pick up a renewed certificate).
      Issued renewed = tls.ca.issue("banyan-server", Duration.ofDays(60));
      renewed.writeTo(dir, "server");
      assertThat(admin.configSet("tls-cert-file", tls.serverFiles.cert().toString()))
          .isEqualTo("OK");
      assertThat(serialSeenBy(node.tlsPort())).isEqualTo(renewed.serial());
    }
  }

  @Test
  void aRotatedSecretVolumeIsPickedUpWithoutDroppingConnections() throws Exception {
    // Kubelet's layout for a Secret volume: tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>/;
    // an update writes a new timestamped folder and renames a new ..data link over the old one.
    Path volume = Files.createDirectories(dir.resolve("secret"));
    Path first = Files.createDirectories(volume.resolve("..2026_12_07_01"));
    tls.server.writeTo(first, "tls");
    Files.copy(tls.caFile, first.resolve("ca.crt"));
    Files.createSymbolicLink(volume.resolve("..data"), first.getFileName());
    for (String f : List.of("tls.crt", "tls.key", "ca.crt")) {
      Files.createSymbolicLink(volume.resolve(f), Path.of("..data", f));
    }
    BanyanServer node =
        tls.start(
            true,
            c -> {
              c.tls.certFile = volume.resolve("tls.crt").toString();
              c.tls.keyFile = volume.resolve("tls.key").toString();
              c.tls.caCertFile = volume.resolve("ca.crt").toString();
              c.tls.reloadCheckMs = 100;
            });
    SSLSocket before =
        tls.closeLater(TestCertificates.connect(tls.client.sslContext(tls.ca), node.tlsPort()));
    assertThat(TlsServerTest.ping(before)).isEqualTo("+PONG");
    assertThat(peerSerial(before)).isEqualTo(tls.server.serial());

    Issued renewed = tls.ca.issue("banyan-server", Duration.ofDays(60));
    Path second = Files.createDirectories(volume.resolve("..2026_12_07_02"));
    renewed.writeTo(second, "tls");
    Files.copy(tls.caFile, second.resolve("ca.crt"));
    Path tmp = volume.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, second.getFileName());
    Files.move(tmp, volume.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(serialSeenBy(node.tlsPort())).isEqualTo(renewed.serial()));
    assertThat(tls.log()).contains("TLS certificates reloaded");
    // The client connected before the swap still works, on its original session.
    assertThat(TlsServerTest.ping(before)).isEqualTo("+PONG");
    assertThat(peerSerial(before)).isEqualTo(tls.server.serial());

    // A broken update (a key that does not parse) is logged, and the node keeps serving.
    Path third = Files.createDirectories(volume.resolve("..2026_12_07_03"));
    Files.copy(second.resolve("tls.crt"), third.resolve("tls.crt"));
    Files.writeString(third.resolve("tls.key"), "not a key\n");
    Files.copy(tls.caFile, third.resolve("ca.crt"));
    Files.createSymbolicLink(tmp, third.getFileName());
    Files.move(tmp, volume.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(tls.log()).contains("TLS certificate reload failed"));
    assertThat(serialSeenBy(node.tlsPort())).isEqualTo(renewed.serial());
    assertThat(TlsServerTest.ping(before)).isEqualTo("+PONG");
  }

  /** The serial number of the certificate a new connection to the TLS port is shown. */
  private BigInteger serialSeenBy(int port) throws Exception {
    SSLContext ctx = tls.client.sslContext(tls.ca);
    try (SSLSocket s = TestCertificates.connect(ctx, port)) {
      assertThat(TlsServerTest.ping(s)).isEqualTo("+PONG");
      return peerSerial(s);
    }
  }

  private static BigInteger peerSerial(SSLSocket s) throws Exception {
    return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
  }
}
