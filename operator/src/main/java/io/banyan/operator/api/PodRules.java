package io.banyan.operator.api;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pod-shaping fields (placement, scheduling, pod template, Services): their CEL rules as Java
 * with the same messages, and the map-key checks CEL cannot afford (a structural schema cannot
 * bound a key's length). Part of {@link SpecValidation}.
 */
final class PodRules {
  private static final Pattern QUALIFIED_NAME = Pattern.compile(Names.QUALIFIED_NAME);
  private static final Set<String> RESERVED =
      Set.of(
          "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by");

  private PodRules() {}

  static void check(StoreClusterSpec spec, List<String> errors) {
    for (ZoneSpec zone : spec.zones == null ? List.<ZoneSpec>of() : spec.zones) {
      if (zone.placement != null) {
        placement(zone.placement, errors);
      }
    }
    if (spec.scheduling != null && !keys(spec.scheduling.nodeSelector)) {
      add(errors, SchedulingSpec.NODE_SELECTOR_KEYS);
    }
    PodTemplateSettings template = spec.podTemplate;
    if (template != null) {
      Map<String, String> labels = template.labels == null ? Map.of() : template.labels;
      if (labels.keySet().stream()
          .anyMatch(k -> k.startsWith("banyan.io/") || RESERVED.contains(k))) {
        add(errors, PodTemplateSettings.RESERVED_LABELS);
      }
      if (!keys(labels)) {
        add(errors, PodTemplateSettings.LABEL_KEYS);
      }
      if (!keys(template.annotations)) {
        add(errors, PodTemplateSettings.ANNOTATION_KEYS);
      }
    }
    if (spec.services != null && !keys(spec.services.annotations)) {
      add(errors, ServicesSpec.ANNOTATION_KEYS);
    }
  }

  private static void placement(PlacementSpec p, List<String> errors) {
    if (Boolean.TRUE.equals(p.anyNode) && p.nodeLabelValues != null) {
      add(errors, PlacementSpec.ANY_NODE_WITH_VALUES);
    }
    if (p.nodeLabelValues != null
        && new HashSet<>(p.nodeLabelValues).size() != p.nodeLabelValues.size()) {
      add(errors, PlacementSpec.VALUES_UNIQUE);
    }
    if (p.topologySpreadConstraints != null) {
      for (TopologySpreadConstraint c : p.topologySpreadConstraints) {
        if (c.getMaxSkew() == null
            || c.getTopologyKey() == null
            || c.getWhenUnsatisfiable() == null) {
          add(errors, PlacementSpec.SPREAD_FIELDS);
          break;
        }
      }
    }
  }

  /**
   * Keys are qualified names: an optional DNS-subdomain prefix of at most 253 characters and a name
   * of at most 63 (Kubernetes' rule for label and annotation keys); an absent map passes.
   */
  private static boolean keys(Map<String, String> map) {
    return map == null || map.keySet().stream().allMatch(PodRules::qualifiedName);
  }

  private static boolean qualifiedName(String key) {
    int slash = key.indexOf('/');
    String name = key.substring(slash + 1);
    return QUALIFIED_NAME.matcher(key).matches() && slash <= 253 && name.length() <= 63;
  }

  /** Each message once, even when several zones break the same rule (as CEL reports it). */
  private static void add(List<String> errors, String message) {
    if (!errors.contains(message)) {
      errors.add(message);
    }
  }
}
