package io.banyan.local.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pretend Nodes pods are scheduled onto: one Node {@code local-<value>} per distinct value a
 * pod's required node affinity asks for (labelled {@code <key>=<value>} and {@code
 * kubernetes.io/hostname}), {@code local-default} for pods without one. Scheduling is setting
 * {@code spec.nodeName}. Touched only by the kubelet's loop thread.
 */
final class LocalNodes {
  static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
  private final KubernetesClient client;
  private final String hostIp;
  private final Map<String, Boolean> readiness = new HashMap<>();

  LocalNodes(KubernetesClient client, String hostIp) {
    this.client = client;
    this.hostIp = hostIp;
  }

  /** The node {@code pod} belongs on, created (Ready) on first use. */
  String placeOf(Pod pod) {
    Optional<NodeSelectorRequirement> required = requiredPlacement(pod);
    String name = required.map(r -> "local-" + r.getValues().get(0)).orElse("local-default");
    if (!readiness.containsKey(name)) {
      NodeBuilder node =
          new NodeBuilder()
              .withNewMetadata()
              .withName(name)
              .addToLabels(HOSTNAME_LABEL, name)
              .endMetadata();
      required.ifPresent(
          r -> node.editMetadata().addToLabels(r.getKey(), r.getValues().get(0)).endMetadata());
      client.nodes().resource(node.build()).createOr(existing -> existing.update());
      readiness.put(name, false);
      setReady(name, true);
    }
    return name;
  }

  /** Reports the node Ready or NotReady (as the node lifecycle controller would see it). */
  void setReady(String nodeName, boolean ready) {
    if (Boolean.valueOf(ready).equals(readiness.get(nodeName))) {
      return;
    }
    Node status =
        new NodeBuilder()
            .withNewMetadata()
            .withName(nodeName)
            .endMetadata()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .withReason(ready ? "KubeletReady" : "NodeStatusUnknown")
            .endCondition()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(hostIp)
            .endAddress()
            .endStatus()
            .build();
    client
        .nodes()
        .withName(nodeName)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), status);
    readiness.put(nodeName, ready);
  }

  private static Optional<NodeSelectorRequirement> requiredPlacement(Pod pod) {
    var affinity = pod.getSpec().getAffinity();
    if (affinity == null
        || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return Optional.empty();
    }
    List<NodeSelectorTerm> terms =
        affinity
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    return terms.stream()
        .flatMap(
            t ->
                t.getMatchExpressions() == null
                    ? java.util.stream.Stream.<NodeSelectorRequirement>empty()
                    : t.getMatchExpressions().stream())
        .filter(
            r -> "In".equals(r.getOperator()) && r.getValues() != null && !r.getValues().isEmpty())
        .findFirst();
  }
}
