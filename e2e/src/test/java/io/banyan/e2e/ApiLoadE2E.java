package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.LocalCluster;
import io.banyan.local.api.RequestLog;
import io.banyan.local.api.RequestLog.Entry;
import io.banyan.operator.OperatorBootstrap;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.Phase;
import io.banyan.operator.api.ZoneSpec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * How much the operator asks of the API server (design §4b: the API server is shared), measured on
 * the embedded API server's request log while the three-datacenter example runs: idle it must stay
 * at or below one request per second and write no status; a change an observer cares about (a
 * replica killed) is still written; a failure that repeats every round is one Event whose count
 * grows, not an Event per round.
 *
 * <p>The example runs as published, with its password, so the operator reads the auth Secret too.
 * The operator's requests carry the user agent {@value OperatorBootstrap#USER_AGENT}; the kubelet,
 * the Service forwarders and this test share another client.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiLoadE2E {
  private static final Duration WINDOW = Duration.ofSeconds(20);
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @TempDir static Path state;
  static LocalCluster cluster;

  @BeforeAll
  static void start() {
    StoreCluster sc =
        LocalCluster.load(E2eCluster.repoRoot().resolve("examples/three-datacenters.yaml"));
    cluster =
        LocalCluster.start(
            sc,
            new LocalCluster.Options(E2eCluster.repoRoot(), state, "61.7", 17700, "default", true));
    await(
        "Running",
        Duration.ofSeconds(120),
        () -> status() != null && status().phase == Phase.Running);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      List<Entry> all = log().matching(ApiLoadE2E::byOperator);
      System.out.printf(
          "operator requests over the whole test: %s%n  answered with an error: %s%n",
          RequestLog.countByKey(all),
          RequestLog.countByKey(all.stream().filter(e -> e.code() >= 400).toList()));
      cluster.close();
    }
  }

  private static RequestLog log() {
    return cluster.api().requestLog();
  }

  private static StoreClusterStatus status() {
    StoreCluster sc = cluster.storeCluster();
    return sc == null ? null : sc.getStatus();
  }

  /** Waits for {@code condition}, failing with the status and the events. */
  private static void await(String what, Duration atMost, Callable<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          what
              + " did not happen within "
              + atMost
              + "\n--- status ---\n"
              + Serialization.asYaml(status())
              + "--- events ---\n"
              + events().stream()
                  .map(ev -> ev.getCount() + "x " + ev.getReason() + ": " + ev.getMessage())
                  .collect(Collectors.joining("\n")),
          e);
    }
  }

  private static List<Event> events() {
    return cluster.client().v1().events().inNamespace(cluster.namespace()).list().getItems();
  }

  private static boolean byOperator(Entry e) {
    return e.userAgent().startsWith(OperatorBootstrap.USER_AGENT);
  }

  private static boolean statusWrite(Entry e) {
    return e.isWrite() && e.resource().equals("storeclusters/status");
  }

  private static boolean runningAndReady() {
    StoreClusterStatus s = status();
    return s != null && s.phase == Phase.Running && "9/9".equals(s.readyNodes);
  }

  /** Requests per second by verb and resource, e.g. {@code get pods=9.00/s}. */
  private static String rates(List<Entry> entries, double seconds) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Long> e : RequestLog.countByKey(entries).entrySet()) {
      out.append(
          String.format(Locale.ROOT, "%n    %-40s %6.2f/s", e.getKey(), e.getValue() / seconds));
    }
    return String.format(Locale.ROOT, "%.2f/s in all%s", entries.size() / seconds, out);
  }

  @Test
  @Order(1)
  void idleTheOperatorMakesAtMostOneRequestPerSecondAndWritesNoStatus() {
    await("Running with 9/9 ready", SETTLE, ApiLoadE2E::runningAndReady);
    // A quiet period first: bootstrap's last events and label moves are not idle load.
    Awaitility.await("stays Running for a quiet period")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(ApiLoadE2E::runningAndReady);

    long from = System.nanoTime();
    Awaitility.await("stays Running through the measurement window")
        .during(WINDOW)
        .atMost(WINDOW.plusSeconds(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(ApiLoadE2E::runningAndReady);
    long to = System.nanoTime();
    double seconds = (to - from) / 1e9;

    List<Entry> operator = log().between(from, to, ApiLoadE2E::byOperator);
    List<Entry> others = log().between(from, to, Predicate.not(ApiLoadE2E::byOperator));
    System.out.printf(
        Locale.ROOT,
        "API load, idle %.1f s, three-datacenter example (9 nodes)%n  operator: %s%n"
            + "  kubelet, forwarders and this test: %s%n",
        seconds,
        rates(operator, seconds),
        rates(others, seconds));

    assertThat(operator.size() / seconds)
        .as("operator requests per second while idle: %s", rates(operator, seconds))
        .isLessThanOrEqualTo(1.0);
    assertThat(operator).as("status writes while idle").noneMatch(ApiLoadE2E::statusWrite);
  }

  @Test
  @Order(2)
  void aKilledReplicaIsReportedInStatus() {
    long killedAt = System.nanoTime();
    cluster.kill("jf-c-s2");
    await(
        "a status write after the kill",
        Duration.ofSeconds(30),
        () -> !log().since(killedAt, e -> byOperator(e) && statusWrite(e)).isEmpty());
    await("Running with 9/9 ready again", SETTLE, ApiLoadE2E::runningAndReady);
    assertThat(status().nodes)
        .filteredOn(n -> n.name.equals("jf-c-s2"))
        .singleElement()
        .satisfies(n -> assertThat(n.reachable).isTrue())
        .satisfies(n -> assertThat(n.parent).isEqualTo("jf-c-s1"));
  }

  /**
   * A persisting refusal: the spec no longer lists the master and, with a manual failover policy,
   * nothing moves it, so every round warns {@code MasterNotRemoved} again.
   */
  @Test
  @Order(3)
  void aRepeatingWarningIsOneEventWhoseCountGrows() {
    String master = status().currentMaster;
    assertThat(master).isEqualTo("jf-a-0");
    Awaitility.await("spec edited")
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(KubernetesClientException.class)
        .until(
            () -> {
              cluster
                  .client()
                  .resources(StoreCluster.class)
                  .inNamespace(cluster.namespace())
                  .withName(cluster.name())
                  .edit(
                      sc -> {
                        sc.getSpec().failover.policy =
                            io.banyan.operator.api.FailoverSpec.Policy.Manual;
                        // Master-eligible nodes in one zone only: a quorum outside the master's
                        // zone could not be met, and validation would refuse the spec.
                        sc.getSpec().replication.writeQuorumScope =
                            io.banyan.operator.api.ReplicationSpec.WriteQuorumScope.AnyZone;
                        for (ZoneSpec z : sc.getSpec().zones) {
                          z.initialMaster = z.name.equals("jf-b");
                          if (!z.name.equals("jf-c")) {
                            z.masterBackups = 0;
                          }
                        }
                        return sc;
                      });
              return true;
            });

    // Until one Event counts a repeat — or, as the operator did before, several Events pile up.
    await(
        "MasterNotRemoved seen more than once",
        Duration.ofSeconds(60),
        () -> warnings("MasterNotRemoved").stream().mapToInt(ApiLoadE2E::count).sum() > 1);
    System.out.printf(
        "MasterNotRemoved: %d Event objects, counts %s%n",
        warnings("MasterNotRemoved").size(),
        warnings("MasterNotRemoved").stream().map(ApiLoadE2E::count).toList());
    assertThat(warnings("MasterNotRemoved"))
        .as("the repeats update one Event")
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).startsWith(master + " is the master"));
    assertThat(status().currentMaster).as("the master stays").isEqualTo(master);
  }

  private static List<Event> warnings(String reason) {
    return events().stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  private static int count(Event e) {
    return e.getCount() == null ? 1 : e.getCount();
  }
}
