package io.banyan.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A pure emulation of how Kubernetes' disruption controller ({@code pkg/controller/disruption},
 * {@code disruption.go}) computes a PodDisruptionBudget's status, which the eviction API then
 * enforces. The facts it reproduces:
 *
 * <ul>
 *   <li>{@code getPodsForPdb}: the pods of the budget's namespace its selector matches.
 *   <li>{@code getExpectedPodCount}: with {@code maxUnavailable}, or a percentage {@code
 *       minAvailable}, the expected count is the sum of the scales of the pods' controllers ({@code
 *       getExpectedScale}); {@code desiredHealthy} is that count minus {@code maxUnavailable} (a
 *       percentage scaled with rounding up), never below 0, or the percentage of it rounded up.
 *       With an integer {@code minAvailable} no controller is consulted: the expected count is the
 *       number of selected pods and {@code desiredHealthy} is the integer.
 *   <li>{@code getExpectedScale}: a pod without a controller reference is unmanaged and skipped;
 *       ReplicationController, ReplicaSet, Deployment and StatefulSet owners give their replicas;
 *       any other owner is asked for its {@code /scale} subresource ({@code getScaleController}),
 *       and a resource that does not implement it is an error.
 *   <li>An error while syncing makes the controller {@code failSafe}: {@code disruptionsAllowed} is
 *       set to 0 (condition DisruptionAllowed=False, reason SyncFailed).
 *   <li>{@code countHealthyPods}: pods not being deleted (no {@code deletionTimestamp}) whose Ready
 *       condition is True.
 *   <li>{@code updatePdbStatus}: {@code disruptionsAllowed = currentHealthy - desiredHealthy}, and
 *       0 when that is negative or the expected count is not positive.
 * </ul>
 *
 * Not emulated: the disrupted-pods map of evictions in flight (no eviction happens here).
 */
final class DisruptionController {
  /** What the API says about a controller's scale: empty when its resource has no /scale. */
  @FunctionalInterface
  interface Scales {
    OptionalInt replicas(OwnerReference controller);
  }

  /** The budget's status as the controller would write it. */
  record Status(
      int expectedPods,
      int desiredHealthy,
      int currentHealthy,
      int disruptionsAllowed,
      String syncFailure) {}

  private static final List<String> WORKLOAD_KINDS =
      List.of("ReplicationController", "ReplicaSet", "Deployment", "StatefulSet");

  private DisruptionController() {}

  static Status sync(PodDisruptionBudget pdb, List<Pod> podsInNamespace, Scales scales) {
    List<Pod> pods =
        podsInNamespace.stream()
            .filter(
                p ->
                    Objects.equals(
                        p.getMetadata().getNamespace(), pdb.getMetadata().getNamespace()))
            .filter(p -> matches(pdb.getSpec().getSelector(), p.getMetadata().getLabels()))
            .toList();
    int expected;
    int desiredHealthy;
    IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
    IntOrString minAvailable = pdb.getSpec().getMinAvailable();
    try {
      if (maxUnavailable != null) {
        expected = expectedScale(pods, scales);
        desiredHealthy = Math.max(0, expected - scaled(maxUnavailable, expected));
      } else if (minAvailable != null && minAvailable.getIntVal() != null) {
        expected = pods.size();
        desiredHealthy = minAvailable.getIntVal();
      } else if (minAvailable != null) {
        expected = expectedScale(pods, scales);
        desiredHealthy = scaled(minAvailable, expected);
      } else {
        expected = 0;
        desiredHealthy = 0;
      }
    } catch (IllegalStateException e) {
      return new Status(0, 0, 0, 0, e.getMessage()); // failSafe
    }
    int healthy = (int) pods.stream().filter(DisruptionController::healthy).count();
    int allowed = healthy - desiredHealthy;
    if (expected <= 0 || allowed <= 0) {
      allowed = 0;
    }
    return new Status(expected, desiredHealthy, healthy, allowed, null);
  }

  private static int expectedScale(List<Pod> pods, Scales scales) {
    Map<String, Integer> scaleByController = new HashMap<>();
    for (Pod pod : pods) {
      OwnerReference controller =
          pod.getMetadata().getOwnerReferences().stream()
              .filter(r -> Boolean.TRUE.equals(r.getController()))
              .findFirst()
              .orElse(null);
      if (controller == null || scaleByController.containsKey(controller.getUid())) {
        continue; // unmanaged, or already counted
      }
      OptionalInt replicas = scales.replicas(controller);
      if (replicas.isEmpty()) {
        String group = controller.getApiVersion().split("/")[0];
        throw new IllegalStateException(
            WORKLOAD_KINDS.contains(controller.getKind())
                ? "found no controllers for pod " + pod.getMetadata().getName()
                : resource(controller.getKind())
                    + "."
                    + group
                    + " does not implement the scale subresource");
      }
      scaleByController.put(controller.getUid(), replicas.getAsInt());
    }
    return scaleByController.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** An integer, or a percentage of {@code total} rounded up. */
  private static int scaled(IntOrString value, int total) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value.getStrVal();
    int percent = Integer.parseInt(s.substring(0, s.length() - 1));
    return (int) Math.ceil(percent * total / 100.0);
  }

  private static boolean healthy(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new UnsupportedOperationException("matchExpressions are not emulated");
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    return selector.getMatchLabels().entrySet().stream()
        .allMatch(e -> e.getValue().equals(have.get(e.getKey())));
  }

  private static String resource(String kind) {
    return kind.toLowerCase() + "s";
  }
}
