package io.banyan.operator.failover;

import static io.banyan.operator.failover.Cluster.HISTORY;
import static io.banyan.operator.failover.Cluster.T0;

import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.failover.StepResult.Outcome;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.reconcile.TreeWiring;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A cluster of simulated data nodes driven by the operator's pure decisions, one round per probe
 * interval (1 s of simulated time): the nodes replicate and take writes, the operator observes
 * them, evaluates {@link FailoverManager}, performs the commands as {@code FailoverRound} does
 * (status first), wires the tree as {@code ClusterRound} does ({@link TreeWiring}) and moves the
 * master label. Faults are applied between (or inside) rounds by the tests. Deterministic: no
 * threads, no clock.
 *
 * <p>Node semantics modelled after the data node: a node starts fenced as a master; a fenced node
 * refuses writes and replicas; {@code BANYAN FENCE e} fences and raises the epoch; {@code BANYAN
 * PROMOTE e} refuses an epoch below the node's, else unfences, raises the epoch and makes it
 * master; a replica of a node of another history, or ahead of it, resyncs fully (its extra writes
 * are discarded); a master accepts writes only with a linked replica (writeQuorum 1) and a write
 * counts as acknowledged ({@code WAIT 1}) once a direct replica holds it.
 */
final class SimulatedCluster {
  static final long ROUND_MILLIS = 1000;
  static final long WRITE_BYTES = 100;

  /** One simulated data node process (and its pod). */
  static final class SimNode {
    final String name;
    boolean alive = true;
    boolean podExists = true;
    Role role;
    boolean fenced;
    long epoch;
    String parent;
    long offset;
    String replid = HISTORY;
    Instant linkDownSince;

    SimNode(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name
          + (alive ? "" : "(down)")
          + "["
          + role
          + (fenced ? ",fenced" : "")
          + ",e"
          + epoch
          + ",o"
          + offset
          + (HISTORY.equals(replid) ? "" : "," + replid)
          + (parent == null ? "" : ",<-" + parent)
          + "]";
    }
  }

  final StoreClusterSpec spec;
  final List<Node> tree;
  final Map<String, SimNode> nodes = new LinkedHashMap<>();
  final Map<String, String> ips = new HashMap<>();

  // status
  String currentMaster;
  long epoch;
  FailoverState failover;
  Set<String> labeledMaster;

  MasterSuspicion suspicion = MasterSuspicion.none();
  Instant now = T0;
  long acked;

  /** Fail as soon as the master of the status epoch takes writes without every acknowledged one. */
  boolean strictAcks;

  int restarts;
  final List<String> log = new ArrayList<>();

  /** Called with the state just persisted, before its commands are performed. */
  Consumer<FailoverState> beforeCommands = s -> {};

  /** Called with the state just persisted, after its commands were performed. */
  Consumer<FailoverState> afterCommands = s -> {};

  SimulatedCluster(StoreClusterSpec spec) {
    this.spec = spec;
    this.tree = DesiredTree.of(spec);
    for (int i = 0; i < tree.size(); i++) {
      ips.put(tree.get(i).name(), "10.0.0." + (i + 1));
    }
    String master = tree.get(0).name();
    ReparentPlan plan = ReparentPlan.plan(tree, master);
    for (Node n : tree) {
      SimNode s = new SimNode(n.name());
      s.parent = plan.parentOf(n.name());
      s.role = s.parent == null ? Role.MASTER : Role.REPLICA;
      s.epoch = 1;
      s.offset = 1000;
      nodes.put(n.name(), s);
    }
    currentMaster = master;
    epoch = 1;
    acked = 1000;
    labeledMaster = Set.of(master);
  }

  static SimulatedCluster threeDc() {
    return new SimulatedCluster(Cluster.load("three-datacenters.yaml"));
  }

  SimNode node(String name) {
    return nodes.get(name);
  }

  // ---- faults -------------------------------------------------------------------------------

