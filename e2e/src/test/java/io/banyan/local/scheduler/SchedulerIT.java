package io.banyan.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.api.EmbeddedApiServer;
import io.banyan.local.nodes.NodeInventory;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler stand-in against the embedded API with the default cloud inventory registered (no
 * kubelet: pods are only placed): binding through the API, the Pending report of a pod that fits
 * nowhere, and the retry when Nodes or Pods change.
 */
class SchedulerIT {
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static Scheduler scheduler;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
    NodeInventory.cloudDefault().nodes().forEach(n -> client.nodes().resource(n).create());
    scheduler = new Scheduler(client).start();
  }

  @AfterAll
  static void stop() {
    scheduler.close();
    api.close();
  }

  static Pod create(Pod pod) {
    return client.resource(pod).create();
  }

  static Pod get(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  static PodCondition scheduled(String name) {
    Pod p = get(name);
    return p.getStatus() == null || p.getStatus().getConditions() == null
        ? null
        : p.getStatus().getConditions().stream()
            .filter(c -> "PodScheduled".equals(c.getType()))
            .findFirst()
            .orElse(null);
  }

  static void await(String what, java.util.concurrent.Callable<Boolean> condition) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(condition);
  }

  static Pod pod(String name, String zone, boolean antiAffinity) {
    var p =
        PlacementTest.requireNode(PlacementTest.pod(name), NodeInventory.ZONE_LABEL, "In", zone);
    if (antiAffinity) {
      p = PlacementTest.antiAffinity(p, true);
    }
    return p.editMetadata()
        .withUid(null)
        .endMetadata()
        .editSpec()
        .addNewContainer()
        .withName("c")
        .withImage("x")
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void aPodForAZoneNoNodeHasStaysPendingUntilSuchANodeJoins() {
    create(pod("pending", "jf-a", false));
    await(
        "PodScheduled=False",
        () -> scheduled("pending") != null && "False".equals(scheduled("pending").getStatus()));
    PodCondition c = scheduled("pending");
    assertThat(c.getReason()).isEqualTo("Unschedulable");
    assertThat(c.getMessage())
        .isEqualTo("0/9 nodes are available: 9 node(s) didn't match Pod's node affinity/selector.");
    assertThat(get("pending").getStatus().getPhase()).isEqualTo("Pending");
    assertThat(get("pending").getSpec().getNodeName()).isNull();
    await(
        "a FailedScheduling event",
        () ->
            client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(
                    e ->
                        "FailedScheduling".equals(e.getReason())
                            && "pending".equals(e.getInvolvedObject().getName())
                            && e.getMessage().equals(c.getMessage())));

    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-jf-a-1")
                .addToLabels(NodeInventory.ZONE_LABEL, "jf-a")
                .addToLabels(NodeInventory.HOSTNAME_LABEL, "node-jf-a-1")
                .endMetadata()
                .build())
        .create();
    await(
        "bound to the new node",
        () -> "node-jf-a-1".equals(get("pending").getSpec().getNodeName()));
    assertThat(scheduled("pending").getStatus()).isEqualTo("True");
  }

  @Test
  void aPodHeldOffByAntiAffinityIsPlacedWhenTheConflictingPodGoes() {
    for (int i = 0; i < 4; i++) {
      create(pod("anti-" + i, "us-east-1c", true));
    }
    await(
        "three bound, one Unschedulable",
        () ->
            boundNodes().size() == 3
                && List.of(0, 1, 2, 3).stream()
                    .map(i -> scheduled("anti-" + i))
                    .anyMatch(c -> c != null && "False".equals(c.getStatus())));
    String waiting =
        List.of(0, 1, 2, 3).stream()
            .map(i -> "anti-" + i)
            .filter(n -> get(n).getSpec().getNodeName() == null)
            .findFirst()
            .orElseThrow();
    // (The other test may have added a node: the counts of nodes elsewhere vary.)
    assertThat(scheduled(waiting).getMessage())
        .matches(
            "0/\\d+ nodes are available: 3 node\\(s\\) didn't match pod anti-affinity rules,"
                + " \\d+ node\\(s\\) didn't match Pod's node affinity/selector\\.");
    String victim =
        List.of(0, 1, 2, 3).stream()
            .map(i -> "anti-" + i)
            .filter(n -> get(n).getSpec().getNodeName() != null)
            .findFirst()
            .orElseThrow();
    String freed = get(victim).getSpec().getNodeName();
    // No kubelet runs here, so only a forced deletion removes a bound pod.
    client.pods().inNamespace("default").withName(victim).withGracePeriod(0).delete();
    await(
        "the waiting pod placed on the freed node",
        () -> freed.equals(get(waiting).getSpec().getNodeName()));
  }

  static Set<String> boundNodes() {
    return client.pods().inNamespace("default").list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("anti-"))
        .map(p -> p.getSpec().getNodeName())
        .filter(n -> n != null)
        .collect(Collectors.toSet());
  }
}
