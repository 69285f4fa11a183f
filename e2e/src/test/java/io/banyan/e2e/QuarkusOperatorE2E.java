package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.LocalCluster;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as it ships — the Quarkus application the image runs ({@code
 * operator/target/quarkus-app}), as its own process — against the embedded API server with
 * server-side apply on: proves the production wiring (CDI, configuration, quarkus-operator-sdk's
 * registration) drives a cluster to Running, not only the embedded bootstrap the other tests use.
 */
class QuarkusOperatorE2E {
  @TempDir static Path state;
  static LocalCluster cluster;
  static Process operator;
  static Path log;

  @BeforeAll
  static void start() throws Exception {
    StoreCluster sc =
        LocalCluster.load(E2eCluster.repoRoot().resolve("examples/minimal-one-zone.yaml"));
    cluster =
        LocalCluster.start(
            sc,
            new LocalCluster.Options(
                E2eCluster.repoRoot(), state.resolve("data"), "61.3", 17300, "default", false));
    Path app = E2eCluster.repoRoot().resolve("operator/target/quarkus-app/quarkus-run.jar");
    assertThat(app).as("the operator is packaged before the e2e module runs").exists();
    log = state.resolve("operator.log");
    operator =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.kubernetes-client.api-server-url=" + cluster.api().url(),
                    "-Dquarkus.kubernetes-client.trust-certs=true",
                    "-Dquarkus.http.port=0",
                    "-Dbanyan.operator.probe-interval=500ms",
                    "-jar",
                    app.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.destroy();
      operator.waitFor();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theShippedOperatorBringsAClusterUp() throws Exception {
    try {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                StoreClusterStatus s = cluster.storeCluster().getStatus();
                return s != null && s.phase == StoreClusterStatus.Phase.Running;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not Running; operator log:\n" + tail(log) + "\nstatus: " + cluster.storeCluster(), e);
    }
    StoreClusterStatus s = cluster.storeCluster().getStatus();
    assertThat(s.currentMaster).isEqualTo("local-0");
    assertThat(s.readyNodes).isEqualTo("2/2");
    assertThat(operator.isAlive()).isTrue();
  }

  private static String tail(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
