package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 11 item 1: Terminating pods are still the cluster's pods (observed, probed, fenced). */
class ClusterResourcesPodsTest {
  static Pod pod(String name, String node, String ip, boolean terminating) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(Labels.NODE, node)
        .withDeletionTimestamp(terminating ? "2026-12-07T01:00:00Z" : null)
        .endMetadata()
        .withNewStatus()
        .withPodIP(ip)
        .endStatus()
        .build();
  }

  @Test
  void aTerminatingPodKeepsItsNodeAndAddress() {
    var pods = ClusterResources.byNode(List.of(pod("a", "jf-a-0", "10.0.0.1", true)));
    assertThat(pods).containsOnlyKeys("jf-a-0");
    assertThat(pods.get("jf-a-0").getStatus().getPodIP()).isEqualTo("10.0.0.1");
    assertThat(ClusterResources.terminating(pods.get("jf-a-0"))).isTrue();
  }

  @Test
  void aReplacementWinsOverTheTerminatingPodOfTheSameNode() {
    Pod old = pod("a", "jf-a-0", "10.0.0.1", true);
    Pod replacement = pod("a2", "jf-a-0", "10.0.0.9", false);
    assertThat(ClusterResources.byNode(List.of(old, replacement)).get("jf-a-0"))
        .isSameAs(replacement);
    assertThat(ClusterResources.byNode(List.of(replacement, old)).get("jf-a-0"))
        .isSameAs(replacement);
  }

  @Test
  void podsWithoutANodeLabelAreNotNodes() {
    Pod stray = new PodBuilder().withNewMetadata().withName("x").endMetadata().build();
    assertThat(ClusterResources.byNode(List.of(stray))).isEmpty();
  }
}
