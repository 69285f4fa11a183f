package io.banyan.node.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.FreePorts;
import io.banyan.node.testing.NodeProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher, with only its runtime libraries, serves TLS with the private-key encodings
 * certificate tools write: PKCS#1 RSA and SEC1 EC keys (cert-manager's default {@code
 * privateKey.encoding: PKCS1}) as well as PKCS#8, all made here by the {@code openssl} CLI. The
 * node checks no certificate (tls-auth-clients no, no TLS replication), so, as Redis 7.0, it needs
 * no CA.
 */
class TlsKeyFormatsIT {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"rsa-pkcs1", "ec-sec1", "rsa-pkcs8"})
  void theLauncherServesTlsWithTheKeyAsWritten(String format) throws Exception {
    Path key = dir.resolve("tls.key");
    Path cert = dir.resolve("tls.crt");
    switch (format) {
      case "rsa-pkcs1" -> openssl("genrsa", "-traditional", "-out", key.toString(), "2048");
      case "ec-sec1" ->
          openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
      default ->
          openssl(
              "genpkey",
              "-algorithm",
              "RSA",
              "-pkeyopt",
              "rsa_keygen_bits:2048",
              "-out",
              key.toString());
    }
    String header = Files.readAllLines(key).get(0);
    assertThat(header)
        .isEqualTo(
            switch (format) {
              case "rsa-pkcs1" -> "-----BEGIN RSA PRIVATE KEY-----";
              case "ec-sec1" -> "-----BEGIN EC PRIVATE KEY-----";
              default -> "-----BEGIN PRIVATE KEY-----";
            });
    openssl(
        "req",
        "-x509",
        "-key",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1");
    Path data = Files.createDirectories(dir.resolve("data"));

    int[] tlsPort = new int[1];
    try (NodeProcess node =
        FreePorts.startOnFreePort(
            port -> {
              tlsPort[0] = port;
              // A plain port too, on which the harness sees the node answer PING.
              return NodeProcess.startLauncher(
                  data,
                  0,
                  "--port",
                  Integer.toString(NodeProcess.freePort()),
                  "--tls-port",
                  Integer.toString(port),
                  "--tls-cert-file",
                  cert.toString(),
                  "--tls-key-file",
                  key.toString(),
                  "--tls-auth-clients",
                  "no");
            })) {
      assertThat(redisCliTls(tlsPort[0], cert, "SET", "k", format)).isEqualTo("OK");
      assertThat(redisCliTls(tlsPort[0], cert, "GET", "k")).isEqualTo(format);
      assertThat(node.isAlive()).isTrue();
    }
  }

  private void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
  }

  private static String redisCliTls(int port, Path ca, String... command) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "redis-cli",
                "--tls",
                "--cacert",
                ca.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(port)));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }
}
