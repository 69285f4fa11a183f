package io.banyan.operator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.operator.model.DesiredTree.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReparentPlanTest {
  @Test
  void initialMasterPlanIsTheDesiredTree() {
    for (Cluster c : new Cluster[] {Cluster.threeDc(), Cluster.helperTree()}) {
      Map<String, String> desired = new LinkedHashMap<>();
      c.tree.forEach(n -> desired.put(n.name(), n.parent()));
      assertThat(ReparentPlan.plan(c.tree, c.tree.get(0).name()).parents()).isEqualTo(desired);
    }
  }

  @Test
  void threeDatacentersAfterPromotingJfB0() {
    ReparentPlan p = ReparentPlan.plan(Cluster.threeDc().tree, "jf-b-0");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("jf-a-0", "jf-b-0"); // the old master rejoins as a replica
    expected.put("jf-a-1", "jf-b-0");
    expected.put("jf-a-s1", "jf-b-0");
    expected.put("jf-a-s2", "jf-a-s1"); // deeper members keep their parents
    expected.put("jf-b-0", null);
    expected.put("jf-b-s1", "jf-b-0");
    expected.put("jf-b-s2", "jf-b-s1");
    expected.put("jf-c-s1", "jf-b-0");
    expected.put("jf-c-s2", "jf-c-s1");
    assertThat(p.parents()).isEqualTo(expected);
    assertThat(p.master()).isEqualTo("jf-b-0");
    assertThat(p.directReplicas())
        .containsExactly("jf-a-0", "jf-a-1", "jf-a-s1", "jf-b-s1", "jf-c-s1");
  }

  @Test
  void helperTreeKeepsLeavesUnderTheirHelpers() {
    ReparentPlan p = ReparentPlan.plan(Cluster.helperTree().tree, "dc1-0");
    assertThat(p.directReplicas()).containsExactly("dc1-h1", "dc1-h2", "dc1-h3");
    assertThat(p.parentOf("dc1-h2-l3")).isEqualTo("dc1-h2");
    assertThat(p.parentOf("dc1-0")).isNull();
  }

  @Test
  void onlyMasterEligibleNodesCanLeadAPlan() {
    var tree = Cluster.helperTree().tree;
    assertThatThrownBy(() -> ReparentPlan.plan(tree, "dc1-h1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not master-eligible");
    assertThatThrownBy(() -> ReparentPlan.plan(tree, "nope"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyNodeHasAParentOnTheWayToTheMaster() {
    var tree = Cluster.threeDc().tree;
    for (Node m : tree) {
      if (!ClusterView.eligible(m)) {
        continue;
      }
      ReparentPlan p = ReparentPlan.plan(tree, m.name());
      for (Node n : tree) {
        String at = n.name();
        for (int hops = 0; at != null && hops < tree.size(); hops++) {
          at = p.parentOf(at) == null ? (at.equals(m.name()) ? null : "lost") : p.parentOf(at);
        }
        assertThat(at).as("path of %s under %s", n.name(), m.name()).isNull();
      }
    }
  }
}
