package io.banyan.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.local.kubelet.TestPods;
import io.banyan.operator.api.StoreCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness's wiring without the operator: CR, Secret, endpoints, status document. */
class LocalClusterIT {
  static LocalCluster cluster;
  static int basePort;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      basePort = probe.getLocalPort();
    }
    StoreCluster cr =
        LocalCluster.load(TestPods.repoRoot().resolve("examples/three-datacenters.yaml"));
    cluster =
        LocalCluster.start(
            cr,
            new LocalCluster.Options(
                TestPods.repoRoot(),
                TestPods.stateDir("local-cluster"),
                TestPods.network(203),
                basePort,
                "default",
                false));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void createsTheStoreClusterAndTheSecretItReferences() {
    assertThat(cluster.storeCluster().getSpec().zones).hasSize(3);
    String password = cluster.generatedPassword().orElseThrow();
    var secret = cluster.client().secrets().inNamespace("default").withName("three-dc-auth").get();
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get("password")),
                StandardCharsets.UTF_8))
        .isEqualTo(password);
  }

  @Test
  void endpointsHaveFixedPortsInServiceOrder() {
    assertThat(cluster.endpoints())
        .containsExactly(
            java.util.Map.entry("rw", "127.0.0.1:" + basePort),
            java.util.Map.entry("ro", "127.0.0.1:" + (basePort + 1)),
            java.util.Map.entry("ro-jf-a", "127.0.0.1:" + (basePort + 2)),
            java.util.Map.entry("ro-jf-b", "127.0.0.1:" + (basePort + 3)),
            java.util.Map.entry("ro-jf-c", "127.0.0.1:" + (basePort + 4)));
  }

  @Test
  void statusDocumentHasTheAgreedShape() throws IOException {
    JsonNode doc = new ObjectMapper().readTree(io.banyan.local.cli.StatusViewAccess.json(cluster));
    assertThat(doc.has("status")).isTrue();
    assertThat(doc.get("nodes").isArray()).isTrue();
    assertThat(doc.get("endpoints").get("rw").asText()).isEqualTo("127.0.0.1:" + basePort);
  }

  @Test
  void partitionsByCloudZoneOrKubernetesNodeAndHeals() throws IOException {
    assertThat(cluster.partition("us-east-1a")).as("no pod runs there yet").isEmpty();
    assertThat(cluster.partition("node-us-east-1b-2")).isEmpty();
    assertThat(cluster.partitions()).containsOnlyKeys("us-east-1a", "node-us-east-1b-2");
    JsonNode doc = new ObjectMapper().readTree(io.banyan.local.cli.StatusViewAccess.json(cluster));
    assertThat(doc.get("partitions").has("us-east-1a")).isTrue();

    assertThat(cluster.heal("us-east-1a")).isTrue();
    assertThat(cluster.heal("us-east-1a")).isFalse();
    cluster.healAll();
    assertThat(cluster.partitions()).isEmpty();
  }

  @Test
  void refusesPartitionTargetsItCannotResolve() {
    assertThatThrownBy(() -> cluster.partition("nowhere"))
        .hasMessageContaining("'nowhere' is not a cloud zone [us-east-1a, us-east-1b, us-east-1c]");
    assertThatThrownBy(() -> cluster.partition("jf-a"))
        .as("a StoreCluster zone maps to the cloud zones of its pods; there are none yet")
        .hasMessageContaining("zone 'jf-a' has no pods");
  }

  @Test
  void runsOnTheDefaultCloudInventoryAndShowsItsNodes() {
    String table = io.banyan.local.cli.StatusViewAccess.nodesTable(cluster);
    assertThat(table.lines().skip(1))
        .hasSize(9)
        .allMatch(
            l -> l.matches("node-us-east-1[abc]-[123]\\s+us-east-1[abc]\\s+True\\s+Enabled\\s+-"));
    assertThat(cluster.cordon("node-us-east-1b-2", true)).isTrue();
    assertThat(io.banyan.local.cli.StatusViewAccess.nodesTable(cluster))
        .containsPattern("node-us-east-1b-2\\s+us-east-1b\\s+True\\s+Disabled");
    assertThat(cluster.cordon("node-us-east-1b-2", false)).isTrue();
    assertThatThrownBy(() -> cluster.cordon("node-eu-west-3a-1", true))
        .hasMessageContaining("no node 'node-eu-west-3a-1'");
  }

  @Test
  void faultsNameUnknownNodesAndZones() {
    assertThat(cluster.operatorRunning()).isFalse();
    assertThatThrownBy(() -> cluster.kill("jf-z-0")).hasMessageContaining("jf-z-0");
    assertThatThrownBy(() -> cluster.stopZone("jf-z")).hasMessageContaining("jf-z");
    assertThatThrownBy(() -> cluster.evict("jf-z-0")).hasMessageContaining("three-dc-jf-z-0");
  }
}
