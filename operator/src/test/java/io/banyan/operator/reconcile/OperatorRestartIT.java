package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.OperatorBootstrap;
import io.banyan.operator.OperatorSettings;
import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.testing.MockApi;
import io.banyan.operator.testing.Repo;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 items 3 and 5: what the nodes hold — the password and the derived settings — survives an
 * operator restart. Each test runs an operator against fabric8's mock API server and two {@link
 * FakeNode}s, stops it in the middle of a change, and starts a new one (a new reconciler, nothing
 * in memory) on the same API state, as a restart or a second operator replica taking over would.
 */
class OperatorRestartIT {
  private static final String NS = "banyan-restart";

  /** Passwords no status or event text could contain by chance. */
  private static final String OLD = "pw-old-7f3a";

  private static final String NEW = "pw-new-9c1e";
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(false, Duration.ofMillis(300), Duration.ofMillis(300));
  private static MockApi api;
  private static KubernetesClient client;
  private AutoCloseable operator;

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
  void stopOperator() throws Exception {
    if (operator != null) {
      operator.close();
    }
  }

  /**
   * The spec shortened the detection timeout; the master took the new derived settings, the backup
   * refused them. A new operator must not trust the spec's values (status still records the old
   * ones, and says Progressing: ApplyingSettings), must give them to the backup again, and only
   * then record them.
   */
  @Test
  void anOperatorRestartedWithASpecChangeHalfAppliedAppliesItBeforeRelyingOnIt() throws Exception {
    try (FakeNode master = new FakeNode("127.61.13.1");
        FakeNode backup = new FakeNode("127.61.13.2")) {
      client.resource(cluster("set")).create();
      operator = OperatorBootstrap.start(client, SETTINGS);
      giveIps("set", Map.of("set-local-0", "127.61.13.1", "set-local-1", "127.61.13.2"));
      await().atMost(Duration.ofSeconds(30)).until(() -> bothReachable("set"));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(status("set").appliedSettings).isNotNull();
                assertThat(status("set").appliedSettings.detectionTimeoutMillis).isEqualTo(5000);
                assertThat(status("set").appliedSettings.generation).isEqualTo(1);
              });

      backup.configSetError = "busy";
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .until(
              () -> {
                client
                    .resources(StoreCluster.class)
                    .inNamespace(NS)
                    .withName("set")
                    .edit(
                        sc -> {
                          sc.getSpec().failover = new FailoverSpec();
                          sc.getSpec().failover.detectionTimeoutMillis = 3000;
                          return sc;
                        });
                return true;
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  "2".equals(master.config.get("repl-timeout"))
                      && backup.configSetRefused.get() > 0
                      && progressingReason("set").equals("ApplyingSettings"));
      assertThat(status("set").appliedSettings.detectionTimeoutMillis).isEqualTo(5000);
      operator.close();
      operator = null;

      int refusedBefore = backup.configSetRefused.get();
      operator = OperatorBootstrap.start(client, SETTINGS);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> backup.configSetRefused.get() > refusedBefore);
      // Tried again, refused again: still recorded as the nodes' settings, still in progress.
      assertThat(status("set").appliedSettings.detectionTimeoutMillis).isEqualTo(5000);
      assertThat(status("set").appliedSettings.generation).isEqualTo(1);
      assertThat(progressingReason("set")).isEqualTo("ApplyingSettings");

      backup.configSetError = null;
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(backup.config).containsEntry("repl-timeout", "2");
                assertThat(status("set").appliedSettings.detectionTimeoutMillis).isEqualTo(3000);
                assertThat(status("set").appliedSettings.generation).isEqualTo(2);
                assertThat(progressingReason("set")).isNotEqualTo("ApplyingSettings");
              });
      assertThat(events("set")).contains("SettingsApplied");
    }
  }

  private static String progressingReason(String cluster) {
    StoreClusterStatus s = status(cluster);
    return s == null || s.conditions == null
        ? ""
        : s.conditions.stream()
            .filter(c -> c.type == StoreClusterStatus.ConditionType.Progressing)
            .map(c -> c.reason)
            .findFirst()
            .orElse("");
  }

  private static StoreCluster cluster(String name) throws Exception {
    try (InputStream in =
        Files.newInputStream(Repo.root().resolve("examples/minimal-one-zone.yaml"))) {
      StoreCluster sc = client.getKubernetesSerialization().unmarshal(in, StoreCluster.class);
      sc.getMetadata().setName(name);
      sc.getMetadata().setNamespace(NS);
      return sc;
    }
  }

  private static Secret userSecret(String name, String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withData(Map.of("password", base64(password)))
        .build();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** What the kubelet would do once the pods run: report their IPs. */
  private static void giveIps(String cluster, Map<String, String> ips) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .pods()
                        .inNamespace(NS)
                        .withLabel("app.kubernetes.io/instance", cluster)
                        .list()
                        .getItems()
                        .size()
                    == ips.size());
    ips.forEach(
        (pod, ip) -> {
          Pod p = client.pods().inNamespace(NS).withName(pod).get();
          p.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).build());
          client.pods().inNamespace(NS).resource(p).updateStatus();
        });
  }

  private static String uid(String cluster) {
    return client
        .resources(StoreCluster.class)
        .inNamespace(NS)
        .withName(cluster)
        .get()
        .getMetadata()
        .getUid();
  }

  static StoreClusterStatus status(String cluster) {
    StoreCluster sc = client.resources(StoreCluster.class).inNamespace(NS).withName(cluster).get();
    return sc == null ? null : sc.getStatus();
  }

  private static boolean bothReachable(String cluster) {
    StoreClusterStatus s = status(cluster);
    return s != null
        && s.nodes != null
        && s.nodes.size() == 2
        && s.nodes.stream().allMatch(n -> Boolean.TRUE.equals(n.reachable));
  }

  private static List<Event> clusterEvents(String cluster) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> cluster.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static List<String> events(String cluster) {
    return clusterEvents(cluster).stream().map(Event::getReason).toList();
  }

  private static List<String> eventMessages(String cluster) {
    return clusterEvents(cluster).stream().map(Event::getMessage).toList();
  }

  private static boolean hasEvent(String cluster, String reason) {
    return events(cluster).contains(reason);
  }
}
