package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.OperatorBootstrap;
import io.banyan.operator.OperatorSettings;
import io.banyan.operator.api.MaxmemoryPolicy;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.model.ConfigRenderer;
import io.banyan.operator.model.ObjectNames;
import io.banyan.operator.node.NodeAdmin;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.InfoReplication;
import io.banyan.operator.testing.MockApi;
import io.banyan.operator.testing.Repo;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 2, live configuration: the operator against fabric8's mock API server and two real
 * data-node processes (the launcher, started from the ConfigMap the operator rendered, with the
 * pod's arguments, as the kubelet would; loopback addresses inside the test's network namespace). A
 * change of live-settable options in the spec reaches the running nodes without restarting them; a
 * node restarted from a stale copy of the ConfigMap (the kubelet refreshes mounted ConfigMaps only
 * eventually) is given the current values again.
 */
class LiveConfigIT {
  private static final String NS = "banyan-live";
  private static final String CLUSTER = "live";
  private static final Map<String, String> IPS =
      Map.of("local-0", "127.61.40.1", "local-1", "127.61.40.2");
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(false, Duration.ofMillis(1000), Duration.ofMillis(500));
  private static MockApi api;
  private static KubernetesClient client;
  private AutoCloseable operator;
  private final Map<String, Process> nodes = new HashMap<>();
  private Path work;

  @BeforeAll
  static void startApi() {
    api = MockApi.start().withStoreClusterCrd();
    client = api.client();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @AfterEach
  void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    for (Process p : nodes.values()) {
      kill(p);
    }
  }

