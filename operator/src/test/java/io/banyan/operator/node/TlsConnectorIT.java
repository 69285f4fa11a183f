package io.banyan.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.testing.TestCa;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's connections over TLS, against a real redis-server 7.0 listening with TLS only: the
 * CA and the pod's DNS name are checked, the client certificate is presented when required, and
 * every certificate problem is a {@link TlsHandshakeException} (not "unreachable").
 */
class TlsConnectorIT {
  private static final String DNS = "store-a-0.store-nodes.ns.svc";

  @TempDir Path dir;
  private final List<Process> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : servers) {
      p.destroy();
      p.waitFor();
    }
  }

  @Test
  void verifiedConnectionWithAClientCertificate() throws Exception {
    TestCa ca = TestCa.create("store-ca");
    Map<String, String> secret = ca.issue(List.of(DNS), List.of(), Duration.ofHours(1));
    int port = tlsServer(secret, "yes");
    NodeConnector connector = connector(port, trust(secret, true), DNS);
    try (NodeAdmin admin = connector.connect("127.0.0.1", port, null)) {
      assertThat(admin.infoReplication()).contains("role:master");
    }
    // The PKCS#8 form of the key (cert-manager's privateKey.encoding: PKCS8) reads as well.
    Map<String, String> pkcs8 = ca.issue(List.of(DNS), List.of(), Duration.ofHours(1), true);
    assertThat(pkcs8.get("tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(secret.get("tls.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    connector = connector(port, trust(pkcs8, true), DNS);
    try (NodeAdmin admin = connector.connect("127.0.0.1", port, null)) {
      assertThat(admin.infoReplication()).contains("role:master");
    }
  }

  @Test
  void aCertificateForAnotherNameIsRefused() throws Exception {
    TestCa ca = TestCa.create("store-ca");
    Map<String, String> secret =
        ca.issue(List.of("other.store-nodes.ns.svc"), List.of("127.0.0.1"), Duration.ofHours(1));
    int port = tlsServer(secret, "no");
    NodeConnector connector = connector(port, trust(secret, false), DNS);
    assertThatThrownBy(() -> connector.connect("127.0.0.1", port, null))
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining(DNS);
  }

  @Test
  void anotherCaOrAnExpiredCertificateIsRefused() throws Exception {
    TestCa ca = TestCa.create("store-ca");
    int port = tlsServer(ca.issue(List.of(DNS), List.of(), Duration.ofHours(1)), "no");
    TestCa stranger = TestCa.create("stranger");
    NodeConnector wrongCa = connector(port, TlsTrust.of(stranger.caPem(), null, null), DNS);
    assertThatThrownBy(() -> wrongCa.connect("127.0.0.1", port, null))
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining("PKIX");

    int expiredPort = tlsServer(ca.issue(List.of(DNS), List.of(), Duration.ofHours(-1)), "no");
    NodeConnector expired = connector(expiredPort, TlsTrust.of(ca.caPem(), null, null), DNS);
    assertThatThrownBy(() -> expired.connect("127.0.0.1", expiredPort, null))
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void aBundleWithTheOldAndTheNewCaTrustsBoth() throws Exception {
    TestCa old = TestCa.create("old-ca");
    TestCa next = TestCa.create("new-ca");
    TlsTrust bundle = TlsTrust.of(old.caPem() + next.caPem(), null, null);
    for (TestCa ca : List.of(old, next)) {
      int port = tlsServer(ca.issue(List.of(DNS), List.of(), Duration.ofHours(1)), "no");
      try (NodeAdmin admin = connector(port, bundle, DNS).connect("127.0.0.1", port, null)) {
        assertThat(admin.infoReplication()).contains("role:master");
      }
    }
  }

  @Test
  void aPlaintextNodeIsAHandshakeFailureAndNoTrustMeansNoConnection() throws Exception {
    TestCa ca = TestCa.create("store-ca");
    int plainPort = freePort();
    start(List.of("--port", "" + plainPort));
    NodeConnector connector = connector(plainPort, TlsTrust.of(ca.caPem(), null, null), DNS);
    awaitListening(plainPort);
    assertThatThrownBy(() -> connector.connect("127.0.0.1", plainPort, null))
        .isInstanceOf(TlsHandshakeException.class);
    NodeConnector noTrust = new NodeConnector(2000);
    noTrust.useTls("ns/store", Map.of("127.0.0.1", new NodeConnector.NodeTls(null, DNS, "why")));
    assertThatThrownBy(() -> noTrust.connect("127.0.0.1", plainPort, null))
        .isInstanceOf(TlsHandshakeException.class)
        .hasMessageContaining("why");
  }

  private static TlsTrust trust(Map<String, String> secret, boolean presentCertificate)
      throws Exception {
    return TlsTrust.of(
        secret.get("ca.crt"),
        presentCertificate ? secret.get("tls.crt") : null,
        presentCertificate ? secret.get("tls.key") : null);
  }

  private static NodeConnector connector(int port, TlsTrust trust, String dns) {
    NodeConnector c = new NodeConnector(2000);
    c.useTls("ns/store", Map.of("127.0.0.1", new NodeConnector.NodeTls(trust, dns, null)));
    return c;
  }

  /** A redis-server with only a TLS port, serving {@code secret}'s certificate. */
  private int tlsServer(Map<String, String> secret, String authClients) throws Exception {
    Path certs = Files.createTempDirectory(dir, "tls");
    for (var e : secret.entrySet()) {
      Files.writeString(certs.resolve(e.getKey()), e.getValue());
    }
    int port = freePort();
    start(
        List.of(
            "--port",
            "0",
            "--tls-port",
            "" + port,
            "--tls-cert-file",
            certs.resolve("tls.crt").toString(),
            "--tls-key-file",
            certs.resolve("tls.key").toString(),
            "--tls-ca-cert-file",
            certs.resolve("ca.crt").toString(),
            "--tls-auth-clients",
            authClients));
    awaitListening(port);
    return port;
  }

  private void start(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1"));
    command.addAll(List.of("--save", "", "--appendonly", "no", "--dir", dir.toString()));
    command.addAll(args);
    servers.add(
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + servers.size() + ".log").toFile())
            .start());
  }

  private static void awaitListening(int port) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              try (var s = new java.net.Socket("127.0.0.1", port)) {
                return true;
              }
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
