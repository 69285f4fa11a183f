package io.banyan.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.testing.MockApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds both images and runs {@code ./bin/images smoke} against them: the data node answers
 * redis-cli from its read-only, non-root container, and the operator image — given fabric8's mock
 * API server holding the CRD and {@code examples/minimal-one-zone.yaml} — becomes ready and
 * reconciles it. Afterwards the pods the containerised operator created must name the data-node
 * image of this very version, the one just built.
 *
 * <p>Skipped, with the reason shown, where podman is not installed ({@code ./bin/test} installs it
 * on Debian), when not run as root, or with {@code BANYAN_TEST_IMAGES=0}. Runs after packaging
 * (failsafe): the images are built from the jars of this build ({@code
 * BANYAN_IMAGES_SKIP_MAVEN=1}).
 */
class ImagesSmokeIT {
  private static final Path ROOT = RenderedChart.repoRoot();

  @Test
  void bothImagesBuildRunRestrictedAndDoTheirJob(@TempDir Path tmp) throws Exception {
    ImageModulesIT.assumePackaged();
    assumeFalse(
        "0".equals(System.getenv("BANYAN_TEST_IMAGES")),
        "BANYAN_TEST_IMAGES=0: the image build and smoke test are skipped");
    assumeTrue(
        onPath("podman"),
        "podman is not installed: the image build and smoke test (./bin/images smoke) are skipped."
            + " ./bin/test installs podman, runc and mmdebstrap on Debian.");
    assumeTrue(
        Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
        "not root: the image build and smoke test are skipped; they run as root (mmdebstrap's root"
            + " mode, rootful podman), as CI runs ./bin/test");

    try (MockApi api = MockApi.startOn(InetAddress.getByName("127.0.0.1")).withStoreClusterCrd()) {
      KubernetesClient client = api.client();
      StoreCluster sc;
      try (InputStream in = Files.newInputStream(ROOT.resolve("examples/minimal-one-zone.yaml"))) {
        sc = client.getKubernetesSerialization().unmarshal(in, StoreCluster.class);
      }
      sc.getMetadata().setNamespace("default");
      client.resource(sc).create();

      Path log = tmp.resolve("smoke.log");
      ProcessBuilder smoke =
          new ProcessBuilder("bash", ROOT.resolve("bin/images").toString(), "smoke")
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      smoke.environment().put("BANYAN_SMOKE_KUBE_API", "http://127.0.0.1:" + api.port());
      smoke.environment().put("BANYAN_IMAGES_SKIP_MAVEN", "1");
      Process p = smoke.start();
      boolean finished = p.waitFor(30, TimeUnit.MINUTES);
      if (!finished) {
        p.destroy();
      }
      String output = Files.readString(log);
      assertThat(finished).as("./bin/images smoke finished:\n%s", output).isTrue();
      assertThat(p.exitValue()).as("./bin/images smoke:\n%s", output).isZero();
      assertThat(output)
          .contains("SMOKE PASSED")
          .contains("ok  PING answered PONG")
          .contains("ok  the operator reconciled");

      List<Pod> pods =
          client
              .pods()
              .inNamespace("default")
              .withLabel("app.kubernetes.io/instance", sc.getMetadata().getName())
              .list()
              .getItems();
      assertThat(pods).as("pods the operator in its image created").isNotEmpty();
      assertThat(pods)
          .extracting(pod -> pod.getSpec().getContainers().get(0).getImage())
          .containsOnly("ghcr.io/banyan/banyan-node:" + VersionConsistencyTest.version());
    }
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
