package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.api.MaxmemoryPolicy;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.model.ConfigRenderer;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.LiveSettings;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.testing.MockApi;
import io.banyan.operator.testing.RespStub;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LiveConfigRollout} round by round against two RESP endpoints on loopback addresses that
 * answer CONFIG GET from a table, apply or refuse CONFIG SET and count connections, with Events and
 * status on the mock API server: what is set, what is refused, when a node is checked at all.
 */
class LiveConfigRolloutIT {
  private static final String NS = "banyan-live-rollout";

  /** Each test its own addresses (see {@link SettingsRolloutIT}'s on closed listening sockets). */
  private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

  private final Map<String, String> ips =
      Map.of(
          "a-0", "127.61.42." + NEXT_IP.getAndIncrement(),
          "a-1", "127.61.42." + NEXT_IP.getAndIncrement());
  private static MockApi api;
  private static KubernetesClient client;
  private final Map<String, ConfigNode> nodes = new HashMap<>();
  private final ClusterMemory memory = new ClusterMemory();
  private StoreCluster sc;

  @BeforeAll
  static void startApi() {
    api = MockApi.start().withStoreClusterCrd();
    client = api.client();
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  @BeforeEach
  void start() throws Exception {
    StoreClusterSpec spec = spec();
    Map<String, String> started = LiveSettings.of(ConfigRenderer.render(spec)).live();
    for (var e : ips.entrySet()) {
      nodes.put(e.getKey(), new ConfigNode(e.getValue(), started));
    }
    StoreCluster created = new StoreCluster();
    created.getMetadata().setName("c" + System.nanoTime());
    created.getMetadata().setNamespace(NS);
    created.setSpec(spec);
    sc = client.resource(created).create();
    StoreClusterStatus status = new StoreClusterStatus();
    status.currentMaster = "a-0";
    status.appliedSettings = DerivedSettings.record(spec, 1);
    sc.setStatus(status);
    sc = client.resource(sc).updateStatus();
  }

  @AfterEach
  void stop() throws Exception {
    for (ConfigNode n : nodes.values()) {
      n.stub.close();
    }
  }

  @Test
  void nodesStartedFromTheRenderedFileAreLeftAsTheyAreAndRecorded() {
    run("run-0", "run-1");
    assertThat(nodes.get("a-0").sets).isEmpty();
    assertThat(nodes.get("a-1").sets).isEmpty();
    assertThat(sc.getStatus().appliedSettings.configGeneration).isEqualTo(1L);
    assertThat(sc.getStatus().appliedSettings.configHash)
        .isEqualTo(LiveSettings.of(ConfigRenderer.render(sc.getSpec())).liveHash());
    assertThat(sc.getStatus().appliedSettings.detectionTimeoutMillis)
        .as("the derived settings' record is kept")
        .isEqualTo(5000L);
  }

  @Test
  void aRefusedValueIsReportedWithTheNodesErrorAndTheOthersAreStillSet() {
    nodes.get("a-1").refuse.put("hz", "-ERR CONFIG SET failed - hz is not welcome here\r\n");
    changeSpec(
        s -> {
          s.config = new LinkedHashMap<>(Map.of("hz", "20", "timeout", "300"));
          s.maxmemoryPolicy = MaxmemoryPolicy.ALLKEYS_LRU;
        });
    run("run-0", "run-1");
    assertThat(nodes.get("a-0").sets)
        .containsExactlyInAnyOrder("hz=20", "maxmemory-policy=allkeys-lru", "timeout=300");
    assertThat(nodes.get("a-1").sets)
        .containsExactlyInAnyOrder("maxmemory-policy=allkeys-lru", "timeout=300");
    awaitEvent(
        "ConfigRefused", "a-1 refused hz=20: ERR CONFIG SET failed - hz is not welcome here");
    awaitEvent("ConfigApplied", "set maxmemory-policy=allkeys-lru, timeout=300 on a-1");
    awaitEvent("ConfigApplied", "set hz=20, maxmemory-policy=allkeys-lru, timeout=300 on a-0");
    assertThat(sc.getStatus().appliedSettings.configGeneration)
        .as("not every node has generation 2's values")
        .isNull();
  }

  @Test
  void aNodeIsCheckedOnAChangeOrARestartAndIdleRoundsOpenNoConnection() {
    run("run-0", "run-1");
    int connections0 = nodes.get("a-0").connections.get();
    int connections1 = nodes.get("a-1").connections.get();
    assertThat(connections0).isEqualTo(1);

    run("run-0", "run-1");
    run("run-0", "run-1");
    assertThat(nodes.get("a-0").connections.get()).isEqualTo(connections0);
    assertThat(nodes.get("a-1").connections.get()).isEqualTo(connections1);

    // Changed by hand, then the process restarted (new run id) with that value: put back.
    nodes.get("a-1").values.put("maxmemory-policy", "volatile-ttl");
    run("run-0", "run-1b");
    assertThat(nodes.get("a-0").connections.get()).isEqualTo(connections0);
    assertThat(nodes.get("a-1").sets).containsExactly("maxmemory-policy=noeviction");

    // A new generation: every node is looked at again.
    changeSpec(s -> s.maxmemoryPolicy = MaxmemoryPolicy.ALLKEYS_LFU);
    run("run-0", "run-1b");
    assertThat(nodes.get("a-0").sets).containsExactly("maxmemory-policy=allkeys-lfu");
    assertThat(nodes.get("a-1").sets).contains("maxmemory-policy=allkeys-lfu");
    assertThat(sc.getStatus().appliedSettings.configGeneration).isEqualTo(2L);
  }

  @Test
  void aValueShownInAnotherSpellingIsNotSetAgainAndAnUnknownOptionIsSkipped() {
    nodes.get("a-0").values.put("maxmemory", "1gb"); // 1073741824 in the rendered file
    nodes.get("a-0").values.remove("timeout"); // an image without the option
    changeSpec(s -> s.config = new LinkedHashMap<>(Map.of("timeout", "300")));
    run("run-0", "run-1");
    assertThat(nodes.get("a-0").sets).isEmpty();
    assertThat(nodes.get("a-1").sets).containsExactly("timeout=300");
  }

  @Test
  void nothingIsTouchedDuringAFailover() {
    changeSpec(s -> s.config = new LinkedHashMap<>(Map.of("timeout", "300")));
    sc.getStatus().failover = new StoreClusterStatus.FailoverStatus();
    run("run-0", "run-1");
    assertThat(nodes.get("a-0").connections.get()).isZero();
    assertThat(nodes.get("a-1").connections.get()).isZero();
  }

  private void run(String runId0, String runId1) {
    Map<String, NodeObservation> obs = new HashMap<>();
    obs.put("a-0", observation("a-0", Role.MASTER, runId0));
    obs.put("a-1", observation("a-1", Role.REPLICA, runId1));
    nodes.values().forEach(n -> n.sets.clear());
    NodeCommands commands = new NodeCommands(new NodeConnector(2000), ips, (String) null);
    List<DesiredTree.Node> tree = DesiredTree.of(sc.getSpec());
    sc =
        LiveConfigRollout.run(
            sc,
            tree,
            obs,
            commands,
            new ClusterEvents(client),
            memory,
            new StatusWriter(client, (before, after) -> {}));
  }

  private void changeSpec(java.util.function.Consumer<StoreClusterSpec> change) {
    change.accept(sc.getSpec());
    StoreClusterStatus status = sc.getStatus();
    sc = client.resource(sc).update();
    sc.setStatus(status);
    assertThat(sc.getMetadata().getGeneration()).isEqualTo(2L);
  }

  private void awaitEvent(String reason, String message) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NS).list().getItems())
                    .filteredOn(
                        e -> e.getInvolvedObject().getName().equals(sc.getMetadata().getName()))
                    .extracting(Event::getReason, Event::getMessage)
                    .contains(org.assertj.core.groups.Tuple.tuple(reason, message)));
  }

  private static NodeObservation observation(String node, Role role, String runId) {
    return NodeObservation.of(node).role(role).epoch(1).replid("r").runId(runId).build();
  }

  private static StoreClusterSpec spec() {
    StoreClusterSpec spec = new StoreClusterSpec();
    ZoneSpec z = new ZoneSpec();
    z.name = "a";
    z.initialMaster = true;
    z.masterBackups = 1;
    spec.zones.add(z);
    spec.maxmemory = "1gb";
    return spec;
  }

  /** A node's CONFIG GET/SET: values from a table, SET refused per option when told. */
  private static final class ConfigNode {
    final Map<String, String> values;
    final Map<String, String> refuse = new ConcurrentHashMap<>();
    final List<String> sets = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final RespStub stub;

    ConfigNode(String ip, Map<String, String> started) throws Exception {
      values = new ConcurrentHashMap<>(started);
      stub =
          RespStub.start(
              InetAddress.getByName(ip),
              NodeConnector.PORT,
              () -> {
                connections.incrementAndGet();
                return this::answer;
              });
    }

    private String answer(List<String> command) {
      if (command.size() >= 3 && command.get(1).equalsIgnoreCase("GET")) {
        StringBuilder reply = new StringBuilder();
        int found = 0;
        for (String name : command.subList(2, command.size())) {
          String v = values.get(name);
          if (v != null) {
            found++;
            reply.append(bulk(name)).append(bulk(v));
          }
        }
        return "*" + (2 * found) + "\r\n" + reply;
      }
      if (command.size() == 4 && command.get(1).equalsIgnoreCase("SET")) {
        String refusal = refuse.get(command.get(2));
        if (refusal != null) {
          return refusal;
        }
        values.put(command.get(2), command.get(3));
        sets.add(command.get(2) + "=" + command.get(3));
        return "+OK\r\n";
      }
      return "-ERR unexpected " + command.get(0) + "\r\n";
    }

    private static String bulk(String s) {
      return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }
  }
}
