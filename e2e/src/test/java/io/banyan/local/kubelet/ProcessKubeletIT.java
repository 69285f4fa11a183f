package io.banyan.local.kubelet;

import static io.banyan.local.kubelet.TestPods.NAMESPACE;
import static io.banyan.local.kubelet.TestPods.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
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
 * One real data node run by the kubelet stand-in from a hand-made pod (scheduled by the scheduler
 * stand-in onto a node of its cloud zone), taken through the faults in order: each step starts from
 * the state the previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessKubeletIT {
  static final String CLUSTER = "kt";
  static final String ZONE = "us-east-1a";
  static final String POD = "kt-a-0";
  static TestCluster k8s;
  static final Set<Long> pids = new HashSet<>();

  @BeforeAll
  static void start() {
    k8s = TestCluster.start("kubelet", 201);
    TestPods.createClusterObjects(k8s.client, CLUSTER);
    k8s.client.resource(TestPods.dataNodePod(CLUSTER, "a-0", ZONE)).create();
  }

  @AfterAll
  static void stop() {
    if (k8s != null) {
      k8s.close();
    }
    assertThat(pids).isNotEmpty();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("process %d is gone", pid)
          .isFalse();
    }
  }

  static LocalPod local() {
    LocalPod p = k8s.local(POD);
    if (p.pid() > 0) {
      pids.add(p.pid());
    }
    return p;
  }

  static void awaitReady(boolean ready) {
    k8s.await(POD, "ready=" + ready, () -> k8s.ready(POD) == ready);
  }

  static Jedis jedis() {
    Jedis j = new Jedis(local().ip(), 6379, 10_000); // ready (TCP) does not mean warmed up
    j.auth(PASSWORD);
    return j;
  }

  @Test
  @Order(1)
  void runsTheDataNodeOnItsOwnLoopbackAddressOnANodeOfItsZoneAndReportsReady() {
    awaitReady(true);
    Pod pod = k8s.pod(POD);
    LocalPod local = local();
    assertThat(local.ip()).startsWith("127.201.").endsWith(".2");
    assertThat(pod.getStatus().getPodIP()).isEqualTo(local.ip());
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getSpec().getNodeName()).startsWith("node-us-east-1a-");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
    Node node = k8s.client.nodes().withName(pod.getSpec().getNodeName()).get();
    assertThat(node.getMetadata().getLabels())
        .containsEntry("topology.kubernetes.io/zone", ZONE)
        .containsEntry("topology.kubernetes.io/region", "us-east-1")
        .containsEntry("kubernetes.io/hostname", pod.getSpec().getNodeName());
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
    assertThat(k8s.kubelet.kill(NAMESPACE, POD)).isEqualTo(before);
    k8s.await(
        POD,
        "restarted",
        () ->
            restartCountInApi() == 1
                && local().pid() > 0
                && local().pid() != before
                && k8s.ready(POD));
    Pod pod = k8s.pod(POD);
    assertThat(pod.getStatus().getContainerStatuses().get(0).getLastState().getTerminated())
        .isNotNull();
    try (Jedis j = jedis()) {
      assertThat(j.get("k")).isEqualTo("v");
    }
  }

  /**
   * The pod declares a tcpSocket readiness probe, and a SIGSTOPped process still completes TCP
   * handshakes (the kernel does it): under a real kubelet such a pod stays Ready, and so it does
   * here — only the operator's own probes, or HTTP probes the process must answer, see a freeze.
   */
  @Test
  @Order(3)
  void aFrozenNodeStaysReadyUnderATcpReadinessProbeAsUnderKubernetes() {
    kubelet().freeze(NAMESPACE, POD);
    long probed = local().probeRuns("readiness");
    k8s.await(
        POD, "three more readiness probes", () -> local().probeRuns("readiness") >= probed + 3);
    assertThat(local().frozen()).isTrue();
    assertThat(k8s.ready(POD)).isTrue();
    assertThat(k8s.pod(POD).getStatus().getPhase()).isEqualTo("Running");
    kubelet().thaw(NAMESPACE, POD);
    try (Jedis j = jedis()) {
      assertThat(j.ping()).isEqualTo("PONG");
    }
  }

  @Test
  @Order(4)
  void aStoppedZoneStaysDownUntilStarted() {
    long before = local().pid();
    String node = k8s.pod(POD).getSpec().getNodeName();
    kubelet().stopZone(ZONE);
    awaitReady(false);
    k8s.await(
        POD,
        "the old process gone",
        () -> !ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));
    assertThat(local().pid()).isEqualTo(-1);
    assertThat(nodeReady(node)).isEqualTo("Unknown");
    assertThat(nodeReady("node-us-east-1a-3")).as("the whole cloud zone").isEqualTo("Unknown");
    assertThat(nodeReady("node-us-east-1b-1")).isEqualTo("True");

    kubelet().startZone(ZONE);
    awaitReady(true);
    assertThat(nodeReady(node)).isEqualTo("True");
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
    k8s.client.pods().inNamespace(NAMESPACE).withName(POD).delete();
    k8s.await(
        POD,
        "the process gone",
        () -> !ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false));
    k8s.await(POD, "the pod gone", () -> !k8s.runs(POD) && k8s.pod(POD) == null);

    k8s.client.resource(TestPods.dataNodePod(CLUSTER, "a-0", ZONE)).create();
    awaitReady(true);
    assertThat(local().pid()).isNotEqualTo(before);
    try (Jedis j = jedis()) {
      assertThat(j.get("k")).isEqualTo("v");
    }
  }

  static ProcessKubelet kubelet() {
    return k8s.kubelet;
  }

  static int restartCountInApi() {
    Pod pod = k8s.pod(POD);
    return pod.getStatus().getContainerStatuses() == null
        ? -1
        : pod.getStatus().getContainerStatuses().get(0).getRestartCount();
  }

  static String nodeReady(String name) {
    return k8s.client.nodes().withName(name).get().getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }
}
