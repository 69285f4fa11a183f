package io.banyan.e2e;

import io.banyan.local.LocalCluster;
import io.banyan.local.LocalNode;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Test-side view of a {@link LocalCluster} (the same harness as {@code banyan local up}): the
 * StoreCluster's status, endpoints, and direct questions to the nodes.
 */
final class E2eCluster implements AutoCloseable {
  final LocalCluster local;

  private E2eCluster(LocalCluster local) {
    this.local = local;
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("banyan.repo.root", "..")).toAbsolutePath().normalize();
  }

  /**
   * Runs {@code examples/<example>} without its auth secret (the operator generates the password;
   * the tests' clients take it from {@link #password}), pods on 127.{network}.N, endpoints from
   * {@code basePort}.
   */
  static E2eCluster start(String example, String network, int basePort, Path stateDir) {
    return start(example(example), network, basePort, stateDir);
  }

  /** {@code examples/<example>} without its auth secret, to change before {@link #start}. */
  static StoreCluster example(String example) {
    StoreCluster sc = LocalCluster.load(repoRoot().resolve("examples").resolve(example));
    sc.getSpec().auth = null;
    // The move back to the preferred zone is held down for a minute by default; the tests that
    // return a zone would only wait longer, so they hold down for 5 s (PlannedMovesTest covers
    // the hold-down itself).
    if (sc.getSpec().failover == null) {
      sc.getSpec().failover = new io.banyan.operator.api.FailoverSpec();
    }
    sc.getSpec().failover.failbackHoldDownSeconds = 5;
    return sc;
  }

  /** Runs {@code sc}; the tests' clients authenticate with {@link #password}. */
  static E2eCluster start(StoreCluster sc, String network, int basePort, Path stateDir) {
    return new E2eCluster(
        LocalCluster.start(
            sc,
            new LocalCluster.Options(repoRoot(), stateDir, network, basePort, "default", true)));
  }

  String name() {
    return local.name();
  }

  /** Every node's address now, for probes that talk to each node directly. */
  java.util.Map<String, HostAndPort> addresses() {
    java.util.Map<String, HostAndPort> all = new java.util.TreeMap<>();
    for (LocalNode n : local.nodes()) {
      all.put(n.name(), HostAndPort.from(n.address()));
    }
    return all;
  }

  /** A split-brain detector writing to every node of this cluster. */
  SplitBrainDetector splitBrainDetector(int quorum, String prefix) {
    return new SplitBrainDetector(this::addresses, quorum, prefix, this::passwords);
  }

  /** A SET + WAIT writer through the read-write endpoint, authenticated. */
  AckedWriter writer(int quorum, String prefix) {
    return new AckedWriter(rw(), quorum, prefix, this::passwords);
  }

  private String password;

  /**
   * The default user's password: no cluster runs without one, and without spec.auth it is the one
   * the operator generated into {@code <cluster>-auth} (read once, when first asked).
   */
  synchronized String password() {
    if (password == null) {
      password =
          local
              .password(Duration.ofSeconds(60))
              .orElseThrow(() -> new AssertionError("no password Secret for " + name()));
    }
    return password;
  }

  private List<String> passwords() {
    return List.of(password());
  }

  /** A connection to {@code node}, authenticated. */
  Jedis connect(HostAndPort node, int timeoutMillis) {
    return new Jedis(node, clientConfig(timeoutMillis));
  }

  /** Client settings with this cluster's password. */
  redis.clients.jedis.JedisClientConfig clientConfig(int timeoutMillis) {
    return redis.clients.jedis.DefaultJedisClientConfig.builder()
        .timeoutMillis(timeoutMillis)
        .password(password())
        .build();
  }

  KubernetesClient client() {
    return local.client();
  }

  StoreClusterStatus status() {
    StoreCluster sc =
        client()
            .resources(StoreCluster.class)
            .inNamespace(local.namespace())
            .withName(name())
            .get();
    return sc == null ? null : sc.getStatus();
  }

  InetSocketAddress rw() {
    HostAndPort hp = HostAndPort.from(local.endpoints().get("rw"));
    return new InetSocketAddress(hp.getHost(), hp.getPort());
  }

  HostAndPort address(String node) {
    return HostAndPort.from(node(node).address());
  }

  /** The API's handle on a node's pod: get (null when gone), delete, evict. */
  io.fabric8.kubernetes.client.dsl.PodResource pod(String node) {
    return client().pods().inNamespace(local.namespace()).withName(name() + "-" + node);
  }

  LocalNode node(String node) {
    return local.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow();
  }

  void awaitRunning(Duration atMost) {
    await(
        "phase Running",
        atMost,
        () -> {
          StoreClusterStatus s = status();
          return s != null && s.phase == StoreClusterStatus.Phase.Running;
        });
  }

  /**
   * Nodes that, asked directly right now, say they are a master and not fenced: the ones that would
   * acknowledge a write. Frozen or dead nodes do not answer and are not counted.
   */
  List<String> writableMasters() {
    List<String> masters = new ArrayList<>();
    for (LocalNode n : local.nodes()) {
      if (n.pod().frozen() || n.pid() < 0) {
        continue;
      }
      try (Jedis j = new Jedis(HostAndPort.from(n.address()), clientConfig(1000))) {
        String info = j.info("replication");
        if (info.contains("role:master") && info.contains("banyan_fenced:0")) {
          masters.add(n.name());
        }
      } catch (RuntimeException e) {
        // not answering: cannot acknowledge anything either
      }
    }
    return masters;
  }

  /** An INFO field of a node, asked directly. */
  String info(String node, String section, String field) {
    try (Jedis j = new Jedis(address(node), clientConfig(2000))) {
      for (String line : j.info(section).split("\\r?\\n")) {
        if (line.startsWith(field + ":")) {
          return line.substring(field.length() + 1).trim();
        }
      }
      return null;
    }
  }

  /** Client settings without a password, for the tests that authenticate by themselves. */
  static redis.clients.jedis.JedisClientConfig jedisConfig(int timeoutMillis) {
    return redis.clients.jedis.DefaultJedisClientConfig.builder()
        .timeoutMillis(timeoutMillis)
        .build();
  }

  /** The status and the operator's recent events, for a failing test's message. */
  String diagnostics() {
    StringBuilder out = new StringBuilder("\n--- status ---\n");
    out.append(io.fabric8.kubernetes.client.utils.Serialization.asYaml(status()));
    out.append("--- events (newest last) ---\n");
    List<io.fabric8.kubernetes.api.model.Event> events =
        client().v1().events().inNamespace(local.namespace()).list().getItems().stream()
            .sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
            .toList();
    events.stream()
        .skip(Math.max(0, events.size() - 40))
        .forEach(
            e ->
                out.append(e.getLastTimestamp())
                    .append(' ')
                    .append(e.getReason())
                    .append(": ")
                    .append(e.getMessage())
                    .append('\n'));
    return out.toString();
  }

  /**
   * Changes the StoreCluster's spec as {@code kubectl edit} would. The operator writes status
   * concurrently, so an edit may meet a 409 (optimistic locking) and is then retried.
   */
  void editSpec(java.util.function.Consumer<io.banyan.operator.api.StoreClusterSpec> change) {
    org.awaitility.Awaitility.await("the spec edited")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              client()
                  .resources(StoreCluster.class)
                  .inNamespace(local.namespace())
                  .withName(name())
                  .edit(
                      sc -> {
                        change.accept(sc.getSpec());
                        return sc;
                      });
              return true;
            });
  }

  /** Waits for {@code condition}, failing with the cluster's diagnostics. */
  /**
   * Waits until {@code master} acknowledges writes both through rw ({@code writer}) and directly
   * ({@code probe}: more than {@code directAcks}), all after {@code sinceNanos}.
   */
  void awaitWritesOn(
      String master,
      AckedWriter writer,
      SplitBrainDetector probe,
      long sinceNanos,
      int directAcks,
      Duration atMost) {
    await(
        "writes acknowledged by " + master + " through rw and directly",
        atMost,
        () ->
            writer.acknowledgedSince(sinceNanos)
                && probe.acknowledgedBy(master, sinceNanos) > directAcks);
  }

  void await(String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
    try {
      org.awaitility.Awaitility.await(what)
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(100))
          .until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(what + " did not happen within " + atMost + diagnostics(), e);
    }
  }

  @Override
  public void close() {
    local.close();
  }
}
