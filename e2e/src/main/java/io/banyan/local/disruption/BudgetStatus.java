package io.banyan.local.disruption;

import io.banyan.local.scheduler.Selectors;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The disruption controller's rule (pkg/controller/disruption) for one PodDisruptionBudget, as a
 * pure function of the budget, the pods in its namespace and their controllers' scale:
 *
 * <ul>
 *   <li>integer {@code minAvailable}: desired = that number, expected = the selected pods;
 *   <li>{@code maxUnavailable} (number or percentage) or percentage {@code minAvailable}: expected
 *       = the controllers' scale ({@link ExpectedScale}), percentages rounded up; desired =
 *       expected − maxUnavailable (at least 0), or the scaled minAvailable. When the scale cannot
 *       be found (a custom resource without {@code /scale}) the budget fails safe: {@code
 *       disruptionsAllowed: 0} and condition {@code DisruptionAllowed=False}, reason {@code
 *       SyncFailed};
 *   <li>current healthy = selected pods that are Ready, not being deleted and not in {@code
 *       disruptedPods} (evictions the API accepted that the controller has not seen yet; an entry
 *       lapses once its pod is being deleted, is gone, or after 2 minutes);
 *   <li>disruptions allowed = max(0, current − desired); condition {@code DisruptionAllowed} True
 *       ({@code SufficientPods}) or False ({@code InsufficientPods}).
 * </ul>
 */
final class BudgetStatus {
  static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
  static final String CONDITION = "DisruptionAllowed";

  /** The new status, and a warning to record (or null). */
  record Outcome(PodDisruptionBudgetStatus status, String eventReason, String eventMessage) {}

  private BudgetStatus() {}

  static Outcome compute(
      PodDisruptionBudget pdb,
      List<Pod> namespacePods,
      Function<List<Pod>, ExpectedScale.Result> scale,
      Instant now) {
    List<Pod> pods = new ArrayList<>();
    for (Pod p : namespacePods) {
      if (Selectors.matches(pdb.getSpec().getSelector(), p.getMetadata().getLabels())) {
        pods.add(p);
      }
    }
    IntOrString maxUnavailable = pdb.getSpec().getMaxUnavailable();
    IntOrString minAvailable = pdb.getSpec().getMinAvailable();
    int expected;
    int desired;
    String warningReason = null;
    String warning = null;
    if (maxUnavailable != null || (minAvailable != null && minAvailable.getStrVal() != null)) {
      ExpectedScale.Result r = scale.apply(pods);
      if (r.error() != null) {
        return failSafe(pdb, r.error(), now);
      }
      expected = r.expected();
      if (!r.unmanaged().isEmpty()) {
        warningReason = "UnmanagedPods";
        warning =
            "pods "
                + r.unmanaged()
                + " selected by this budget have no controller, so they are not counted; an"
                + " integer .spec.minAvailable would count them";
      }
      if (maxUnavailable != null) {
        desired = Math.max(0, expected - scaled(maxUnavailable, expected));
      } else {
        desired = scaled(minAvailable, expected);
      }
    } else if (minAvailable != null) {
      desired = minAvailable.getIntVal();
      expected = pods.size();
    } else {
      desired = 0;
      expected = pods.size();
    }
    Map<String, String> disrupted = new LinkedHashMap<>();
    Map<String, String> previous =
        pdb.getStatus() == null || pdb.getStatus().getDisruptedPods() == null
            ? Map.of()
            : pdb.getStatus().getDisruptedPods();
    int healthy = 0;
    for (Pod p : pods) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String since = previous.get(p.getMetadata().getName());
      if (since != null && Instant.parse(since).plus(DELETION_TIMEOUT).isAfter(now)) {
        disrupted.put(p.getMetadata().getName(), since);
        continue;
      }
      if (ready(p)) {
        healthy++;
      }
    }
    int allowed = Math.max(0, healthy - desired);
    PodDisruptionBudgetStatus status =
        new PodDisruptionBudgetStatusBuilder()
            .withObservedGeneration(pdb.getMetadata().getGeneration())
            .withExpectedPods(expected)
            .withCurrentHealthy(healthy)
            .withDesiredHealthy(desired)
            .withDisruptionsAllowed(allowed)
            .withDisruptedPods(disrupted.isEmpty() ? null : disrupted)
            .withConditions(
                condition(
                    pdb,
                    allowed > 0 ? "True" : "False",
                    allowed > 0 ? "SufficientPods" : "InsufficientPods",
                    "",
                    now))
            .build();
    return new Outcome(status, warningReason, warning);
  }

  /** What the controller writes when it cannot compute the budget: nothing may be disrupted. */
  private static Outcome failSafe(PodDisruptionBudget pdb, String error, Instant now) {
    PodDisruptionBudgetStatus old =
        pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
    PodDisruptionBudgetStatus status =
        new PodDisruptionBudgetStatusBuilder(old)
            .withDisruptionsAllowed(0)
            .withConditions(condition(pdb, "False", "SyncFailed", error, now))
            .build();
    return new Outcome(
        status,
        "CalculateExpectedPodCountFailed",
        "Failed to calculate the number of expected pods: " + error);
  }

  /** {@code DisruptionAllowed}, keeping its transition time when its status did not change. */
  private static Condition condition(
      PodDisruptionBudget pdb, String status, String reason, String message, Instant now) {
    String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
    if (pdb.getStatus() != null && pdb.getStatus().getConditions() != null) {
      for (Condition c : pdb.getStatus().getConditions()) {
        if (CONDITION.equals(c.getType()) && status.equals(c.getStatus())) {
          since = c.getLastTransitionTime();
        }
      }
    }
    Long observed = pdb.getStatus() == null ? null : pdb.getStatus().getObservedGeneration();
    return new ConditionBuilder()
        .withType(CONDITION)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .withObservedGeneration(observed)
        .build();
  }

  /**
   * A number, or a percentage of {@code total} rounded up (intstr.GetScaledValueFromIntOrPercent).
   */
  static int scaled(IntOrString value, int total) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String s = value.getStrVal();
    if (!s.endsWith("%")) {
      throw new IllegalArgumentException("invalid value for IntOrString: " + s);
    }
    int percent = Integer.parseInt(s.substring(0, s.length() - 1));
    return (int) Math.ceil(percent * (double) total / 100.0);
  }

  static boolean ready(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
