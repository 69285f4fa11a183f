package io.banyan.operator.failover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Test scenario: an example CR and a mutable set of observations, starting from a healthy cluster
 * whose master is {@code master} at {@code epoch}, every node linked to its plan parent, all at the
 * same offset in history {@link #HISTORY}.
 */
final class Cluster {
  static final String HISTORY = "aaaa";
  static final Instant T0 = Instant.parse("2026-11-21T20:00:00Z");

  final StoreClusterSpec spec;
  final List<Node> tree;
  final Map<String, NodeObservation> obs = new LinkedHashMap<>();
  final Map<String, String> addresses = new HashMap<>();
  String master;
  long epoch;
  FailoverState inProgress;
  Set<String> labeledMaster;
  Set<String> terminating = Set.of();

  Cluster(StoreClusterSpec spec, String master, long epoch, long offset) {
    this.spec = spec;
    this.tree = DesiredTree.of(spec);
    this.master = master;
    this.epoch = epoch;
    this.labeledMaster = Set.of(master);
    for (int i = 0; i < tree.size(); i++) {
      addresses.put(tree.get(i).name(), "10.0.0." + (i + 1) + ":6379");
    }
    ReparentPlan plan = ReparentPlan.plan(tree, master);
    for (Node n : tree) {
      String parent = plan.parentOf(n.name());
      obs.put(
          n.name(),
          parent == null
              ? NodeObservation.of(n.name())
                  .role(Role.MASTER)
                  .epoch(epoch)
                  .offset(offset)
                  .replid(HISTORY)
                  .connectedReplicas(plan.directReplicas().size())
                  .build()
              : NodeObservation.of(n.name())
                  .role(Role.REPLICA)
                  .epoch(epoch)
                  .masterAddress(addresses.get(parent))
                  .link(Link.UP)
                  .offset(offset)
                  .replid(HISTORY)
                  .build());
    }
  }

  static Cluster threeDc() {
    return new Cluster(load("three-datacenters.yaml"), "jf-a-0", 1, 1000);
  }

  static Cluster helperTree() {
    return new Cluster(load("replication-helper-tree.yaml"), "dc1-0", 1, 1000);
  }

  static StoreClusterSpec load(String file) {
    Path root = Path.of(System.getProperty("banyan.repo.root", ".."));
    try {
      return new ObjectMapper(new YAMLFactory())
          .readValue(root.resolve("examples").resolve(file).toFile(), StoreCluster.class)
          .getSpec();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Cluster change(String node, UnaryOperator<NodeObservation> f) {
    obs.put(node, f.apply(obs.get(node)));
    return this;
  }

  /** The node stops answering; its pod stays. Its replicas' links go down. */
  Cluster freeze(String node) {
    obs.put(node, NodeObservation.unreachable(node, true));
    return this;
  }

  /** The node's pod is deleted. */
  Cluster delete(String node) {
    obs.put(node, NodeObservation.unreachable(node, false));
    return this;
  }

  /**
   * Every reachable node whose link goes to {@code parent} reports the link DOWN for {@code ms}.
   */
  Cluster linksDown(String parent, long ms) {
    String address = addresses.get(parent);
    for (String n : List.copyOf(obs.keySet())) {
      NodeObservation o = obs.get(n);
      if (o.reachable() && address.equals(o.masterAddress())) {
        obs.put(n, link(o, Link.DOWN, ms));
      }
    }
    return this;
  }

  /**
   * Every reachable replica of {@code parent} keeps its link UP but has heard nothing from it for
   * {@code silentMs} (a stopped or cut-off parent, before repl-timeout closes the links).
   */
  Cluster silentLinks(String parent, long silentMs) {
    String address = addresses.get(parent);
    for (String n : List.copyOf(obs.keySet())) {
      NodeObservation o = obs.get(n);
      if (o.reachable() && address.equals(o.masterAddress())) {
        obs.put(n, silence(link(o, Link.UP, 0), silentMs));
      }
    }
    return this;
  }

  static NodeObservation silence(NodeObservation o, long silentMs) {
    return o.toBuilder().masterSilentMillis(silentMs).build();
  }

  Cluster zoneDown(String zone) {
    tree.stream().filter(n -> n.zone().equals(zone)).forEach(n -> freeze(n.name()));
    return this;
  }

  Cluster offset(String node, long offset) {
    return change(node, o -> offset(o, offset));
  }

  /**
   * Every node restarted fenced, as after a re-creation on retained volumes or a lost status: no
   * master or epoch known to the operator, each node a fenced master at {@code nodeEpoch} (what it
   * persisted) and {@code offset}.
   */
  Cluster restartedFenced(long offset, long nodeEpoch) {
    master = null;
    epoch = 0;
    tree.forEach(n -> change(n.name(), o -> offset(asMaster(o, nodeEpoch, true), offset)));
    return this;
  }

  ClusterView view() {
    return new ClusterView(spec, tree, obs);
  }

  ClusterFacts facts() {
    return new ClusterFacts(master, epoch, inProgress);
  }

  PodFacts pods() {
    return new PodFacts(addresses, labeledMaster, terminating);
  }

  FailoverManager.Evaluation evaluate(MasterSuspicion suspicion, Instant now) {
    return FailoverManager.evaluate(
        new FailoverManager.Inputs(view(), facts(), pods(), suspicion, now));
  }

  FailoverManager.Evaluation evaluate(PlannedMoves moves, Instant now) {
    return FailoverManager.evaluate(
        new FailoverManager.Inputs(view(), facts(), pods(), MasterSuspicion.none(), now, moves));
  }

  static NodeObservation offset(NodeObservation o, long offset) {
    return o.toBuilder().offset(offset).build();
  }

  static NodeObservation link(NodeObservation o, Link link, long downMillis) {
    return o.toBuilder().link(link).linkDownMillis(downMillis).build();
  }

  static NodeObservation replid(NodeObservation o, String replid) {
    return o.toBuilder().replid(replid).build();
  }

  /** Reports {@code epoch} (what the node persisted), all else unchanged. */
  static NodeObservation withEpoch(NodeObservation o, long epoch) {
    return o.toBuilder().epoch(epoch).build();
  }

  /** Reports following {@code address} (link UP). */
  static NodeObservation follow(NodeObservation o, String address) {
    return o.toBuilder()
        .reachable(true)
        .role(Role.REPLICA)
        .masterAddress(address)
        .link(Link.UP)
        .linkDownMillis(0)
        .connectedReplicas(0)
        .build();
  }

  /** Reports master role at {@code epoch}, fenced or not. */
  static NodeObservation asMaster(NodeObservation o, long epoch, boolean fenced) {
    return o.toBuilder()
        .reachable(true)
        .role(Role.MASTER)
        .fenced(fenced)
        .epoch(epoch)
        .masterAddress(null)
        .link(Link.NONE)
        .linkDownMillis(0)
        .connectedReplicas(0)
        .build();
  }
}
