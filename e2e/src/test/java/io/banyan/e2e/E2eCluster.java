package io.banyan.e2e;

import static org.awaitility.Awaitility.await;

import io.banyan.local.api.EmbeddedApiServer;
import io.banyan.local.kubelet.KubeletConfig;
import io.banyan.local.kubelet.LocalPod;
import io.banyan.local.kubelet.ProcessKubelet;
import io.banyan.local.proxy.ServiceForwarders;
import io.banyan.operator.OperatorBootstrap;
import io.banyan.operator.OperatorSettings;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole system for one end-to-end test class: embedded API server, process kubelet, Service
 * forwarders and the operator, running one StoreCluster from {@code examples/}.
 */
final class E2eCluster implements AutoCloseable {
  static final String NS = "default";

  final EmbeddedApiServer api;
  final ProcessKubelet kubelet;
  final ServiceForwarders forwarders;
  final String name;
  private AutoCloseable operator;

  private E2eCluster(
      EmbeddedApiServer api, ProcessKubelet kubelet, ServiceForwarders forwarders, String name) {
    this.api = api;
    this.kubelet = kubelet;
    this.forwarders = forwarders;
    this.name = name;
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("banyan.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** Starts everything and applies {@code examples/<example>}. */
  static E2eCluster start(String example, String network, int basePort, Path stateDir)
      throws Exception {
    EmbeddedApiServer api =
        EmbeddedApiServer.startWithCrds(
            List.of(repoRoot().resolve("crds/storeclusters.banyan.io-v1.yml")));
    ProcessKubelet kubelet =
        new ProcessKubelet(
                api.client(),
                KubeletConfig.of(
                    repoRoot().resolve("data-node/bin/banyan-node"), stateDir, network))
            .start();
    ServiceForwarders forwarders = new ServiceForwarders(api.client(), "127.0.0.1", basePort);
    StoreCluster sc;
    try (InputStream in = Files.newInputStream(repoRoot().resolve("examples").resolve(example))) {
      sc = api.client().getKubernetesSerialization().unmarshal(in, StoreCluster.class);
    }
    sc.getMetadata().setNamespace(NS);
    sc.getSpec().auth = null; // tests connect without a password
    String name = sc.getMetadata().getName();
    forwarders.reserve(List.of(name + "-rw", name + "-ro")).start();
    E2eCluster cluster = new E2eCluster(api, kubelet, forwarders, name);
    cluster.startOperator();
    api.client().resource(sc).create();
    return cluster;
  }

  void startOperator() {
    operator = OperatorBootstrap.start(api.client(), OperatorSettings.defaults());
  }

  void stopOperator() throws Exception {
    operator.close();
  }

  KubernetesClient client() {
    return api.client();
  }

  StoreClusterStatus status() {
    StoreCluster sc = client().resources(StoreCluster.class).inNamespace(NS).withName(name).get();
    return sc == null ? null : sc.getStatus();
  }

  InetSocketAddress rw() {
    return forwarders.address(name + "-rw").orElseThrow();
  }

  LocalPod pod(String node) {
    return kubelet.pod(NS, name + "-" + node).orElseThrow();
  }

  void awaitRunning(Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              StoreClusterStatus s = status();
              return s != null && s.phase == StoreClusterStatus.Phase.Running;
            });
  }

  /** Pod name of a node. */
  String podName(String node) {
    return name + "-" + node;
  }

  /**
   * Nodes that, asked directly right now, say they are a master and not fenced: the ones that would
   * acknowledge a write. Frozen or dead nodes do not answer and are not counted.
   */
  java.util.List<String> writableMasters() {
    java.util.List<String> masters = new java.util.ArrayList<>();
    for (var pod : kubelet.pods()) {
      if (pod.frozen() || pod.pid() < 0) {
        continue;
      }
      try (redis.clients.jedis.Jedis j =
          new redis.clients.jedis.Jedis(pod.ip(), pod.port(), 1000)) {
        String info = j.info("replication");
        if (info.contains("role:master") && info.contains("banyan_fenced:0")) {
          masters.add(pod.name().substring(name.length() + 1));
        }
      } catch (RuntimeException e) {
        // not answering: cannot acknowledge anything either
      }
    }
    return masters;
  }

  /** INFO field of a node, asked directly. */
  String info(String node, String section, String field) {
    LocalPodAddress a = address(node);
    try (redis.clients.jedis.Jedis j = new redis.clients.jedis.Jedis(a.ip(), a.port(), 2000)) {
      for (String line : j.info(section).split("\r?\n")) {
        if (line.startsWith(field + ":")) {
          return line.substring(field.length() + 1).trim();
        }
      }
      return null;
    }
  }

  record LocalPodAddress(String ip, int port) {}

  LocalPodAddress address(String node) {
    var p = pod(node);
    return new LocalPodAddress(p.ip(), p.port());
  }

  @Override
  public void close() throws Exception {
    if (operator != null) {
      operator.close();
    }
    forwarders.close();
    kubelet.close();
    api.close();
  }
}
