package io.banyan.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded API server's pod semantics that the mock lacks, without a kubelet: binding, and
 * graceful deletion (deletionTimestamp and grace period kept on the object, which watchers see
 * Terminating, until a delete with grace 0).
 */
class PodLifecycleApiIT {
  static EmbeddedApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Pod pod(String name, String node, Long grace) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withTerminationGracePeriodSeconds(grace)
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  static Pod get(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  @Test
  void aDeletedPodStaysTerminatingWithItsGracePeriodUntilDeletedWithGraceZero() {
    pod("graceful", "node-1", 7L);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch w =
        client
            .pods()
            .inNamespace("default")
            .withName("graceful")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod p) {
                    seen.add(
                        action
                            + (p.getMetadata().getDeletionTimestamp() != null ? "+deleting" : ""));
                  }

                  @Override
                  public void onClose(WatcherException e) {}
                })) {
      Instant before = Instant.now().minusSeconds(1);
      client.pods().inNamespace("default").withName("graceful").delete();
      Pod terminating = get("graceful");
      assertThat(terminating).isNotNull();
      assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);
      Instant deadline = Instant.parse(terminating.getMetadata().getDeletionTimestamp());
      assertThat(deadline).isAfterOrEqualTo(before.plusSeconds(7));

      // The kubelet's status writes and anyone's updates keep it, and cannot undo the deletion.
      client
          .pods()
          .inNamespace("default")
          .withName("graceful")
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Running\"}}");
      client
          .pods()
          .inNamespace("default")
          .withName("graceful")
          .edit(
              p -> {
                p.getMetadata().setDeletionTimestamp(null);
                p.getMetadata().getLabels().put("edited", "yes");
                return p;
              });
      Pod after = get("graceful");
      assertThat(after.getStatus().getPhase()).isEqualTo("Running");
      assertThat(after.getMetadata().getLabels()).containsEntry("edited", "yes");
      assertThat(after.getMetadata().getDeletionTimestamp())
          .isEqualTo(terminating.getMetadata().getDeletionTimestamp());

      // A later delete may shorten the grace period, never lengthen it.
      client.pods().inNamespace("default").withName("graceful").withGracePeriod(60).delete();
      assertThat(get("graceful").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);
      client.pods().inNamespace("default").withName("graceful").withGracePeriod(3).delete();
      assertThat(get("graceful").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(3L);

      client.pods().inNamespace("default").withName("graceful").withGracePeriod(0).delete();
      assertThat(get("graceful")).isNull();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seen.contains("DELETED+deleting"));
      assertThat(seen).contains("MODIFIED+deleting").doesNotContain("MODIFIED");
    }
  }

  @Test
  void theGracePeriodComesFromTheRequestElseThePodElseThirtySeconds() {
    pod("requested", "node-1", 60L);
    client.pods().inNamespace("default").withName("requested").withGracePeriod(5).delete();
    assertThat(get("requested").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(5L);
    pod("defaulted", "node-1", null);
    client.pods().inNamespace("default").withName("defaulted").delete();
    assertThat(get("defaulted").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
  }

  @Test
  void podsNoNodeRunsAndForcedDeletionsGoAtOnce() {
    pod("unscheduled", null, 30L);
    client.pods().inNamespace("default").withName("unscheduled").delete();
    assertThat(get("unscheduled")).isNull();
    pod("forced", "node-1", 30L);
    client.pods().inNamespace("default").withName("forced").withGracePeriod(0).delete();
    assertThat(get("forced")).isNull();
  }

  @Test
  void bindingAssignsANodeOnceAndMarksThePodScheduled() {
    pod("bind-me", null, 1L);
    var binding =
        new BindingBuilder()
            .withNewMetadata()
            .withName("bind-me")
            .endMetadata()
            .withNewTarget()
            .withKind("Node")
            .withName("node-2")
            .endTarget()
            .build();
    client.bindings().inNamespace("default").resource(binding).create();
    Pod bound = get("bind-me");
    assertThat(bound.getSpec().getNodeName()).isEqualTo("node-2");
    assertThat(bound.getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("PodScheduled") && c.getStatus().equals("True"));
    binding.getTarget().setName("node-3");
    assertThatThrownBy(() -> client.bindings().inNamespace("default").resource(binding).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("already assigned to node \"node-2\"");
  }
}