  /** kill -9: the process stops answering; the kubelet restarts it later ({@link #restart}). */
  void kill(String name) {
    node(name).alive = false;
    log.add(now + " kill " + name);
  }

  /** The kubelet restarts the container: fenced master, data kept or lost, epoch as persisted. */
  void restart(String name, boolean empty) {
    SimNode n = node(name);
    n.alive = true;
    n.podExists = true;
    n.role = Role.MASTER;
    n.fenced = true;
    n.parent = null;
    n.linkDownSince = null;
    if (empty) {
      n.offset = 0;
      n.replid = "empty-" + name + "-" + (++restarts);
    }
    log.add(now + " restart " + name + (empty ? " empty" : ""));
  }

  /** SIGSTOP: nothing answers; SIGCONT resumes with the state as it was ({@link #thaw}). */
  void freeze(String name) {
    node(name).alive = false;
    log.add(now + " freeze " + name);
  }

  void thaw(String name) {
    node(name).alive = true;
    log.add(now + " thaw " + name);
  }

  /** The pod object is deleted and its process gone; recreated by {@link #restart} later. */
  void deletePod(String name) {
    node(name).alive = false;
    node(name).podExists = false;
    log.add(now + " delete pod " + name);
  }

  // ---- the world ----------------------------------------------------------------------------

  /** A node with a pod that answers: what the operator can probe. */
  boolean answers(SimNode n) {
    return n.alive;
  }

  /** The replica's link to its parent works: the parent answers and is not fenced. */
  boolean linkUp(SimNode n) {
    if (!n.alive || n.role != Role.REPLICA || n.parent == null) {
      return false;
    }
    SimNode p = node(n.parent);
    return p.alive && !p.fenced;
  }

  /** Unfenced master with a linked direct replica: acknowledges writes (writeQuorum 1). */
  boolean writable(SimNode n) {
    return n.alive
        && n.role == Role.MASTER
        && !n.fenced
        && nodes.values().stream().anyMatch(r -> n.name.equals(r.parent) && linkUp(r));
  }

  /** Writes on every writable master, then replication along the live links. */
  void world() {
    SimNode legit = currentMaster == null ? null : node(currentMaster);
    if (strictAcks
        && legit != null
        && writable(legit)
        && legit.epoch == epoch
        && (legit.offset < acked || !HISTORY.equals(legit.replid))) {
      throw new AssertionError("acknowledged writes lost: " + this);
    }
    for (SimNode n : nodes.values()) {
      if (writable(n)) {
        n.offset += WRITE_BYTES;
      }
    }
    for (int depth = 0; depth < 4; depth++) {
      for (SimNode n : nodes.values()) {
        if (linkUp(n)) {
          SimNode p = node(n.parent);
          // Same history and not ahead: partial resync; otherwise a full one (extra writes gone).
          n.offset = p.offset;
          n.replid = p.replid;
          n.linkDownSince = null;
        } else if (n.role == Role.REPLICA && n.linkDownSince == null) {
          n.linkDownSince = now;
        }
      }
    }
    // WAIT 1 counts a write once a direct replica holds it; only writes the master of the status
    // epoch takes are counted: a stale master's window is bounded by min-replicas-max-lag on the
    // nodes (issue 11 item 2), which this model of the decisions does not cover.
    SimNode m = currentMaster == null ? null : node(currentMaster);
    if (m != null && writable(m) && m.epoch == epoch && HISTORY.equals(m.replid)) {
      acked = Math.max(acked, m.offset);
    }
  }