  @Test
  void aLiveOptionReachesRunningNodesAndARestartedNodeIsCorrected() throws Exception {
    work = Files.createDirectories(Path.of("target", "live-config-it")).toAbsolutePath();
    client.resource(cluster()).create();
    operator = OperatorBootstrap.start(client, SETTINGS);
    String firstConfig = awaitConfigMap(c -> true);
    Path staleFile = Files.writeString(work.resolve("banyan-gen1.conf"), firstConfig);
    for (var e : IPS.entrySet()) {
      nodes.put(e.getKey(), startNode(e.getKey(), staleFile));
    }
    giveIps();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              StoreClusterStatus s = status();
              assertThat(s.currentMaster).isEqualTo("local-0");
              assertThat(s.nodes).allMatch(n -> Boolean.TRUE.equals(n.reachable));
              assertThat(s.appliedSettings).isNotNull();
              assertThat(s.appliedSettings.configGeneration).isEqualTo(1L);
            });
    // Nodes started from the rendered file are found equal to it: nothing to set.
    assertThat(reasons()).doesNotContain("ConfigApplied", "ConfigRefused", "ConfigNotApplied");
    Map<String, String> runIds = runIds();

    StoreCluster before = current();
    edit(
        sc -> {
          sc.getSpec().maxmemoryPolicy = MaxmemoryPolicy.ALLKEYS_LRU;
          sc.getSpec().maxmemory = "200mb";
          sc.getSpec().config = new LinkedHashMap<>(Map.of("hz", "20", "timeout", "300"));
        });
    assertThat(ConfigRenderer.restartFingerprint(current().getSpec()))
        .as("a live change does not ask for new pods")
        .isEqualTo(ConfigRenderer.restartFingerprint(before.getSpec()));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (String node : IPS.keySet()) {
                assertThat(configGet(node))
                    .containsEntry("maxmemory-policy", "allkeys-lru")
                    .containsEntry("maxmemory", String.valueOf(200L << 20))
                    .containsEntry("hz", "20")
                    .containsEntry("timeout", "300");
              }
              assertThat(status().appliedSettings.configGeneration).isEqualTo(2L);
            });
    assertThat(runIds()).as("no node restarted").isEqualTo(runIds);
    assertThat(messages("ConfigApplied"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .contains("maxmemory-policy=allkeys-lru", "hz=20", "local-0", "local-1"));
    assertThat(awaitConfigMap(c -> c.contains("hz 20"))).contains("maxmemory-policy allkeys-lru");

    // local-1 restarts and reads the ConfigMap before the kubelet refreshed it: the old values.
    kill(nodes.remove("local-1"));
    nodes.put("local-1", startNode("local-1", staleFile));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptionsInstanceOf(IOException.class) // while the new process starts
        .untilAsserted(
            () -> {
              assertThat(runIds().get("local-1")).isNotEqualTo(runIds.get("local-1"));
              assertThat(configGet("local-1"))
                  .containsEntry("maxmemory-policy", "allkeys-lru")
                  .containsEntry("hz", "20")
                  .containsEntry("timeout", "300");
            });
    assertThat(runIds().get("local-0")).isEqualTo(runIds.get("local-0"));
    assertThat(messages("ConfigApplied")).anySatisfy(m -> assertThat(m).endsWith("on local-1"));
  }

  private Process startNode(String node, Path config) throws IOException {
    Path dir = Files.createDirectories(work.resolve(node));
    ProcessBuilder pb =
        new ProcessBuilder(
            System.getProperty("banyan.node.launcher"),
            config.toString(),
            // The pod's own arguments (NodeContainer), and its address instead of every address:
            // here all pods share one network namespace.
            "--bind",
            IPS.get(node),
            "--dir",
            dir.toString(),
            "--banyan-start-fenced",
            "yes",
            "--banyan-zone",
            "local");
    pb.environment().put("BANYAN_JAVA_OPTS", "-Xmx128m");
    pb.redirectErrorStream(true).redirectOutput(work.resolve(node + ".log").toFile());
    return pb.start();
  }

  private static void kill(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor();
  }

  private static Map<String, String> configGet(String node) throws IOException {
    try (NodeAdmin admin = new NodeConnector(2000).connect(IPS.get(node), 6379, password())) {
      return admin.configGet(List.of("maxmemory-policy", "maxmemory", "hz", "timeout"));
    }
  }

  private static Map<String, String> runIds() throws IOException {
    Map<String, String> ids = new HashMap<>();
    for (var e : IPS.entrySet()) {
      try (NodeAdmin admin = new NodeConnector(2000).connect(e.getValue(), 6379, password())) {
        ids.put(e.getKey(), InfoReplication.parse(e.getKey(), admin.infoReplication()).runId());
      }
    }
    return ids;
  }

  private static String awaitConfigMap(java.util.function.Predicate<String> wanted) {
    String[] text = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ConfigMap cm =
                  client.configMaps().inNamespace(NS).withName(ObjectNames.config(CLUSTER)).get();
              text[0] = cm == null ? null : cm.getData().get(ObjectNames.CONFIG_KEY);
              return text[0] != null && wanted.test(text[0]);
            });
    return text[0];
  }

  /** What the kubelet would do once the pods run: report their IPs. */
  private static void giveIps() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .pods()
                        .inNamespace(NS)
                        .withLabel("app.kubernetes.io/instance", CLUSTER)
                        .list()
                        .getItems()
                        .size()
                    == IPS.size());
    IPS.forEach(
        (node, ip) -> {
          Pod p = client.pods().inNamespace(NS).withName(CLUSTER + "-" + node).get();
          p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).build());
          client.pods().inNamespace(NS).resource(p).updateStatus();
        });
  }

  private static void edit(java.util.function.Consumer<StoreCluster> change) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () -> {
              client
                  .resources(StoreCluster.class)
                  .inNamespace(NS)
                  .withName(CLUSTER)
                  .edit(
                      sc -> {
                        change.accept(sc);
                        return sc;
                      });
              return true;
            });
  }

  private static StoreCluster current() {
    return client.resources(StoreCluster.class).inNamespace(NS).withName(CLUSTER).get();
  }

  private static StoreClusterStatus status() {
    StoreCluster sc = current();
    return sc == null || sc.getStatus() == null ? new StoreClusterStatus() : sc.getStatus();
  }

  private static List<Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> CLUSTER.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /**
   * The default user's password: the nodes were started without one, and the operator gave them the
   * one it generated into {@code <cluster>-auth}.
   */
  private static String password() {
    var secret = client.secrets().inNamespace(NS).withName(CLUSTER + "-auth").get();
    return new String(
        java.util.Base64.getDecoder().decode(secret.getData().get("password")),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<String> reasons() {
    return events().stream().map(Event::getReason).toList();
  }

  private static List<String> messages(String reason) {
    List<String> out = new ArrayList<>();
    events().stream()
        .filter(e -> reason.equals(e.getReason()))
        .forEach(e -> out.add(e.getMessage()));
    return out;
  }

  private static StoreCluster cluster() throws Exception {
    try (InputStream in =
        Files.newInputStream(Repo.root().resolve("examples/minimal-one-zone.yaml"))) {
      StoreCluster sc = client.getKubernetesSerialization().unmarshal(in, StoreCluster.class);
      sc.getMetadata().setName(CLUSTER);
      sc.getMetadata().setNamespace(NS);
      return sc;
    }
  }
}
