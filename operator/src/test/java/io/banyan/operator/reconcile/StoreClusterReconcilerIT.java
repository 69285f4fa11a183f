package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.OperatorBootstrap;
import io.banyan.operator.OperatorSettings;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.ConditionType;
import io.banyan.operator.api.ZoneSpec;
import io.banyan.operator.testing.MockApi;
import io.banyan.operator.testing.Repo;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against fabric8's mock API server in CRUD mode, with server-side apply off (the
 * mock cannot apply; the e2e module runs it with SSA on). No data node runs here: pods never get an
 * IP, so this covers the Kubernetes side — objects, owner references, scaling, removal, spec
 * rejection and the status the aggregator reports for a cluster that is still coming up.
 */
class StoreClusterReconcilerIT {
  private static final String NS = "banyan-it";
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

  @BeforeEach
  void startOperator() {
    operator =
        OperatorBootstrap.start(
            client, new OperatorSettings(false, Duration.ofMillis(300), Duration.ofMillis(500)));
  }

  @AfterEach
  void stopOperator() throws Exception {
    operator.close();
    client.resources(StoreCluster.class).inNamespace(NS).delete();
    client.pods().inNamespace(NS).delete();
    client.persistentVolumeClaims().inNamespace(NS).delete();
  }

  private static StoreCluster example(String file, String name) throws Exception {
    try (InputStream in = Files.newInputStream(Repo.root().resolve("examples").resolve(file))) {
      StoreCluster sc = client.getKubernetesSerialization().unmarshal(in, StoreCluster.class);
      sc.getMetadata().setName(name);
      sc.getMetadata().setNamespace(NS);
      return sc;
    }
  }

  private static Map<String, Pod> pods(String cluster) {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel("app.kubernetes.io/instance", cluster)
        .list()
        .getItems()
        .stream()
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
  }

  private static StoreClusterStatus status(String name) {
    StoreCluster sc = client.resources(StoreCluster.class).inNamespace(NS).withName(name).get();
    return sc == null ? null : sc.getStatus();
  }

