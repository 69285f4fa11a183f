package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.CommandLine;
import io.banyan.node.config.ConfigLoader;
import io.banyan.node.config.SaveRule;
import io.banyan.node.config.ServerConfig;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered {@code banyan.conf} is loaded by the data node's own config loader (a test-only
 * dependency): every option name and value must be accepted, and mean what the spec said.
 */
class RenderedConfigParsesTest {
  private static ServerConfig load(StoreClusterSpec spec) {
    ServerConfig config = new ServerConfig();
    new ConfigLoader(config).loadText(ConfigRenderer.render(spec), "banyan.conf").finish();
    return config;
  }

  @Test
  void threeDatacentersConfigIsAcceptedWithItsValues() throws Exception {
    StoreCluster sc = DesiredTreeTest.example("three-datacenters.yaml");
    ServerConfig config = load(sc.getSpec());
    assertThat(config.port).isEqualTo(6379);
    assertThat(config.bind).containsExactly("0.0.0.0");
    assertThat(config.protectedMode).isFalse();
    assertThat(config.replBacklogSize).isEqualTo(256L * 1024 * 1024);
    assertThat(config.minReplicasToWrite).isEqualTo(1);
    // Capped below the 5 s detection timeout (ConfigRenderer explains why).
    assertThat(config.minReplicasMaxLagSeconds).isEqualTo(4);
    assertThat(config.appendOnly).isTrue();
    assertThat(config.appendFsync).isEqualTo("everysec");
    assertThat(config.saveRules).containsExactly(new SaveRule(3600, 1));
  }

  @Test
  void defaultsDisableSnapshotsInsteadOfKeepingTheBuiltInSchedule() {
    ServerConfig config = load(new StoreClusterSpec());
    assertThat(config.saveRules).isEqualTo(List.of());
    assertThat(config.appendOnly).isTrue();
    assertThat(config.minReplicasToWrite).isZero();
    assertThat(config.replBacklogSize).isEqualTo(64L * 1024 * 1024);
  }

  /**
   * The container's command line, with the pod's paths mapped to a temporary directory and the
   * password variable expanded as the kubelet would, is accepted by the data node's command-line
   * parser. {@code --banyan-start-fenced} is left out while the data node does not know it yet.
   */
  @Test
  void containerArgumentsAreAcceptedByTheDataNode(@TempDir Path tmp) throws Exception {
    StoreCluster sc = DesiredTreeTest.example("three-datacenters.yaml");
    sc.getMetadata().setUid("uid");
    Path confDir = Files.createDirectories(tmp.resolve("etc"));
    Path dataDir = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(confDir.resolve("banyan.conf"), ConfigRenderer.render(sc.getSpec()));
    List<String> podArgs =
        ClusterObjects.desired(sc).pods().get(0).getSpec().getContainers().get(0).getArgs();

    List<String> args = new ArrayList<>();
    for (int i = 0; i < podArgs.size(); i++) {
      String a = podArgs.get(i);
      if (a.equals("--banyan-start-fenced") && !dataNodeKnows("banyan-start-fenced")) {
        i++;
        continue;
      }
      args.add(
          switch (a) {
            case "/etc/banyan/banyan.conf" -> confDir.resolve("banyan.conf").toString();
            case "/data" -> dataDir.toString();
            case "$(BANYAN_PASSWORD)" -> "s3cret";
            default -> a;
          });
    }
    ServerConfig config = new ServerConfig();
    new ConfigLoader(config)
        .load(
            CommandLine.parse(args.toArray(String[]::new)), new ByteArrayInputStream(new byte[0]));
    assertThat(Path.of(config.dir)).isEqualTo(dataDir.toAbsolutePath().normalize());
    assertThat(config.requirePass).isEqualTo("s3cret");
    assertThat(config.masterAuth).isEqualTo("s3cret");
    assertThat(config.minReplicasToWrite).isEqualTo(1);
  }

  private static boolean dataNodeKnows(String option) {
    return new ServerConfig().registry().lookup(option) != null;
  }
}