  NodeObservation observe(SimNode n) {
    if (!answers(n)) {
      return NodeObservation.unreachable(n.name, n.podExists);
    }
    if (n.role == Role.MASTER) {
      return NodeObservation.of(n.name)
          .podExists(n.podExists)
          .role(Role.MASTER)
          .fenced(n.fenced)
          .epoch(n.epoch)
          .offset(n.offset)
          .replid(n.replid)
          .build();
    }
    boolean up = linkUp(n);
    long down =
        up || n.linkDownSince == null
            ? 0
            : (now.toEpochMilli() - n.linkDownSince.toEpochMilli()) / 1000 * 1000;
    return NodeObservation.of(n.name)
        .podExists(n.podExists)
        .role(Role.REPLICA)
        .fenced(n.fenced)
        .epoch(n.epoch)
        .masterAddress(address(n.parent))
        .link(up ? Link.UP : Link.DOWN)
        .linkDownMillis(down)
        .offset(n.offset)
        .replid(n.replid)
        .build();
  }

  String address(String node) {
    return ips.get(node) + ":6379";
  }

  // ---- the operator -------------------------------------------------------------------------

  /** One reconcile round, then the world moves on by one probe interval. */
  void round() {
    world();
    Map<String, NodeObservation> obs = new LinkedHashMap<>();
    nodes.values().forEach(n -> obs.put(n.name, observe(n)));
    ClusterView view = new ClusterView(spec, tree, obs);
    Map<String, String> hostPorts = new HashMap<>();
    ips.forEach((n, ip) -> hostPorts.put(n, ip + ":6379"));
    PodFacts pods = new PodFacts(hostPorts, labeledMaster);
    FailoverManager.Evaluation ev =
        FailoverManager.evaluate(
            new FailoverManager.Inputs(
                view, new ClusterFacts(currentMaster, epoch, failover), pods, suspicion, now));
    suspicion = ev.detection().suspicion();
    handle(ev.decision(), view, pods);
    if (failover == null) {
      wireTree(view, obs);
    }
    labeledMaster = labelTarget() == null ? Set.of() : Set.of(labelTarget());
    now = now.plusMillis(ROUND_MILLIS);
    checkSafety();
  }

  private void handle(Decision d, ClusterView view, PodFacts pods) {
    switch (d) {
      case Decision.NoAction n -> {}
      case Decision.ReportOnly r -> {}
      case Decision.NoCandidate c -> log.add(now + " no candidate: " + c.message());
      case Decision.Start s -> {
        failover = s.state();
        epoch = s.promotion().epoch();
        log.add(now + " start epoch " + epoch + ": " + s.promotion().message());
        carryOut(FailoverSteps.next(s.state(), view, pods));
      }
      case Decision.Continue c -> carryOut(c.step());
      case Decision.Abandon a -> {
        failover = null;
        epoch = Math.max(epoch, a.epoch());
        log.add(now + " abandon: " + a.why());
        handle(a.next(), view, pods);
      }
    }
  }

  private void carryOut(StepResult step) {
    FailoverState state = step.state();
    if (step.outcome() == Outcome.DONE) {
      currentMaster = state.target();
      failover = null;
      log.add(now + " done: " + state.target() + " at epoch " + state.epoch());
      return;
    }
    failover = state;
    if (state.step().compareTo(FailoverStep.PROMOTING) > 0) {
      currentMaster = state.target();
    }
    beforeCommands.accept(state);
    for (Command c : step.commands()) {
      execute(c);
    }
    afterCommands.accept(state);
  }

  private void execute(Command command) {
    SimNode n = node(command.node());
    if (!n.alive && !(command instanceof Command.RelabelMaster)) {
      log.add(now + " " + command + " failed: " + n.name + " down");
      return;
    }
    switch (command) {
      case Command.Fence f -> {
        n.fenced = true;
        n.epoch = Math.max(n.epoch, f.epoch());
      }
      case Command.ReplicaOf r -> replicaOf(n, r.parent());
      case Command.Promote p -> promote(n, p.epoch());
      case Command.FailoverTo f -> {
        SimNode t = node(f.target());
        if (n.role == Role.MASTER && linkUp(t) && n.name.equals(t.parent) && t.offset == n.offset) {
          n.role = Role.REPLICA;
          n.parent = t.name;
          t.role = Role.MASTER;
          t.parent = null;
        }
      }
      case Command.Admit a -> {
        if (a.epoch() >= n.epoch) {
          n.fenced = false;
          n.epoch = a.epoch();
        }
      }
      case Command.RelabelMaster r -> {}
    }
    log.add(now + " " + command);
  }

