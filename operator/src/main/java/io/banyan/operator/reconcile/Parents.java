package io.banyan.operator.reconcile;

import io.banyan.operator.model.DesiredTree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who each node replicates from, given the current master: the tree's direct replicas of the master
 * position (backups, chain heads) and the former master follow the current master; deeper chain
 * members keep their tree parent. Pure.
 */
final class Parents {
  private Parents() {}

  static Map<String, String> of(List<DesiredTree.Node> tree, String master) {
    String initialMaster = tree.get(0).name();
    Map<String, String> parents = new LinkedHashMap<>();
    for (DesiredTree.Node n : tree) {
      if (n.name().equals(master)) {
        parents.put(n.name(), null);
      } else if (n.parent() == null || n.parent().equals(initialMaster)) {
        parents.put(n.name(), master);
      } else {
        parents.put(n.name(), n.parent());
      }
    }
    return parents;
  }
}
