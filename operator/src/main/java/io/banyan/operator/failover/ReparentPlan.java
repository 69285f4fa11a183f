package io.banyan.operator.failover;

import io.banyan.operator.model.DesiredTree.InitialRole;
import io.banyan.operator.model.DesiredTree.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who replicates from whom once {@code master} is the master: every other master-eligible node
 * (including a returning old master) and every chain head (a node whose desired parent is the
 * initial master) follows the new master; deeper chain members keep their desired parent, so their
 * chains move with their head and resync partially (I2).
 *
 * @param master the master of the plan
 * @param parents node → parent node, in tree order; the master maps to null
 */
public record ReparentPlan(String master, Map<String, String> parents) {
  public ReparentPlan {
    parents = Collections.unmodifiableMap(new LinkedHashMap<>(parents));
  }

  /** The plan for {@code tree} with {@code newMaster} as master; pure. */
  public static ReparentPlan plan(List<Node> tree, String newMaster) {
    Node target =
        tree.stream()
            .filter(n -> n.name().equals(newMaster))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("not in the tree: " + newMaster));
    if (!ClusterView.eligible(target)) {
      throw new IllegalArgumentException("not master-eligible: " + newMaster);
    }
    String initialMaster =
        tree.stream()
            .filter(n -> n.initialRole() == InitialRole.MASTER)
            .map(Node::name)
            .findFirst()
            .orElseThrow();
    Map<String, String> parents = new LinkedHashMap<>();
    for (Node n : tree) {
      String parent;
      if (n.name().equals(newMaster)) {
        parent = null;
      } else if (ClusterView.eligible(n) || initialMaster.equals(n.parent())) {
        parent = newMaster;
      } else {
        parent = n.parent();
      }
      parents.put(n.name(), parent);
    }
    return new ReparentPlan(newMaster, parents);
  }

  /** The parent of {@code node} in this plan; null for the master (and unknown nodes). */
  public String parentOf(String node) {
    return parents.get(node);
  }

  /** Nodes that replicate directly from the master, in tree order. */
  public List<String> directReplicas() {
    return parents.entrySet().stream()
        .filter(e -> master.equals(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }
}
