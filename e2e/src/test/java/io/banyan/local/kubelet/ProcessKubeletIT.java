package io.banyan.local.kubelet;

import static io.banyan.local.kubelet.TestPods.NAMESPACE;
import static io.banyan.local.kubelet.TestPods.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.local.api.EmbeddedApiServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

/**
 * One real data node run by the kubelet stand-in from a hand-made pod, taken through the faults in
 * order: each step starts from the state the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessKubeletIT {
  static final String CLUSTER = "kt";
  static final String POD = "kt-za-0";
  static final Duration WAIT = Duration.ofSeconds(60);
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static ProcessKubelet kubelet;
  static final Set<Long> pids = new HashSet<>();

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    kubelet = new ProcessKubelet(client, TestPods.kubeletConfig("kubelet", 201)).start();
    TestPods.createClusterObjects(client, CLUSTER);
    client.resource(TestPods.dataNodePod(CLUSTER, "za-0", "za")).create();
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    api.close();
    assertThat(pids).isNotEmpty();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("process %d is gone", pid)
          .isFalse();
    }
  }

  static LocalPod local() {
    LocalPod p = kubelet.pod(NAMESPACE, POD).orElseThrow();
    if (p.pid() > 0) {
      pids.add(p.pid());
    }
    return p;
  }

  static void awaitReady(boolean ready) {
    awaitState(() -> TestPods.readyInApi(client, POD) == ready);
  }

  /** Waits for a condition; on timeout, says what the API and the kubelet last reported. */
  static void awaitState(java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(WAIT).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      Pod pod = client.pods().inNamespace(NAMESPACE).withName(POD).get();
      throw new AssertionError(
          "timed out; kubelet: "
              + kubelet.pod(NAMESPACE, POD)
              + "\npod status: "
              + (pod == null
                  ? "gone"
                  : io.fabric8.kubernetes.client.utils.Serialization.asYaml(pod.getStatus())),
          e);
    }
  }

  static Jedis jedis() {
    Jedis j = new Jedis(local().ip(), 6379);
    j.auth(PASSWORD);
    return j;
  }

  @Test
  @Order(1)
  void runsTheDataNodeOnItsOwnLoopbackAddressAndReportsReady() {
    awaitReady(true);
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(POD).get();
    LocalPod local = local();
    assertThat(local.ip()).startsWith("127.201.").endsWith(".2");
    assertThat(pod.getStatus().getPodIP()).isEqualTo(local.ip());
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getSpec().getNodeName()).isEqualTo("local-za");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
    Node node = client.nodes().withName("local-za").get();
    assertThat(node.getMetadata().getLabels()).containsEntry("topology.kubernetes.io/zone", "za");
    try (Jedis j = jedis()) {
      assertThat(j.ping()).isEqualTo("PONG");
    }
  }

  @Test
  @Order(2)
  void restartsAKilledContainerAndItKeepsItsVolume() {
    try (Jedis j = jedis()) {
      j.set("k", "v");
      j.save();
    }
    long before = local().pid();
    assertThat(kubelet.kill(NAMESPACE, POD)).isEqualTo(before);
    awaitState(
        () ->
            restartCountInApi() == 1
                && local().pid() > 0
                && local().pid() != before
                && TestPods.readyInApi(client, POD));
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(POD).get();
    assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isEqualTo(1);
    assertThat(pod.getStatus().getContainerStatuses().get(0).getLastState().getTerminated())
        .isNotNull();
    try (Jedis j = jedis()) {
      assertThat(j.get("k")).isEqualTo("v");
    }
  }

  @Test
  @Order(3)
  void aFrozenNodeTurnsUnreadyAndComesBackWhenThawed() {
    kubelet.freeze(NAMESPACE, POD);
    awaitReady(false);
    assertThat(local().frozen()).isTrue();
    assertThat(client.pods().inNamespace(NAMESPACE).withName(POD).get().getStatus().getPhase())
        .isEqualTo("Running");
    kubelet.thaw(NAMESPACE, POD);
    awaitReady(true);
  }

  @Test
  @Order(4)
  void aStoppedZoneStaysDownUntilStarted() {
    long before = local().pid();
    kubelet.stopZone("za");
    awaitReady(false);
    await()
        .atMost(WAIT)
        .until(() -> ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false) == false);
    assertThat(local().pid()).isEqualTo(-1);
    assertThat(nodeReady("local-za")).isEqualTo("False");

    kubelet.startZone("za");
    awaitReady(true);
    assertThat(nodeReady("local-za")).isEqualTo("True");
    assertThat(local().restartCount()).isEqualTo(2);
    assertThat(restartCountInApi()).isEqualTo(2);
    try (Jedis j = jedis()) {
      assertThat(j.get("k")).isEqualTo("v");
    }
  }

  @Test
  @Order(5)
  void aDeletedPodsProcessGoesAwayAndARecreatedPodFindsItsData() {
    long before = local().pid();
    client.pods().inNamespace(NAMESPACE).withName(POD).delete();
    await()
        .atMost(WAIT)
        .until(() -> ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false) == false);
    await().atMost(WAIT).until(() -> kubelet.pod(NAMESPACE, POD).isEmpty());

    client.resource(TestPods.dataNodePod(CLUSTER, "za-0", "za")).create();
    awaitReady(true);
    assertThat(local().pid()).isNotEqualTo(before);
    try (Jedis j = jedis()) {
      assertThat(j.get("k")).isEqualTo("v");
    }
  }

  static int restartCountInApi() {
    Pod pod = client.pods().inNamespace(NAMESPACE).withName(POD).get();
    return pod.getStatus().getContainerStatuses() == null
        ? -1
        : pod.getStatus().getContainerStatuses().get(0).getRestartCount();
  }

  static String nodeReady(String name) {
    return client.nodes().withName(name).get().getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }
}
