package io.banyan.local.kubelet;

import io.banyan.local.nodes.NodeInventory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Nodes this kubelet stands in for: it registers each Node of the inventory (as every kubelet
 * registers its own) and reports it Ready. A stopped node is reported as the node lifecycle
 * controller reports a node whose kubelet stopped posting status: {@code Ready=Unknown} and the
 * taint {@code node.kubernetes.io/unreachable:NoSchedule}, so the scheduler places nothing there;
 * both are undone when it starts again. (The controller's 40 s grace before that, and its NoExecute
 * taint that evicts pods after 300 s, are not emulated.) Touched only by the kubelet's loop thread.
 */
final class NodeRegistry {
  static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
  private final KubernetesClient client;
  private final NodeInventory inventory;
  private final String hostIp;
  private final Map<String, Boolean> readiness = new HashMap<>();

  /**
   * What every pretend node reports as its capacity and allocatable resources: this machine's, as a
   * kubelet reports its own host's (no system or kube reservations are subtracted). All the nodes
   * share the machine, so these numbers overstate what a pod gets together with the others, as they
   * would on a real node whose pods have no limits.
   */
  static final Map<String, io.fabric8.kubernetes.api.model.Quantity> MACHINE = machine();

  NodeRegistry(KubernetesClient client, NodeInventory inventory, String hostIp) {
    this.client = client;
    this.inventory = inventory;
    this.hostIp = hostIp;
  }

  /** Creates every Node (keeping one that already exists) and reports it Ready. */
  void register() {
    for (Node node : inventory.nodes()) {
      if (client.nodes().withName(node.getMetadata().getName()).get() == null) {
        client.nodes().resource(node).create();
      }
      setReady(node.getMetadata().getName(), true);
    }
  }

  boolean serves(String nodeName) {
    return nodeName != null && inventory.contains(nodeName);
  }

  List<String> names() {
    return inventory.names();
  }

  /** The node's value of a label (from the inventory), or null. */
  String label(String nodeName, String key) {
    return inventory.nodes().stream()
        .filter(n -> n.getMetadata().getName().equals(nodeName))
        .map(n -> n.getMetadata().getLabels().get(key))
        .findFirst()
        .orElse(null);
  }

  /** Nodes whose label {@code key} has one of {@code values}. */
  List<String> withLabel(String key, java.util.Collection<String> values) {
    List<String> names = new ArrayList<>();
    for (Node n : inventory.nodes()) {
      if (values.contains(n.getMetadata().getLabels().get(key))) {
        names.add(n.getMetadata().getName());
      }
    }
    return names;
  }

  /** Reports the node Ready, or unreachable (Unknown + NoSchedule taint). */
  void setReady(String nodeName, boolean ready) {
    if (Boolean.valueOf(ready).equals(readiness.get(nodeName))) {
      return;
    }
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Node status =
        new NodeBuilder()
            .withNewMetadata()
            .withName(nodeName)
            .endMetadata()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "Unknown")
            .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
            .withMessage(
                ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.")
            .withLastHeartbeatTime(now)
            .withLastTransitionTime(now)
            .endCondition()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(hostIp)
            .endAddress()
            .addNewAddress()
            .withType("Hostname")
            .withAddress(nodeName)
            .endAddress()
            .withCapacity(MACHINE)
            .withAllocatable(MACHINE)
            .withNewNodeInfo()
            .withKubeletVersion("local")
            .withOperatingSystem("linux")
            .withArchitecture("amd64")
            .endNodeInfo()
            .endStatus()
            .build();
    client
        .nodes()
        .withName(nodeName)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), status);
    client
        .nodes()
        .withName(nodeName)
        .edit(
            n -> {
              if (n.getSpec() == null) {
                n.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
              }
              List<Taint> taints =
                  n.getSpec().getTaints() == null
                      ? new ArrayList<>()
                      : new ArrayList<>(n.getSpec().getTaints());
              taints.removeIf(t -> UNREACHABLE_TAINT.equals(t.getKey()));
              if (!ready) {
                taints.add(new Taint("NoSchedule", UNREACHABLE_TAINT, now, null));
              }
              n.getSpec().setTaints(taints.isEmpty() ? null : taints);
              return n;
            });
    readiness.put(nodeName, ready);
  }

  private static Map<String, io.fabric8.kubernetes.api.model.Quantity> machine() {
    long memory = 0;
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memory = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      memory = Runtime.getRuntime().maxMemory(); // not Linux: a lower bound is better than nothing
    }
    return Map.of(
        "cpu",
            new io.fabric8.kubernetes.api.model.Quantity(
                Integer.toString(Runtime.getRuntime().availableProcessors())),
        "memory", new io.fabric8.kubernetes.api.model.Quantity(Long.toString(memory)),
        "pods", new io.fabric8.kubernetes.api.model.Quantity("110"));
  }
}
