package io.banyan.local.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.local.nodes.NodeInventory;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The scheduler stand-in's decisions on the default inventory (us-east-1a/b/c × 3 nodes): each
 * filter kube-scheduler applies, the Unschedulable message, and the preferred terms as
 * tie-breakers.
 */
class PlacementTest {
  static final String ZONE = NodeInventory.ZONE_LABEL;
  static final String HOST = NodeInventory.HOSTNAME_LABEL;
  final List<Node> nodes = new ArrayList<>(NodeInventory.cloudDefault().nodes());
  final List<Cluster.Bound> bound = new ArrayList<>();

  static PodBuilder pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .withUid(UUID.randomUUID().toString())
        .addToLabels("app", "db")
        .endMetadata()
        .withNewSpec()
        .endSpec();
  }

  static PodBuilder requireNode(PodBuilder p, String key, String op, String... values) {
    return p.editSpec()
        .editOrNewAffinity()
        .editOrNewNodeAffinity()
        .editOrNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addToNodeSelectorTerms(
            new NodeSelectorTermBuilder()
                .addToMatchExpressions(
                    new NodeSelectorRequirementBuilder()
                        .withKey(key)
                        .withOperator(op)
                        .withValues(values)
                        .build())
                .build())
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec();
  }

  static PodBuilder antiAffinity(PodBuilder p, boolean required) {
    var term =
        new PodAffinityTermBuilder()
            .withTopologyKey(HOST)
            .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
            .build();
    var anti = p.editSpec().editOrNewAffinity().editOrNewPodAntiAffinity();
    return (required
            ? anti.addToRequiredDuringSchedulingIgnoredDuringExecution(term)
            : anti.addNewPreferredDuringSchedulingIgnoredDuringExecution()
                .withWeight(100)
                .withPodAffinityTerm(term)
                .endPreferredDuringSchedulingIgnoredDuringExecution())
        .endPodAntiAffinity()
        .endAffinity()
        .endSpec();
  }

  Placement.Decision decide(Pod pod) {
    return Placement.decide(pod, new Cluster(nodes, bound));
  }

  String place(Pod pod) {
    Placement.Decision d = decide(pod);
    assertThat(d).as("%s", d).isInstanceOf(Placement.Fit.class);
    String node = ((Placement.Fit) d).node();
    bound.add(new Cluster.Bound(pod, node(node)));
    return node;
  }

  String unschedulable(Pod pod) {
    Placement.Decision d = decide(pod);
    assertThat(d).isInstanceOf(Placement.Unschedulable.class);
    return ((Placement.Unschedulable) d).message();
  }

  Node node(String name) {
    return nodes.stream()
        .filter(n -> n.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void requiredNodeAffinityOperators() {
    assertThat(place(requireNode(pod("in"), ZONE, "In", "us-east-1b").build()))
        .startsWith("node-us-east-1b-");
    assertThat(place(requireNode(pod("notin"), ZONE, "NotIn", "us-east-1a", "us-east-1b").build()))
        .startsWith("node-us-east-1c-");
    assertThat(place(requireNode(pod("exists"), ZONE, "Exists").build())).startsWith("node-");
    assertThat(unschedulable(requireNode(pod("dne"), ZONE, "DoesNotExist").build()))
        .isEqualTo("0/9 nodes are available: 9 node(s) didn't match Pod's node affinity/selector.");
    // The zone NAME of today's examples is not a cloud zone value: nothing matches.
    assertThat(unschedulable(requireNode(pod("jf-a"), ZONE, "In", "jf-a").build()))
        .isEqualTo("0/9 nodes are available: 9 node(s) didn't match Pod's node affinity/selector.");
  }

  @Test
  void nodeAffinityTermsAreOredAndTheirExpressionsAnded() {
    Pod pod =
        pod("terms")
            .editSpec()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey(ZONE)
            .withOperator("In")
            .withValues("us-east-1a")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey(HOST)
            .withOperator("In")
            .withValues("node-us-east-1b-2")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .addNewNodeSelectorTerm()
            .addNewMatchField()
            .withKey("metadata.name")
            .withOperator("In")
            .withValues("node-us-east-1c-3")
            .endMatchField()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build();
    // First term is unsatisfiable (a node of 1a named like a node of 1b); the second names a node.
    assertThat(place(pod)).isEqualTo("node-us-east-1c-3");
  }

  @Test
  void nodeSelectorMustMatchEveryLabel() {
    Pod pod =
        pod("sel")
            .editSpec()
            .addToNodeSelector(ZONE, "us-east-1c")
            .addToNodeSelector("kubernetes.io/os", "linux")
            .endSpec()
            .build();
    assertThat(place(pod)).startsWith("node-us-east-1c-");
    Pod windows =
        pod("win").editSpec().addToNodeSelector("kubernetes.io/os", "windows").endSpec().build();
    assertThat(unschedulable(windows))
        .contains("9 node(s) didn't match Pod's node affinity/selector");
  }

  @Test
  void requiredAntiAffinityKeepsMatchingPodsOffANodeUntilTheZoneIsFull() {
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      placed.add(
          place(antiAffinity(requireNode(pod("m" + i), ZONE, "In", "us-east-1a"), true).build()));
    }
    assertThat(placed).doesNotHaveDuplicates().allMatch(n -> n.startsWith("node-us-east-1a-"));
    assertThat(
            unschedulable(
                antiAffinity(requireNode(pod("m3"), ZONE, "In", "us-east-1a"), true).build()))
        .isEqualTo(
            "0/9 nodes are available: 3 node(s) didn't match pod anti-affinity rules,"
                + " 6 node(s) didn't match Pod's node affinity/selector.");
  }

  @Test
  void anExistingPodsAntiAffinityKeepsTheNewPodAway() {
    String first =
        place(antiAffinity(requireNode(pod("guard"), ZONE, "In", "us-east-1a"), true).build());
    Pod plain = pod("plain").editSpec().addToNodeSelector(HOST, first).endSpec().build();
    assertThat(unschedulable(plain))
        .isEqualTo(
            "0/9 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules,"
                + " 8 node(s) didn't match Pod's node affinity/selector.");
  }

  @Test
  void noScheduleTaintsNeedATolerationAndCordonedNodesTakeNothing() {
    for (Node n : nodes) {
      if (!n.getMetadata().getName().equals("node-us-east-1a-1")) {
        n.getSpec().setTaints(List.of(new Taint("NoSchedule", "dedicated", null, "db")));
      }
    }
    nodes.set(
        0, new NodeBuilder(nodes.get(0)).editSpec().withUnschedulable(true).endSpec().build());
    assertThat(unschedulable(pod("any").build()))
        .isEqualTo(
            "0/9 nodes are available: 1 node(s) were unschedulable,"
                + " 8 node(s) had untolerated taint {dedicated: db}.");
    Pod tolerant =
        pod("tolerant")
            .editSpec()
            .addToTolerations(
                new TolerationBuilder()
                    .withKey("dedicated")
                    .withOperator("Equal")
                    .withValue("db")
                    .withEffect("NoSchedule")
                    .build())
            .endSpec()
            .build();
    assertThat(place(tolerant)).isNotEqualTo("node-us-east-1a-1");
  }

  @Test
  void preferredAntiAffinitySpreadsAndPreferredNodeAffinityWins() {
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      placed.add(
          place(antiAffinity(requireNode(pod("r" + i), ZONE, "In", "us-east-1b"), false).build()));
    }
    assertThat(placed).doesNotHaveDuplicates();
    // A fourth still fits (preferred, not required), on a node that already has one.
    assertThat(place(antiAffinity(requireNode(pod("r3"), ZONE, "In", "us-east-1b"), false).build()))
        .startsWith("node-us-east-1b-");

    Pod prefers =
        pod("prefers")
            .editSpec()
            .withNewAffinity()
            .withNewNodeAffinity()
            .addNewPreferredDuringSchedulingIgnoredDuringExecution()
            .withWeight(10)
            .withNewPreference()
            .addNewMatchExpression()
            .withKey(HOST)
            .withOperator("In")
            .withValues("node-us-east-1c-2")
            .endMatchExpression()
            .endPreference()
            .endPreferredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build();
    assertThat(place(prefers)).isEqualTo("node-us-east-1c-2");
  }

  @Test
  void topologySpreadDoNotScheduleKeepsZonesWithinMaxSkew() {
    for (int i = 0; i < 4; i++) {
      Pod p =
          pod("s" + i)
              .editSpec()
              .addToTopologySpreadConstraints(
                  new TopologySpreadConstraintBuilder()
                      .withMaxSkew(1)
                      .withTopologyKey(ZONE)
                      .withWhenUnsatisfiable("DoNotSchedule")
                      .withLabelSelector(
                          new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
                      .build())
              .endSpec()
              .build();
      place(p);
    }
    long inA =
        bound.stream()
            .filter(b -> b.node().getMetadata().getLabels().get(ZONE).equals("us-east-1a"))
            .count();
    long inB =
        bound.stream()
            .filter(b -> b.node().getMetadata().getLabels().get(ZONE).equals("us-east-1b"))
            .count();
    long inC =
        bound.stream()
            .filter(b -> b.node().getMetadata().getLabels().get(ZONE).equals("us-east-1c"))
            .count();
    assertThat(List.of(inA, inB, inC)).containsExactlyInAnyOrder(2L, 1L, 1L);
    String crowded = inA == 2 ? "us-east-1a" : inB == 2 ? "us-east-1b" : "us-east-1c";
    Pod pinned =
        pod("pinned")
            .editSpec()
            .addToNodeSelector(ZONE, crowded)
            .addToTopologySpreadConstraints(
                new TopologySpreadConstraintBuilder()
                    .withMaxSkew(1)
                    .withTopologyKey(ZONE)
                    .withWhenUnsatisfiable("DoNotSchedule")
                    .withNodeAffinityPolicy("Ignore")
                    .withLabelSelector(
                        new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
                    .build())
            .endSpec()
            .build();
    // Every zone counts (nodeAffinityPolicy Ignore): a third pod in the crowded zone would skew 2.
    assertThat(unschedulable(pinned))
        .isEqualTo(
            "0/9 nodes are available: 3 node(s) didn't match pod topology spread constraints,"
                + " 6 node(s) didn't match Pod's node affinity/selector.");
  }
}
