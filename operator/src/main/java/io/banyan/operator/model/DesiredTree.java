package io.banyan.operator.model;

import io.banyan.operator.api.Names;
import io.banyan.operator.api.ReplicaNode;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.ZoneSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec as a list of nodes with stable, role-independent names. Master-eligible positions of a
 * zone are {@code <zone>-<i>} (index 0 of the initial-master zone is the initial master, the others
 * its backups); read replicas are {@code <zone>-<name>}. Names never say "master": roles move,
 * names stay. Pure: no I/O.
 */
public final class DesiredTree {
  /** The role a node is created with; the live role is observed and may differ later. */
  public enum InitialRole {
    MASTER,
    MASTER_BACKUP,
    REPLICA
  }

  /**
   * One desired node.
   *
   * @param parent name of the node it replicates from at creation; null for the initial master
   */
  public record Node(String name, String zone, String parent, InitialRole initialRole) {}

  private DesiredTree() {}

  /** Nodes in a deterministic order: the master first, then zone by zone as declared. */
  public static List<Node> of(StoreClusterSpec spec) {
    ZoneSpec masterZone =
        spec.zones.stream()
            .filter(z -> Boolean.TRUE.equals(z.initialMaster))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no zone has initialMaster: true"));
    String master = Names.eligible(masterZone.name, 0);
    List<Node> nodes = new ArrayList<>();
    nodes.add(new Node(master, masterZone.name, null, InitialRole.MASTER));
    for (ZoneSpec z : spec.zones) {
      int first = z == masterZone ? 1 : 0;
      int backups = z.masterBackups == null ? 0 : z.masterBackups;
      for (int i = 0; i < backups; i++) {
        nodes.add(
            new Node(Names.eligible(z.name, first + i), z.name, master, InitialRole.MASTER_BACKUP));
      }
      if (z.replicas != null) {
        for (ReplicaNode r : z.replicas) {
          addReplica(r, z.name, master, nodes);
        }
      }
    }
    return List.copyOf(nodes);
  }

  private static void addReplica(ReplicaNode r, String zone, String parent, List<Node> nodes) {
    String name = Names.replica(zone, r.name());
    nodes.add(new Node(name, zone, parent, InitialRole.REPLICA));
    for (ReplicaNode c : r.children()) {
      addReplica(c, zone, name, nodes);
    }
  }
}
