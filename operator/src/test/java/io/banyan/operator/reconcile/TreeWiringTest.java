package io.banyan.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.reconcile.TreeWiring.Action;
import io.banyan.operator.reconcile.TreeWiring.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeWiringTest {
  private static final Map<String, String> PARENTS = new LinkedHashMap<>();

  static {
    PARENTS.put("m", null);
    PARENTS.put("b", "m");
    PARENTS.put("s1", "m");
    PARENTS.put("s2", "s1");
  }

  private static final Map<String, String> IPS =
      Map.of("m", "10.0.0.1", "b", "10.0.0.2", "s1", "10.0.0.3", "s2", "10.0.0.4");

  private static NodeObservation node(
      String name, Role role, boolean fenced, long epoch, String master, Link link) {
    return NodeObservation.of(name)
        .role(role)
        .fenced(fenced)
        .epoch(epoch)
        .masterAddress(master)
        .link(link)
        .offset(5)
        .replid("r")
        .build();
  }

  @Test
  void freshFencedNodesAreToldTheirParentsAndTheMasterIsNotPromotedHere() {
    Map<String, NodeObservation> obs =
        Map.of(
            "m", node("m", Role.MASTER, false, 1, null, Link.NONE),
            "b", node("b", Role.MASTER, true, 0, null, Link.NONE),
            "s1", node("s1", Role.MASTER, true, 0, null, Link.NONE),
            "s2", node("s2", Role.MASTER, true, 0, null, Link.NONE));
    List<Action> actions = TreeWiring.plan(PARENTS, "m", obs, IPS, 1, true);
    assertThat(actions)
        .containsExactly(
            new Action("b", Kind.REPLICATE, "m", "10.0.0.1", 1),
            new Action("s1", Kind.REPLICATE, "m", "10.0.0.1", 1),
            new Action("s2", Kind.REPLICATE, "s1", "10.0.0.3", 1));
  }

  @Test
  void aReplicaIsAdmittedOnlyOnceItsLinkIsUp() {
    Map<String, NodeObservation> obs =
        Map.of(
            "m", node("m", Role.MASTER, false, 1, null, Link.NONE),
            "b", node("b", Role.REPLICA, true, 0, "10.0.0.1:6379", Link.UP),
            "s1", node("s1", Role.REPLICA, true, 0, "10.0.0.1:6379", Link.SYNCING),
            "s2", node("s2", Role.REPLICA, false, 1, "10.0.0.3:6379", Link.UP));
    assertThat(TreeWiring.plan(PARENTS, "m", obs, IPS, 1, true))
        .containsExactly(new Action("b", Kind.ADMIT, "m", null, 1));
  }

  @Test
  void aFencedMasterIsReadmittedOnlyWhenItHoldsEveryWrite() {
    Map<String, NodeObservation> obs =
        Map.of(
            "m", node("m", Role.MASTER, true, 0, null, Link.NONE),
            "b", node("b", Role.REPLICA, false, 1, "10.0.0.1:6379", Link.DOWN),
            "s1", node("s1", Role.REPLICA, false, 1, "10.0.0.1:6379", Link.DOWN),
            "s2", node("s2", Role.REPLICA, false, 1, "10.0.0.3:6379", Link.UP));
    assertThat(TreeWiring.plan(PARENTS, "m", obs, IPS, 1, true))
        .containsExactly(new Action("m", Kind.ADMIT, null, null, 1));
    assertThat(TreeWiring.plan(PARENTS, "m", obs, IPS, 1, false)).isEmpty();
  }

  @Test
  void aNodeWhoseParentHasNoAddressWaits() {
    Map<String, NodeObservation> obs =
        Map.of(
            "m", node("m", Role.MASTER, false, 1, null, Link.NONE),
            "s2", node("s2", Role.MASTER, true, 0, null, Link.NONE));
    Map<String, String> ips = Map.of("m", "10.0.0.1", "s2", "10.0.0.4");
    assertThat(TreeWiring.plan(PARENTS, "m", obs, ips, 1, true)).isEmpty();
  }
}
