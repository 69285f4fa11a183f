package io.banyan.operator.model;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.model.DesiredTree.Node;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;

/**
 * Turns a StoreCluster into the Kubernetes objects it should have. Pure: no I/O and no client, so
 * the reconciler compares and applies what this returns, and tests check it without an API server.
 */
public final class ClusterObjects {
  /**
   * All desired objects of one cluster.
   *
   * @param pods one per {@link DesiredTree} node, in {@link DesiredTree#of} order
   * @param pvcs one per node, same order as {@code pods}
   * @param services see {@link ServiceFactory#services}
   */
  public record DesiredObjects(
      ConfigMap config,
      List<Pod> pods,
      List<PersistentVolumeClaim> pvcs,
      List<Service> services,
      PodDisruptionBudget pdb) {}

  private ClusterObjects() {}

  /** The desired objects; {@code sc} needs metadata name, namespace and uid, and a spec. */
  public static DesiredObjects desired(StoreCluster sc) {
    List<Node> nodes = DesiredTree.of(sc.getSpec());
    String configPart = ConfigRenderer.restartFingerprint(sc.getSpec());
    return new DesiredObjects(
        config(sc),
        nodes.stream()
            .map(n -> PodRevision.annotate(NodePodFactory.pod(sc, n), configPart))
            .toList(),
        nodes.stream().map(n -> NodePodFactory.pvc(sc, n)).toList(),
        ServiceFactory.services(sc),
        disruptionBudget(sc, nodes.size()));
  }

  /** ConfigMap {@code <c>-config} with the rendered {@code banyan.conf}. */
  public static ConfigMap config(StoreCluster sc) {
    String cluster = sc.getMetadata().getName();
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ObjectNames.config(cluster))
        .withNamespace(sc.getMetadata().getNamespace())
        .withLabels(Labels.cluster(cluster))
        .withOwnerReferences(Owners.controllerOf(sc))
        .endMetadata()
        .withData(Map.of(ObjectNames.CONFIG_KEY, ConfigRenderer.render(sc.getSpec())))
        .build();
  }

  /**
   * At most one pod of the cluster voluntarily disrupted (drain, eviction) at a time, so a drain
   * never takes the master and its only backup together: an integer {@code minAvailable} of all
   * pods but one, rewritten whenever the node count changes.
   *
   * <p>Not {@code maxUnavailable: 1}: Kubernetes' disruption controller resolves {@code
   * maxUnavailable} (and a percentage {@code minAvailable}) through the pods' controller's {@code
   * /scale} subresource; the StoreCluster controls bare pods and has none, so the controller would
   * fail to sync the budget and allow no disruption at all — every drain would hang. An integer
   * {@code minAvailable} is counted against the selected pods alone. With a single node it is 0:
   * the one pod may be drained (a one-node cluster has no availability to protect, and refusing
   * would block node maintenance forever).
   */
  public static PodDisruptionBudget disruptionBudget(StoreCluster sc, int pods) {
    String cluster = sc.getMetadata().getName();
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(ObjectNames.disruptionBudget(cluster))
        .withNamespace(sc.getMetadata().getNamespace())
        .withLabels(Labels.cluster(cluster))
        .withOwnerReferences(Owners.controllerOf(sc))
        .endMetadata()
        .withNewSpec()
        .withMinAvailable(new IntOrString(Math.max(0, pods - 1)))
        .withNewSelector()
        .withMatchLabels(Labels.selectCluster(cluster))
        .endSelector()
        .endSpec()
        .build();
  }
}
