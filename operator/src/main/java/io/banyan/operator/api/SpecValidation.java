package io.banyan.operator.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spec's CEL rules ({@code x-kubernetes-validations}) as a pure Java function, one check per
 * rule and with the same messages, so tests (and the operator, before acting) can evaluate them
 * without an API server ({@code CelRulesTest} checks the two agree on every example and broken
 * file). Also checks what CEL cannot express or afford: node names unique across a whole zone at
 * every depth, {@code spec.maxmemory} against the memory limit, and {@code spec.config} against the
 * data node's option table ({@link ConfigPassthrough}).
 */
public final class SpecValidation {
  static final String OTHER_ZONES_MESSAGE =
      "spec.replication.writeQuorumScope: OtherZones with a writeQuorum of 1 or more needs"
          + " master-eligible nodes (the initial master or masterBackups) in at least two zones";

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
    checkOtherZonesQuorum(spec, zones, errors);
    checkTargetMaster(spec, zones, errors);
    checkGlobalNames(zones, errors);
    for (ZoneSpec z : zones) {
      checkSiblings(z.replicas, "spec.zones[].replicas[].name", errors);
      Set<String> inZone = new HashSet<>();
      for (ReplicaNode r : z.replicas == null ? List.<ReplicaNode>of() : z.replicas) {
        collectUnique(r, z.name, inZone, errors);
      }
    }
    PodRules.check(spec, errors);
    checkMaxmemory(spec, errors);
    errors.addAll(ConfigPassthrough.validate(spec.config));
    errors.addAll(BackupValidation.validate(spec));
    checkTls(spec, errors);
    errors.addAll(AuthValidation.validate(spec.auth));
    return errors;
  }

  /**
   * A restore has the new master replicate from the operator's own replication source, which does
   * not serve TLS yet, while a TLS node replicates only in TLS: it would fail at every attempt, so
   * the spec is refused instead, naming both fields.
   */
  private static void checkTls(StoreClusterSpec spec, List<String> errors) {
    if (spec.tls == null) {
      return;
    }
    if (spec.bootstrap != null && spec.bootstrap.fromBackup != null) {
      errors.add(
          "spec.tls: a restore (spec.bootstrap.fromBackup) into a TLS cluster is not supported"
              + " yet");
    }
  }

  /**
   * {@code spec.failover.targetMaster} must name a master-eligible position ({@code <zone>-<i>}:
   * the initial master zone's {@code -0} and each zone's backups), never a read replica: only those
   * are replicas of the master that FAILOVER can hand over to.
   */
  private static void checkTargetMaster(
      StoreClusterSpec spec, List<ZoneSpec> zones, List<String> errors) {
    String target = spec.failover == null ? null : spec.failover.targetMaster;
    if (target == null) {
      return;
    }
    Set<String> eligible = new HashSet<>();
    for (ZoneSpec z : zones) {
      int count =
          (Boolean.TRUE.equals(z.initialMaster) ? 1 : 0)
              + (z.masterBackups == null ? 0 : z.masterBackups);
      for (int i = 0; i < count; i++) {
        eligible.add(Names.eligible(z.name, i));
      }
    }
    if (!eligible.contains(target)) {
      errors.add(
          "spec.failover.targetMaster: "
              + target
              + " is not a master-eligible node; choose one of "
              + new TreeSet<>(eligible));
    }
  }

  /**
   * A quorum of other zones' replicas protects against losing the master's zone only if another
   * zone can take over the master: otherwise it costs availability and saves nothing.
   */
  private static void checkOtherZonesQuorum(
      StoreClusterSpec spec, List<ZoneSpec> zones, List<String> errors) {
    ReplicationSpec r = spec.replication;
    if (r == null
        || r.writeQuorumScope != ReplicationSpec.WriteQuorumScope.OtherZones
        || r.writeQuorum == null
        || r.writeQuorum < 1) {
      return;
    }
    long eligibleZones =
        zones.stream()
            .filter(
                z ->
                    Boolean.TRUE.equals(z.initialMaster)
                        || (z.masterBackups != null && z.masterBackups > 0))
            .count();
    if (eligibleZones < 2) {
      errors.add(OTHER_ZONES_MESSAGE);
    }
  }

  /**
   * {@code spec.maxmemory} is positive and below the container's memory limit: a node must start
   * evicting (or answering -OOM) well before the kernel kills it.
   */
  private static void checkMaxmemory(StoreClusterSpec spec, List<String> errors) {
    if (spec.maxmemory == null) {
      return;
    }
    long bytes;
    try {
      bytes = MemorySize.bytes(spec.maxmemory);
    } catch (IllegalArgumentException | ArithmeticException e) {
      errors.add(
          "spec.maxmemory: '"
              + spec.maxmemory
              + "' is not a memory size (a Redis size such as 512mb or a quantity such as 2Gi)");
      return;
    }
    if (bytes <= 0) {
      errors.add(
          "spec.maxmemory: must be positive; leave it out for half of resources.limits.memory");
      return;
    }
    Long limit = MemorySize.limitBytes(spec);
    if (limit != null && bytes >= limit) {
      errors.add(
          "spec.maxmemory: "
              + spec.maxmemory
              + " is not below resources.limits.memory ("
              + spec.resources.getLimits().get("memory")
              + "): the container would be killed before eviction starts");
    }
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
