package io.banyan.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request log names verbs and resources as the API server's audit log does. */
class RequestLogIT {
  static EmbeddedApiServer api;
  static KubernetesClient tagged;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start();
    tagged =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(api.client().getConfiguration())
                    .withUserAgent("request-log-test")
                    .build())
            .build();
  }

  @AfterAll
  static void stop() {
    tagged.close();
    api.close();
  }

  private static List<RequestLog.Entry> mine(long since) {
    return api.requestLog().since(since, e -> e.userAgent().equals("request-log-test"));
  }

  @Test
  void classifiesEachRequestByVerbAndResourceAndKeepsTheUserAgent() {
    long since = System.nanoTime();
    ConfigMap cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("log")
            .withNamespace("default")
            .endMetadata()
            .withData(Map.of("a", "1"))
            .build();
    tagged.resource(cm).create();
    tagged.configMaps().inNamespace("default").withName("log").get();
    tagged.configMaps().inNamespace("default").list();
    Pod pod =
        tagged
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("p")
                    .withNamespace("default")
                    .endMetadata()
                    .withNewStatus()
                    .withPhase("Pending")
                    .endStatus()
                    .build())
            .create();
    pod.getStatus().setPhase("Running");
    tagged.resource(pod).updateStatus();
    tagged.policy().v1().podDisruptionBudget().inNamespace("default").list();
    tagged.configMaps().inNamespace("default").withName("log").delete();

    assertThat(mine(since))
        .extracting(RequestLog.Entry::key)
        .containsExactly(
            "create configmaps",
            "get configmaps",
            "list configmaps",
            "create pods",
            "update pods/status",
            "list poddisruptionbudgets",
            "delete configmaps");
    assertThat(api.requestLog().userAgents()).contains("request-log-test");
  }

  @Test
  void namesPatchesCollectionsAndSubresourcesFromMethodAndPath() {
    assertThat(RequestLog.verb("PATCH", "/api/v1/namespaces/ns/pods/p?fieldManager=x"))
        .isEqualTo("patch");
    assertThat(RequestLog.verb("DELETE", "/api/v1/namespaces/ns/pods?labelSelector=a%3Db"))
        .isEqualTo("deletecollection");
    assertThat(RequestLog.verb("GET", "/apis/banyan.io/v1alpha1/storeclusters?watch=true"))
        .isEqualTo("watch");
    assertThat(RequestLog.verb("GET", "/api/v1/namespaces/ns")).isEqualTo("get");
    assertThat(RequestLog.resource("/apis/banyan.io/v1alpha1/namespaces/ns/storeclusters/c/status"))
        .isEqualTo("storeclusters/status");
    assertThat(RequestLog.resource("/apis/policy/v1/namespaces/ns/poddisruptionbudgets/c"))
        .isEqualTo("poddisruptionbudgets");
    assertThat(RequestLog.resource("/api/v1/namespaces")).isEqualTo("namespaces");
    assertThat(RequestLog.resource("/apis/banyan.io/v1alpha1")).isEqualTo("discovery");
  }

  @Test
  void aWatchIsOneRequestWhenItOpens() {
    long since = System.nanoTime();
    try (Watch w =
        tagged
            .pods()
            .inNamespace("default")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod resource) {}

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      // The client may return before the server has dispatched the upgrade request.
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(mine(since))
                      .extracting(RequestLog.Entry::key)
                      .containsExactly("watch pods"));
      assertThat(mine(since).get(0).isWrite()).isFalse();
    }
  }

  @Test
  void summarisesByVerbAndResource() {
    long since = System.nanoTime();
    tagged.configMaps().inNamespace("default").list();
    tagged.configMaps().inNamespace("default").list();
    tagged.pods().inNamespace("default").withName("nothing").get();
    assertThat(RequestLog.countByKey(mine(since)))
        .containsExactly(Map.entry("get pods", 1L), Map.entry("list configmaps", 2L));
    assertThat(mine(since))
        .filteredOn(e -> e.verb().equals("get"))
        .singleElement()
        .satisfies(e -> assertThat(e.code()).isEqualTo(404));
  }
}
