package io.banyan.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.node.Credentials;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.node.TlsTrust;
import io.banyan.operator.testing.TestCa;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup's snapshot read over TLS from a real redis-server 7.0 that listens with TLS only. */
class SnapshotStreamTlsIT {
  private static final String DNS = "store-a-0.store-nodes.ns.svc";

  @TempDir Path dir;

  @Test
  void theSnapshotIsStreamedOverTlsWhenThePodServesTls() throws Exception {
    TestCa ca = TestCa.create("store-ca");
    Map<String, String> secret = ca.issue(List.of(DNS), List.of(), Duration.ofHours(1));
    for (var e : secret.entrySet()) {
      Files.writeString(dir.resolve(e.getKey()), e.getValue());
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server =
        new ProcessBuilder(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--tls-port",
                "" + port,
                "--tls-cert-file",
                dir.resolve("tls.crt").toString(),
                "--tls-key-file",
                dir.resolve("tls.key").toString(),
                "--tls-ca-cert-file",
                dir.resolve("ca.crt").toString(),
                "--tls-auth-clients",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    try {
      NodeConnector connector = new NodeConnector(5000);
      connector.useTls(
          "ns/store",
          Map.of(
              "127.0.0.1",
              new NodeConnector.NodeTls(TlsTrust.of(ca.caPem(), null, null), DNS, null)));
      int p = port;
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> connector.connect("127.0.0.1", p, null).infoReplication() != null);
      try (SnapshotStream stream =
          SnapshotStream.open(connector, "127.0.0.1", port, Credentials.of(null), 5000)) {
        SnapshotStream.FullResync sync = stream.requestSnapshot();
        assertThat(sync.replId()).hasSize(40);
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        long length = stream.copyRdbTo(rdb);
        assertThat(length).isEqualTo(rdb.size()).isPositive();
        assertThat(new String(rdb.toByteArray(), 0, 5, StandardCharsets.US_ASCII))
            .isEqualTo("REDIS");
      }
    } finally {
      server.destroy();
      server.waitFor();
    }
  }
}
