package io.banyan.local.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeInventoryTest {
  @TempDir Path dir;

  @Test
  void theDefaultIsThreeCloudZonesOfThreeNodesLabelledAsACloudLabelsThem() {
    NodeInventory inv = NodeInventory.cloudDefault();
    assertThat(inv.zones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
    assertThat(inv.names()).hasSize(9).contains("node-us-east-1b-2");
    Node n = inv.nodes().get(0);
    assertThat(n.getMetadata().getLabels())
        .containsEntry("topology.kubernetes.io/zone", "us-east-1a")
        .containsEntry("topology.kubernetes.io/region", "us-east-1")
        .containsEntry("kubernetes.io/hostname", n.getMetadata().getName())
        .containsEntry("kubernetes.io/os", "linux");
  }

  @Test
  void aFileOfNodesKeepsLabelsTaintsAndCordonsAndAddsTheKubeletsLabels() throws IOException {
    Path file = dir.resolve("nodes.yaml");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Node
        metadata:
          name: kind-control-plane
          labels:
            node-role.kubernetes.io/control-plane: ""
        spec:
          taints:
            - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
        ---
        apiVersion: v1
        kind: Node
        metadata:
          name: kind-worker
          labels: {topology.kubernetes.io/zone: eu-west-3a}
        spec:
          unschedulable: true
        """);
    NodeInventory inv = NodeInventory.load(file);
    assertThat(inv.names()).containsExactly("kind-control-plane", "kind-worker");
    assertThat(inv.zones()).containsExactly("eu-west-3a");
    Node cp = inv.nodes().get(0);
    assertThat(cp.getMetadata().getLabels())
        .containsEntry("kubernetes.io/hostname", "kind-control-plane")
        .containsKey("node-role.kubernetes.io/control-plane");
    assertThat(cp.getSpec().getTaints()).hasSize(1);
    assertThat(inv.nodes().get(1).getSpec().getUnschedulable()).isTrue();
  }

  @Test
  void badFilesAreRefusedNamingWhatIsWrong() throws IOException {
    Path pod = dir.resolve("pod.yaml");
    Files.writeString(pod, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
    assertThatThrownBy(() -> NodeInventory.load(pod)).hasMessageContaining("expected kind: Node");
    Path twice = dir.resolve("twice.yaml");
    Files.writeString(
        twice,
        "apiVersion: v1\nkind: Node\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: a}\n");
    assertThatThrownBy(() -> NodeInventory.load(twice)).hasMessageContaining("'a' is listed twice");
    Path unnamed = dir.resolve("unnamed.yaml");
    Files.writeString(unnamed, "apiVersion: v1\nkind: Node\nmetadata: {labels: {a: b}}\n");
    assertThatThrownBy(() -> NodeInventory.load(unnamed)).hasMessageContaining("metadata.name");
    assertThatThrownBy(() -> NodeInventory.load(dir.resolve("missing.yaml")))
        .hasMessageContaining("missing.yaml");
  }
}
