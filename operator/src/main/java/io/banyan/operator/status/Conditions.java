package io.banyan.operator.status;

import io.banyan.operator.api.StoreClusterStatus.Condition;
import io.banyan.operator.api.StoreClusterStatus.ConditionStatus;
import io.banyan.operator.api.StoreClusterStatus.ConditionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fixed set of condition types, each always present, with a transition time that changes only
 * when the condition's status does (so an unchanged cluster produces an unchanged status).
 */
public final class Conditions {
  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final String now;
  private final long generation;

  public Conditions(List<Condition> previous, String now, long generation) {
    this.previous = previous == null ? List.of() : previous;
    this.now = now;
    this.generation = generation;
  }

  /** Sets one condition; call once per type, in the order they should be listed. */
  public Conditions set(ConditionType type, boolean status, String reason, String message) {
    Condition c = new Condition();
    c.type = type;
    c.status = status ? ConditionStatus.True : ConditionStatus.False;
    c.reason = reason;
    c.message = message;
    c.observedGeneration = generation;
    c.lastTransitionTime =
        previous.stream()
            .filter(p -> p.type == type && p.status == c.status && p.lastTransitionTime != null)
            .map(p -> p.lastTransitionTime)
            .findFirst()
            .orElse(now);
    next.add(c);
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  /** The condition of {@code type} in {@code conditions}, or null. */
  public static Condition find(List<Condition> conditions, ConditionType type) {
    return conditions == null
        ? null
        : conditions.stream().filter(c -> Objects.equals(c.type, type)).findFirst().orElse(null);
  }
}
