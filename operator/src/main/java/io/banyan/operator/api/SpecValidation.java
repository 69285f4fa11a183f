package io.banyan.operator.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The spec's CEL rules ({@code x-kubernetes-validations}) as a pure Java function, one check per
 * rule and with the same messages, so tests (and the operator, before acting) can evaluate them
 * without an API server. Also checks what CEL cannot express over the fixed-depth tree: node names
 * unique across a whole zone, at every depth.
 */
public final class SpecValidation {
  private SpecValidation() {}

  /** Returns the violated rules' messages; empty when the spec is valid. */
  public static List<String> validate(StoreClusterSpec spec) {
    List<String> errors = new ArrayList<>();
    List<ZoneSpec> zones = spec.zones == null ? List.of() : spec.zones;
    long masters = zones.stream().filter(z -> Boolean.TRUE.equals(z.initialMaster)).count();
    if (masters != 1) {
      errors.add("spec.zones: exactly one zone must have initialMaster: true");
    }
    Set<String> zoneNames = new HashSet<>();
    for (ZoneSpec z : zones) {
      if (!zoneNames.add(z.name)) {
        errors.add("spec.zones[].name: zone names must be unique");
        break;
      }
    }
    if (spec.failover != null && spec.failover.promotionOrder != null) {
      for (String p : spec.failover.promotionOrder) {
        if (!zoneNames.contains(p)) {
          errors.add("spec.failover.promotionOrder: may only name zones listed in spec.zones");
          break;
        }
      }
    }
    checkGlobalNames(zones, errors);
    for (ZoneSpec z : zones) {
      checkSiblings(z.replicas, "spec.zones[].replicas[].name", errors);
      Set<String> inZone = new HashSet<>();
      for (ReplicaNode r : z.replicas == null ? List.<ReplicaNode>of() : z.replicas) {
        collectUnique(r, z.name, inZone, errors);
      }
    }
    return errors;
  }

  /**
   * Generated pod names must not collide across zones: zone {@code jf} with replica {@code a-0}
   * would be {@code jf-a-0}, the first position of zone {@code jf-a}. Not a CEL rule (string
   * building over the whole tree is too costly for the API server's CEL budget).
   */
  private static void checkGlobalNames(List<ZoneSpec> zones, List<String> errors) {
    Set<String> seen = new HashSet<>();
    for (ZoneSpec z : zones) {
      int positions =
          (Boolean.TRUE.equals(z.initialMaster) ? 1 : 0)
              + (z.masterBackups == null ? 0 : z.masterBackups);
      for (int i = 0; i < positions; i++) {
        seen.add(Names.eligible(z.name, i));
      }
    }
    for (ZoneSpec z : zones) {
      for (ReplicaNode r : z.replicas == null ? List.<ReplicaNode>of() : z.replicas) {
        collectGlobal(r, z.name, seen, errors);
      }
    }
  }

  private static void collectGlobal(
      ReplicaNode node, String zone, Set<String> seen, List<String> errors) {
    String name = Names.replica(zone, node.name());
    if (!seen.add(name) && !errors.contains(clash(name))) {
      errors.add(clash(name));
    }
    for (ReplicaNode c : node.children()) {
      collectGlobal(c, zone, seen, errors);
    }
  }

  private static String clash(String name) {
    return "spec.zones[].replicas[].name: node name '"
        + name
        + "' clashes with another node of another zone; rename the zone or the replica";
  }

  private static void checkSiblings(
      List<? extends ReplicaNode> replicas, String field, List<String> errors) {
    if (replicas == null) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (ReplicaNode r : replicas) {
      if (!seen.add(r.name())) {
        errors.add(field + ": replica names must be unique");
        return;
      }
    }
    String child = field.replace("[].name", "[].replicas[].name");
    for (ReplicaNode r : replicas) {
      checkSiblings(r.children(), child, errors);
    }
  }

  private static void collectUnique(
      ReplicaNode node, String zone, Set<String> seen, List<String> errors) {
    if (!seen.add(node.name())) {
      errors.add(
          "spec.zones[name="
              + zone
              + "].replicas: node name '"
              + node.name()
              + "' is used twice in the zone's tree");
    }
    for (ReplicaNode c : node.children()) {
      collectUnique(c, zone, seen, errors);
    }
  }
}