  private void replicaOf(SimNode n, String parent) {
    if (n.role != Role.REPLICA || !parent.equals(n.parent)) {
      n.linkDownSince = now;
    }
    n.role = Role.REPLICA;
    n.parent = parent;
  }

  /** {@code BANYAN PROMOTE epoch}. */
  private void promote(SimNode n, long e) {
    if (e < n.epoch) {
      log.add(now + " STALEEPOCH on " + n.name);
      return;
    }
    n.role = Role.MASTER;
    n.parent = null;
    n.fenced = false;
    n.epoch = e;
  }

  private void wireTree(ClusterView view, Map<String, NodeObservation> obs) {
    if (currentMaster == null) {
      return;
    }
    NodeObservation m = obs.get(currentMaster);
    boolean readmissible = MasterAdmission.mayReadmit(m, view);
    for (TreeWiring.Action a :
        TreeWiring.plan(
            ReparentPlan.plan(tree, currentMaster).parents(),
            currentMaster,
            obs,
            ips,
            epoch,
            readmissible)) {
      SimNode n = node(a.node());
      if (!n.alive) {
        continue;
      }
      switch (a.kind()) {
        case REPLICATE -> replicaOf(n, a.parent());
        case ADMIT -> {
          if (a.epoch() >= n.epoch) {
            n.fenced = false;
            n.epoch = a.epoch();
          }
        }
      }
      log.add(now + " wire " + a.kind() + " " + a.node());
    }
  }

  /** As {@code ClusterRound.masterToLabel}. */
  private String labelTarget() {
    if (failover == null) {
      return currentMaster;
    }
    return failover.step().compareTo(FailoverStep.RELABELING) >= 0 ? failover.target() : null;
  }

  // ---- properties ---------------------------------------------------------------------------

  /**
   * I3: unfenced masters that answer never share an epoch, and only one of them may be at or above
   * the status epoch.
   */
  void checkSafety() {
    List<SimNode> unfenced =
        nodes.values().stream().filter(n -> n.alive && n.role == Role.MASTER && !n.fenced).toList();
    for (int i = 0; i < unfenced.size(); i++) {
      for (int j = i + 1; j < unfenced.size(); j++) {
        if (unfenced.get(i).epoch == unfenced.get(j).epoch) {
          throw new AssertionError("two unfenced masters at one epoch: " + this);
        }
      }
    }
    if (unfenced.stream().filter(n -> n.epoch >= epoch).count() > 1) {
      throw new AssertionError("two unfenced masters at or above the status epoch: " + this);
    }
  }

  /** The writable master of the status epoch, or null. */
  SimNode writableMaster() {
    if (failover != null || currentMaster == null) {
      return null;
    }
    SimNode m = node(currentMaster);
    return m.alive && m.role == Role.MASTER && !m.fenced && m.epoch == epoch ? m : null;
  }

  /**
   * A node that answers, may become master (initial master or backup) and holds every acknowledged
   * write: a safe candidate exists.
   */
  boolean safeCandidateExists() {
    return tree.stream()
        .filter(ClusterView::eligible)
        .map(n -> node(n.name()))
        .anyMatch(n -> n.alive && n.podExists && HISTORY.equals(n.replid) && n.offset >= acked);
  }

  @Override
  public String toString() {
    return "status(master "
        + currentMaster
        + ", epoch "
        + epoch
        + ", failover "
        + (failover == null ? null : failover.step() + "->" + failover.target())
        + ", acked "
        + acked
        + ") nodes "
        + nodes.values()
        + "\nlog:\n  "
        + String.join("\n  ", log.subList(Math.max(0, log.size() - 60), log.size()));
  }
}
