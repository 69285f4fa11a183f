package io.banyan.local.proxy;

import static io.banyan.local.kubelet.TestPods.NAMESPACE;
import static io.banyan.local.kubelet.TestPods.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.local.api.EmbeddedApiServer;
import io.banyan.local.kubelet.LocalPod;
import io.banyan.local.kubelet.ProcessKubelet;
import io.banyan.local.kubelet.TestPods;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Two real data nodes behind a local "rw" Service whose target moves from one to the other. */
class ServiceForwardersIT {
  static final String CLUSTER = "ft";
  static final Duration WAIT = Duration.ofSeconds(60);
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static ProcessKubelet kubelet;
  static ServiceForwarders forwarders;
  static int basePort;

  @BeforeAll
  static void start() throws IOException {
    api = EmbeddedApiServer.start();
    client = api.client();
    kubelet = new ProcessKubelet(client, TestPods.kubeletConfig("forwarders", 202)).start();
    try (ServerSocket probe = new ServerSocket(0)) {
      basePort = probe.getLocalPort();
    }
    forwarders =
        new ServiceForwarders(client, "127.0.0.1", basePort)
            .reserve(List.of("ft-rw", "ft-ro"))
            .start();
    TestPods.createClusterObjects(client, CLUSTER);
    client.resource(withRole(TestPods.dataNodePod(CLUSTER, "za-0", "za"), "master")).create();
    client.resource(withRole(TestPods.dataNodePod(CLUSTER, "zb-0", "zb"), "replica")).create();
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
    kubelet.close();
    api.close();
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

  @Test
  void followsTheServiceSelectorAndDropsConnectionsToAPodThatLeftIt() {
    assertThat(forwarders.plannedAddress("ft-rw").orElseThrow().getPort()).isEqualTo(basePort);
    await()
        .atMost(WAIT)
        .until(() -> forwarders.backends("ft-rw").equals(List.of("default/ft-za-0")));
    assertThat(forwarders.address("ft-rw").orElseThrow().getPort()).isEqualTo(basePort);

    Jedis held = viaService();
    held.set("who", "first");
    try (Jedis a = direct("ft-za-0")) {
      assertThat(a.get("who")).isEqualTo("first");
    }

    client.pods().inNamespace(NAMESPACE).withName("ft-za-0").edit(p -> withRole(p, "replica"));
    client.pods().inNamespace(NAMESPACE).withName("ft-zb-0").edit(p -> withRole(p, "master"));
    await()
        .atMost(WAIT)
        .until(() -> forwarders.backends("ft-rw").equals(List.of("default/ft-zb-0")));

    assertThatThrownBy(held::ping).isInstanceOf(JedisConnectionException.class);
    held.close();
    try (Jedis again = viaService()) {
      again.set("who", "second");
    }
    try (Jedis b = direct("ft-zb-0")) {
      assertThat(b.get("who")).isEqualTo("second");
    }
    try (Jedis a = direct("ft-za-0")) {
      assertThat(a.get("who")).isEqualTo("first");
    }
  }

  @Test
  void aServiceWithoutReadyEndpointsClosesConnectionsAtOnce() {
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
    try (Jedis j = new Jedis(ro.getHostString(), ro.getPort())) {
      assertThatThrownBy(j::ping).isInstanceOf(JedisConnectionException.class);
    }
  }
}
