package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.CommandLine;
import io.banyan.node.config.ConfigLoader;
import io.banyan.node.config.SaveRule;
import io.banyan.node.config.ServerConfig;
import io.banyan.operator.api.MaxmemoryPolicy;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void renderedFileSetsTheHealthPortAndReadinessLag() {
    ServerConfig config = load(new StoreClusterSpec());
    assertThat(config.registry().get("banyan-http-port")).isEqualTo("9121");
    assertThat(config.registry().get("banyan-ready-max-lag")).isEqualTo("4");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"three-datacenters.yaml", "replication-helper-tree.yaml", "minimal-one-zone.yaml"})
  void everyExampleRendersAConfigTheDataNodeAccepts(String example) throws Exception {
    StoreCluster sc = DesiredTreeTest.example(example);
    ServerConfig config = load(sc.getSpec());
    assertThat(config.bind).containsExactly("*", "-::*");
    assertThat(config.registry().get("maxmemory-policy"))
        .isEqualTo(sc.getSpec().maxmemoryPolicy.redisName());
    Long expected = ConfigRenderer.maxmemoryBytes(sc.getSpec());
    assertThat(config.maxMemory).isEqualTo(expected == null ? 0L : expected);
  }

  @Test
  void passedThroughOptionsMeanWhatTheSpecSaid() {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.maxmemory = "256mb";
    spec.maxmemoryPolicy = MaxmemoryPolicy.VOLATILE_TTL;
    spec.config = new LinkedHashMap<>();
    spec.config.put("maxclients", "5000");
    spec.config.put("hz", "50");
    spec.config.put("client-output-buffer-limit", "replica 512mb 128mb 60");
    spec.config.put("unixsocket", "/tmp/redis node.sock");
    ServerConfig config = load(spec);
    assertThat(config.maxMemory).isEqualTo(256L * 1024 * 1024);
    assertThat(config.registry().get("maxmemory-policy")).isEqualTo("volatile-ttl");
    assertThat(config.maxClients).isEqualTo(5000);
    assertThat(config.hz).isEqualTo(50);
    assertThat(config.registry().get("unixsocket")).isEqualTo("/tmp/redis node.sock");
    assertThat(config.registry().get("client-output-buffer-limit"))
        .contains("slave 536870912 134217728 60");
  }

  @Test
  void threeDatacentersConfigIsAcceptedWithItsValues() throws Exception {
    StoreCluster sc = DesiredTreeTest.example("three-datacenters.yaml");
    ServerConfig config = load(sc.getSpec());
    assertThat(config.port).isEqualTo(6379);
    assertThat(config.bind).containsExactly("*", "-::*");
    assertThat(config.protectedMode).isTrue();
    assertThat(config.replBacklogSize).isEqualTo(256L * 1024 * 1024);
    assertThat(config.minReplicasToWrite).isEqualTo(1);
    // Capped below the 5 s detection timeout (ConfigRenderer explains why).
    assertThat(config.minReplicasMaxLagSeconds).isEqualTo(4);
    // The reference example's quorum counts only other zones' replicas, within half of it.
    assertThat(config.banyanMinReplicasScope).isEqualTo("other-zones");
    assertThat(config.banyanMinReplicasMaxLagMs).isEqualTo(2500);
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
   * parser.
   */
  @Test
  void containerArgumentsAreAcceptedByTheDataNode(@TempDir Path tmp) throws Exception {
    StoreCluster sc = DesiredTreeTest.example("three-datacenters.yaml");
    sc.getMetadata().setUid("uid");
    Path confDir = Files.createDirectories(tmp.resolve("etc"));
    Path dataDir = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(confDir.resolve("banyan.conf"), ConfigRenderer.render(sc.getSpec()));
    // The Secret <cluster>-acl as the kubelet mounts it.
    Path authDir = Files.createDirectories(tmp.resolve("auth"));
    Files.writeString(authDir.resolve(AclFile.KEY), "user default on #" + AclFile.hash("s3cret"));
    Files.writeString(authDir.resolve(AclFile.REPLICATION_KEY), AclFile.replicationFile("r3pl"));
    List<String> podArgs =
        ClusterObjects.desired(sc).pods().get(0).getSpec().getContainers().get(0).getArgs();

    List<String> args = new ArrayList<>();
    for (int i = 0; i < podArgs.size(); i++) {
      String a = podArgs.get(i);
      args.add(
          switch (a) {
            case "/etc/banyan/banyan.conf" -> confDir.resolve("banyan.conf").toString();
            case "/data" -> dataDir.toString();
            default ->
                a.startsWith("/etc/banyan-auth/")
                    ? authDir.resolve(a.substring("/etc/banyan-auth/".length())).toString()
                    : a;
          });
    }
    ServerConfig config = new ServerConfig();
    new ConfigLoader(config)
        .load(
            CommandLine.parse(args.toArray(String[]::new)), new ByteArrayInputStream(new byte[0]));
    assertThat(Path.of(config.dir)).isEqualTo(dataDir.toAbsolutePath().normalize());
    // No password on the command line: the users come from the aclfile, the replicas' user from
    // the included file.
    assertThat(String.join(" ", podArgs)).doesNotContain("s3cret", "r3pl", "requirepass");
    assertThat(config.aclFile).isEqualTo(authDir.resolve(AclFile.KEY).toString());
    assertThat(config.masterUser).isEqualTo("banyan-replication");
    assertThat(config.masterAuth).isEqualTo("r3pl");
    assertThat(config.minReplicasToWrite).isEqualTo(1);
    // The pod's own zone, which its master's zone-aware quorum compares with its own.
    assertThat(config.banyanZone).isEqualTo("jf-a");
  }
}
