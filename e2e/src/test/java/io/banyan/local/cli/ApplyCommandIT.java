package io.banyan.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.LocalCluster;
import io.banyan.local.kubelet.TestPods;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code banyan local apply FILE} through the real control socket of a local cluster (without the
 * operator, so only the API objects are involved): a changed spec is written with the status kept
 * and the generation raised, an unchanged one is not written, an invalid file is refused naming the
 * field and changes nothing.
 */
class ApplyCommandIT {
  static LocalCluster cluster;
  static ControlServer control;
  @TempDir static Path home;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws IOException {
    int basePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      basePort = probe.getLocalPort();
    }
    cluster =
        LocalCluster.start(
            LocalCluster.load(TestPods.repoRoot().resolve("examples/minimal-one-zone.yaml")),
            new LocalCluster.Options(
                TestPods.repoRoot(),
                TestPods.stateDir("apply-command"),
                TestPods.network(205),
                basePort,
                "default",
                false));
    control = new ControlServer(cluster);
    new StateFile(
            cluster.name(),
            "default",
            cluster.client().getConfiguration().getMasterUrl(),
            ProcessHandle.current().pid(),
            control.port(),
            home.toString(),
            Map.of(),
            Map.of())
        .write(home);
    // What the operator would have written: apply must keep it.
    StoreCluster sc = stored();
    sc.setStatus(new StoreClusterStatus());
    sc.getStatus().currentMaster = "local-0";
    sc.getStatus().epoch = 3L;
    cluster.client().resource(sc).updateStatus();
  }

  @AfterAll
  static void stop() throws IOException {
    control.close();
    cluster.close();
  }

  static StoreCluster stored() {
    return cluster
        .client()
        .resources(StoreCluster.class)
        .inNamespace("default")
        .withName(cluster.name())
        .get();
  }

  int run(String... args) {
    return new BanyanLocal(
            TestPods.repoRoot(),
            home,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  Path edited(String from, String to) throws IOException {
    String example =
        Files.readString(TestPods.repoRoot().resolve("examples/minimal-one-zone.yaml"));
    assertThat(example).contains(from);
    Path file = home.resolve("edited-" + System.nanoTime() + ".yaml");
    Files.writeString(file, example.replace(from, to));
    return file;
  }

  @Test
  void aChangedSpecIsAppliedKeepingTheStatusAndRaisingTheGeneration() throws IOException {
    long before = stored().getMetadata().getGeneration();
    Path file = edited("spec:\n", "spec:\n  storage:\n    size: 3Gi\n");

    assertThat(run("local", "apply", file.toString())).as(err.toString()).isZero();

    assertThat(out.toString()).isEqualTo("storecluster.banyan.io/minimal configured\n");
    StoreCluster after = stored();
    assertThat(after.getSpec().storage.size).isEqualTo("3Gi");
    assertThat(after.getMetadata().getGeneration()).isGreaterThan(before);
    assertThat(after.getStatus().currentMaster).isEqualTo("local-0");
    assertThat(after.getStatus().epoch).isEqualTo(3L);

    out.reset();
    assertThat(run("local", "apply", file.toString())).isZero();
    assertThat(out.toString()).isEqualTo("storecluster.banyan.io/minimal unchanged\n");
    assertThat(stored().getMetadata().getGeneration())
        .isEqualTo(after.getMetadata().getGeneration());
  }

  @Test
  void anInvalidFileIsRefusedNamingTheFieldAndNothingChanges() throws IOException {
    String versionBefore = stored().getMetadata().getResourceVersion();

    int unknownField =
        run("local", "apply", edited("masterBackups: 1", "masterBackup: 1").toString());
    int badSize =
        run("local", "apply", edited("spec:\n", "spec:\n  storage:\n    size: lots\n").toString());

    assertThat(unknownField).isEqualTo(1);
    assertThat(badSize).isEqualTo(1);
    assertThat(err.toString())
        .contains("error: the StoreCluster is invalid: ")
        .contains("spec.zones[0].masterBackup")
        .contains("spec.storage.size");
    assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(versionBefore);
  }

  @Test
  void anotherClustersFileOrAMissingFileIsRefused() throws IOException {
    int otherName = run("local", "apply", edited("name: minimal", "name: other").toString());
    int missing = run("local", "apply", home.resolve("nope.yaml").toString());
    int noFile = run("local", "apply");

    assertThat(otherName).isEqualTo(1);
    assertThat(missing).isEqualTo(1);
    assertThat(noFile).isEqualTo(2);
    assertThat(err.toString())
        .contains("metadata.name: this local cluster runs StoreCluster 'minimal'")
        .contains("nope.yaml: no such file")
        .contains("'apply' needs a FILE");
  }
}