  @Test
  void createsEveryObjectOfTheThreeDatacenterTopologyOwnedByTheCluster() throws Exception {
    StoreCluster sc = client.resource(example("three-datacenters.yaml", "tdc")).create();
    String uid = sc.getMetadata().getUid();

    await().atMost(Duration.ofSeconds(30)).until(() -> pods("tdc").size() == 9);
    assertThat(pods("tdc").keySet())
        .containsExactlyInAnyOrder(
            "tdc-jf-a-0",
            "tdc-jf-a-1",
            "tdc-jf-a-s1",
            "tdc-jf-a-s2",
            "tdc-jf-b-0",
            "tdc-jf-b-s1",
            "tdc-jf-b-s2",
            "tdc-jf-c-s1",
            "tdc-jf-c-s2");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.services().inNamespace(NS).list().getItems())
                    .extracting(s -> s.getMetadata().getName())
                    .contains(
                        "tdc-rw",
                        "tdc-ro",
                        "tdc-ro-jf-a",
                        "tdc-ro-jf-b",
                        "tdc-ro-jf-c",
                        "tdc-nodes"));
    List<HasMetadata> owned = new java.util.ArrayList<>();
    owned.addAll(pods("tdc").values());
    owned.addAll(
        client
            .services()
            .inNamespace(NS)
            .withLabel("app.kubernetes.io/instance", "tdc")
            .list()
            .getItems());
    owned.add(client.configMaps().inNamespace(NS).withName("tdc-config").get());
    owned.add(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("tdc").get());
    for (HasMetadata o : owned) {
      assertThat(o.getMetadata().getOwnerReferences())
          .as(o.getKind() + " " + o.getMetadata().getName())
          .singleElement()
          .satisfies(r -> assertThat(r.getUid()).isEqualTo(uid))
          .satisfies(r -> assertThat(r.getController()).isTrue());
    }
    // pvcRetentionOnDelete: Retain — the volumes outlive the cluster, so no owner reference.
    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems())
        .hasSize(9)
        .allSatisfy(c -> assertThat(c.getMetadata().getOwnerReferences()).isNullOrEmpty());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              StoreClusterStatus s = status("tdc");
              assertThat(s).isNotNull();
              assertThat(s.observedGeneration).isEqualTo(sc.getMetadata().getGeneration());
              assertThat(s.phase).isEqualTo(StoreClusterStatus.Phase.Pending);
              assertThat(s.readyNodes).isEqualTo("0/9");
              assertThat(s.nodes).hasSize(9).allSatisfy(n -> assertThat(n.reachable).isFalse());
              assertThat(s.conditions)
                  .extracting(c -> c.type)
                  .containsExactly(
                      ConditionType.Ready,
                      ConditionType.Progressing,
                      ConditionType.Degraded,
                      ConditionType.FailoverInProgress);
            });
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Created"));
  }

  @Test
  void scalingAZoneAndRemovingAZoneTouchOnlyTheNodesConcerned() throws Exception {
    client.resource(example("three-datacenters.yaml", "scale")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> pods("scale").size() == 9);
    Map<String, String> uidsBefore = uids(pods("scale"));

    // The operator writes status concurrently: a spec edit may meet a 409 and is retried.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptionsInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .until(
            () -> {
              client
                  .resources(StoreCluster.class)
                  .inNamespace(NS)
                  .withName("scale")
                  .edit(
                      sc -> {
                        sc.getSpec().zones.get(1).masterBackups = 2;
                        sc.getSpec().zones.removeIf(z -> z.name.equals("jf-c"));
                        sc.getSpec().failover.promotionOrder = List.of("jf-b");
                        return sc;
                      });
              return true;
            });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(pods("scale").keySet())
                    .contains("scale-jf-b-1")
                    .doesNotContain("scale-jf-c-s1", "scale-jf-c-s2")
                    .hasSize(8));
    Map<String, String> uidsAfter = uids(pods("scale"));
    uidsBefore.keySet().removeIf(p -> p.contains("jf-c"));
    for (var e : uidsBefore.entrySet()) {
      assertThat(uidsAfter.get(e.getKey())).as(e.getKey() + " untouched").isEqualTo(e.getValue());
    }
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("scale-jf-c-s1-data").get())
        .as("Retain keeps the volume of a removed node")
        .isNotNull();
  }

  @Test
  void aSpecTheSchemaWouldRejectIsReportedNotActedOn() throws Exception {
    StoreCluster sc = example("minimal-one-zone.yaml", "bad");
    ZoneSpec second = new ZoneSpec();
    second.name = "other";
    second.initialMaster = true;
    sc.getSpec().zones.add(second);
    client.resource(sc).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              StoreClusterStatus s = status("bad");
              assertThat(s).isNotNull();
              assertThat(s.phase).isEqualTo(StoreClusterStatus.Phase.Failed);
              assertThat(s.conditions.get(0).message).contains("initialMaster");
            });
    assertThat(pods("bad")).isEmpty();
  }

  @Test
  void anUnchangedClusterIsNotPatchedAgain() throws Exception {
    client.resource(example("minimal-one-zone.yaml", "quiet")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> status("quiet") != null);
    String version =
        client
            .resources(StoreCluster.class)
            .inNamespace(NS)
            .withName("quiet")
            .get()
            .getMetadata()
            .getResourceVersion();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                version.equals(
                    client
                        .resources(StoreCluster.class)
                        .inNamespace(NS)
                        .withName("quiet")
                        .get()
                        .getMetadata()
                        .getResourceVersion()));
  }

  @Test
  void idleTheOperatorReadsItsCachesAndAsksTheApiServerNothing() throws Exception {
    client.resource(example("minimal-one-zone.yaml", "idle")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> pods("idle").size() == 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> status("idle") != null);
    operatorRequests(); // what it took to get here
    // Rounds run every 500 ms: before the informers, each one read every object (about 10 GETs).
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> status("idle").phase == StoreClusterStatus.Phase.Pending);
    assertThat(operatorRequests()).isEmpty();
  }

  @Test
  void aDeletedPodIsRecreatedWhenItsDeletionIsWatched() throws Exception {
    client.resource(example("minimal-one-zone.yaml", "watched")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> pods("watched").size() == 2);
    Pod before = pods("watched").get("watched-local-0");
    client.resource(before).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Pod now = pods("watched").get("watched-local-0");
              return now != null
                  && !now.getMetadata().getUid().equals(before.getMetadata().getUid());
            });
  }

  /**
   * Issue 11 item 1: a pod under graceful deletion still runs its process. The master's pod gets a
   * deletionTimestamp while its node keeps answering: the operator keeps probing it at its address,
   * it stays the reachable master, and no failover starts (there, with no candidate, the old code
   * declared the master gone at once).
   */
  @Test
  void aTerminatingMasterIsStillProbedAtItsAddress() throws Exception {
    String ip = "127.61.11.1";
    try (FakeNode node = new FakeNode(ip)) {
      client.resource(example("minimal-one-zone.yaml", "terminating")).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> pods("terminating").size() == 2);
      Pod pod = pods("terminating").get("terminating-local-0");
      pod.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).build());
      client.pods().inNamespace(NS).resource(pod).updateStatus();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  status("terminating") != null
                      && "local-0".equals(status("terminating").currentMaster));

      // A finalizer holds the object as the kubelet's grace period does (the mock API server
      // removes an object with a deletionTimestamp and no finalizer at once). A merge patch, not
      // a read-modify-write update: the operator relabels the pod meanwhile (409 Conflict).
      client
          .pods()
          .inNamespace(NS)
          .withName("terminating-local-0")
          .patch(
              io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                  io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
              "{\"metadata\":{\"deletionTimestamp\":\""
                  + java.time.Instant.now()
                  + "\",\"deletionGracePeriodSeconds\":30,"
                  + "\"finalizers\":[\"banyan.io/test-grace-period\"]}}");
      assertThat(
              pods("terminating").get("terminating-local-0").getMetadata().getDeletionTimestamp())
          .isNotNull();
      int before = node.probes.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> node.probes.get() >= before + 3);

      // Judged a live master, not a failed one: no failover (the old code reported the master's
      // pod gone). It is to hand over by a planned switchover, but the fake replica is no
      // candidate: that is reported, naming the Terminating pod, and nothing else happens.
      List<io.fabric8.kubernetes.api.model.Event> events =
          client.v1().events().inNamespace(NS).list().getItems().stream()
              .filter(e -> "terminating".equals(e.getInvolvedObject().getName()))
              .toList();
      assertThat(events)
          .extracting(io.fabric8.kubernetes.api.model.Event::getReason)
          .doesNotContain("FailoverStarted", "SwitchoverStarted", "MasterPodGoneNeeded");
      assertThat(events)
          .filteredOn(e -> "NoFailoverCandidate".equals(e.getReason()))
          .allSatisfy(
              e ->
                  assertThat(e.getMessage())
                      .contains("terminating while its process answers")
                      .doesNotContain("is gone"));
      StoreClusterStatus s = status("terminating");
      assertThat(s.currentMaster).isEqualTo("local-0");
      assertThat(s.failover).isNull();
      assertThat(s.failoverHistory == null ? List.of() : s.failoverHistory).isEmpty();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  status("terminating").nodes.stream()
                      .anyMatch(n -> n.name.equals("local-0") && Boolean.TRUE.equals(n.reachable)));
    }
  }

  /**
   * The operator's requests (user agent {@value OperatorBootstrap#USER_AGENT}) since the last call,
   * as {@code METHOD path}; watches excepted, they are opened once.
   */
  private static List<String> operatorRequests() throws InterruptedException {
    return api.requestsFrom(OperatorBootstrap.USER_AGENT).stream()
        .filter(request -> !request.contains("watch=true"))
        .toList();
  }

  @Test
  void aDeletedClusterIsNotResurrected() throws Exception {
    StoreCluster sc = client.resource(example("minimal-one-zone.yaml", "gone")).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> pods("gone").size() == 2);
    client.resource(sc).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.resources(StoreCluster.class).inNamespace(NS).withName("gone").get()
                    == null);
    // What Kubernetes' garbage collector would do through the owner references (the mock has none):
    client.pods().inNamespace(NS).withLabel("app.kubernetes.io/instance", "gone").delete();
    client.services().inNamespace(NS).withLabel("app.kubernetes.io/instance", "gone").delete();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                pods("gone").isEmpty()
                    && client
                        .services()
                        .inNamespace(NS)
                        .withLabel("app.kubernetes.io/instance", "gone")
                        .list()
                        .getItems()
                        .isEmpty());
  }

  private static Map<String, String> uids(Map<String, Pod> pods) {
    Map<String, String> m = new HashMap<>();
    pods.forEach((k, v) -> m.put(k, v.getMetadata().getUid()));
    return m;
  }
}
