package io.banyan.local.proxy;

import static io.banyan.local.kubelet.TestPods.NAMESPACE;
import static io.banyan.local.kubelet.TestPods.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.e2e.Connections;
import io.banyan.local.kubelet.LocalPod;
import io.banyan.local.kubelet.ProcessKubelet;
import io.banyan.local.kubelet.TestCluster;
import io.banyan.local.kubelet.TestPods;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Two real data nodes behind a local "rw" Service whose target moves from one to the other, with
 * kube-proxy's semantics for established connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceForwardersIT {
  static final String CLUSTER = "ft";
  static final Duration WAIT = Duration.ofSeconds(60);
  static TestCluster k8s;
  static KubernetesClient client;
  static ProcessKubelet kubelet;
  static ServiceForwarders forwarders;
  static int basePort;

  @BeforeAll
  static void start() throws IOException {
    k8s = TestCluster.start("forwarders", 202);
    client = k8s.client;
    kubelet = k8s.kubelet;
    try (ServerSocket probe = new ServerSocket(0)) {
      basePort = probe.getLocalPort();
    }
    forwarders =
        new ServiceForwarders(client, "127.0.0.1", basePort)
            .reserve(List.of("ft-rw", "ft-ro"))
            .start();
    TestPods.createClusterObjects(client, CLUSTER);
    client
        .resource(withRole(TestPods.dataNodePod(CLUSTER, "za-0", "us-east-1a"), "master"))
        .create();
    client
        .resource(withRole(TestPods.dataNodePod(CLUSTER, "zb-0", "us-east-1b"), "replica"))
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("ft-rw")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app.kubernetes.io/instance", CLUSTER)
                .addToSelector("banyan.io/role", "master")
                .addNewPort()
                .withName("redis")
                .withPort(6379)
                .withTargetPort(new IntOrString("redis"))
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    List<Long> pids = kubelet.pods().stream().map(LocalPod::pid).filter(p -> p > 0).toList();
    forwarders.close();
    k8s.close();
    assertThat(pids).hasSize(2);
    pids.forEach(
        pid ->
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
  }

  static Pod withRole(Pod pod, String role) {
    return new PodBuilder(pod)
        .editMetadata()
        .addToLabels("banyan.io/role", role)
        .endMetadata()
        .build();
  }

  /**
   * Changes the role label the way {@code kubectl label --overwrite} and the operator do: a merge
   * patch without a resourceVersion. A read-modify-write {@code edit} would race the kubelet's
   * status updates and fail with 409 Conflict, as it does against a real API server.
   */
  static void relabel(String pod, String role) {
    client
        .pods()
        .inNamespace(NAMESPACE)
        .withName(pod)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"labels\":{\"banyan.io/role\":\"" + role + "\"}}}");
  }

  static Jedis direct(String pod) {
    Jedis j = new Jedis(kubelet.pod(NAMESPACE, pod).orElseThrow().ip(), 6379);
    j.auth(PASSWORD);
    return j;
  }

  static Jedis viaService() {
    InetSocketAddress rw = forwarders.address("ft-rw").orElseThrow();
    Jedis j = new Jedis(rw.getHostString(), rw.getPort());
    j.auth(PASSWORD);
    return j;
  }

  /**
   * kube-proxy: a selector change routes new connections to the new pod; an established connection
   * stays with the pod it was opened to (conntrack), so it still talks to the old master.
   */
  @Test
  @Order(1)
  void newConnectionsFollowTheSelectorWhileEstablishedOnesStayWithTheirPod() {
    assertThat(forwarders.plannedAddress("ft-rw").orElseThrow().getPort()).isEqualTo(basePort);
    await()
        .atMost(WAIT)
        .until(() -> forwarders.backends("ft-rw").equals(List.of("default/ft-za-0")));
    assertThat(forwarders.address("ft-rw").orElseThrow().getPort()).isEqualTo(basePort);

    try (Jedis held = viaService()) {
      held.set("who", "first");
      try (Jedis a = direct("ft-za-0")) {
        assertThat(a.get("who")).isEqualTo("first");
      }

      relabel("ft-za-0", "replica");
      relabel("ft-zb-0", "master");
      await()
          .atMost(WAIT)
          .until(() -> forwarders.backends("ft-rw").equals(List.of("default/ft-zb-0")));

      held.set("who", "still-first");
      try (Jedis again = viaService()) {
        again.set("who", "second");
      }
      try (Jedis a = direct("ft-za-0")) {
        assertThat(a.get("who"))
            .as("the held connection still reaches za-0")
            .isEqualTo("still-first");
      }
      try (Jedis b = direct("ft-zb-0")) {
        assertThat(b.get("who")).as("a new connection reaches zb-0").isEqualTo("second");
      }
    }
  }

  /** The process behind an established connection dies: its sockets close, so does the client's. */
  @Test
  @Order(2)
  void aConnectionToAPodWhoseProcessDiesIsClosed() {
    await()
        .atMost(WAIT)
        .until(() -> forwarders.backends("ft-rw").equals(List.of("default/ft-zb-0")));
    Jedis held = viaService();
    try {
      held.set("before", "kill");
      long pid = kubelet.kill(NAMESPACE, "ft-zb-0");
      await()
          .atMost(WAIT)
          .until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertThatThrownBy(held::ping).isInstanceOf(JedisConnectionException.class);
    } finally {
      Connections.discard(held);
    }
    await().atMost(WAIT).until(() -> TestPods.readyInApi(client, "ft-zb-0"));
  }

  @Test
  @Order(3)
  void aServiceWithoutReadyEndpointsRefusesConnections() throws IOException {
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("ft-ro")
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app.kubernetes.io/instance", "nobody")
                .addNewPort()
                .withPort(6379)
                .endPort()
                .endSpec()
                .build())
        .create();
    await().atMost(WAIT).until(() -> forwarders.address("ft-ro").isPresent());
    InetSocketAddress ro = forwarders.address("ft-ro").orElseThrow();
    assertThat(ro.getPort()).isEqualTo(basePort + 1);
    // A raw socket, not a client: kube-proxy answers such a connection with a reset, and a client
    // library's own close() may then fail too (it flushes what the reset left unsent), which is the
    // client's business, not what this test is about.
    try (Socket s = new Socket(ro.getHostString(), ro.getPort())) {
      s.setSoTimeout((int) WAIT.toMillis());
      assertThatThrownBy(() -> pingOnce(s))
          .as("a Service with no ready endpoint must not answer")
          .isInstanceOf(IOException.class);
    }
  }

  /** Sends PING and reads the reply's first byte; an end of stream counts as a refusal too. */
  private static void pingOnce(Socket s) throws IOException {
    s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    if (s.getInputStream().read() < 0) {
      throw new EOFException("closed without a reply");
    }
  }
}
