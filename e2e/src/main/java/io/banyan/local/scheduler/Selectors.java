package io.banyan.local.scheduler;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' selector semantics (apimachinery labels and the core/v1 node selector): label
 * selectors ({@code matchLabels} and {@code matchExpressions} with In, NotIn, Exists, DoesNotExist,
 * all ANDed; an empty selector matches everything, a null one nothing) and node selector terms
 * (expressions on labels, including Gt/Lt, and {@code matchFields} on {@code metadata.name}). Pure.
 */
public final class Selectors {
  private Selectors() {}

  /** Whether a label selector selects these labels; null selects nothing, empty everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r.getKey(), r.getOperator(), r.getValues(), l)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a node satisfies one node selector term (its requirements ANDed). */
  public static boolean matches(NodeSelectorTerm term, Node node) {
    boolean any = false;
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (term.getMatchExpressions() != null) {
      for (NodeSelectorRequirement r : term.getMatchExpressions()) {
        any = true;
        if (!matches(r.getKey(), r.getOperator(), r.getValues(), labels)) {
          return false;
        }
      }
    }
    if (term.getMatchFields() != null) {
      for (NodeSelectorRequirement r : term.getMatchFields()) {
        any = true;
        // The only field Kubernetes supports here.
        Map<String, String> fields = Map.of("metadata.name", node.getMetadata().getName());
        if (!"metadata.name".equals(r.getKey())
            || !matches(r.getKey(), r.getOperator(), r.getValues(), fields)) {
          return false;
        }
      }
    }
    return any; // a term without requirements matches no node
  }

  /** Whether any of the terms (ORed) matches the node. */
  public static boolean matchesAny(List<NodeSelectorTerm> terms, Node node) {
    return terms != null && terms.stream().anyMatch(t -> matches(t, node));
  }

  private static boolean matches(
      String key, String operator, List<String> values, Map<String, String> labels) {
    String value = labels.get(key);
    List<String> vs = values == null ? List.of() : values;
    return switch (operator) {
      case "In" -> value != null && vs.contains(value);
      case "NotIn" -> value == null || !vs.contains(value);
      case "Exists" -> labels.containsKey(key);
      case "DoesNotExist" -> !labels.containsKey(key);
      case "Gt", "Lt" -> compare(value, vs, operator.equals("Gt"));
      default -> throw new IllegalArgumentException("unknown selector operator '" + operator + "'");
    };
  }

  private static boolean compare(String value, List<String> values, boolean greater) {
    if (value == null || values.size() != 1) {
      return false;
    }
    try {
      long actual = Long.parseLong(value);
      long bound = Long.parseLong(values.get(0));
      return greater ? actual > bound : actual < bound;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
