package io.banyan.operator.reconcile;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.ReplicationSpec;
import io.banyan.operator.api.StorageSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.AppliedSettings;
import io.banyan.operator.backup.BackupRound;
import io.banyan.operator.backup.ClusterBackups;
import io.banyan.operator.failover.Bootstrap;
import io.banyan.operator.failover.ClusterView;
import io.banyan.operator.failover.FailoverState;
import io.banyan.operator.failover.FailoverStep;
import io.banyan.operator.failover.MasterAdmission;
import io.banyan.operator.failover.MasterSuspicion;
import io.banyan.operator.failover.PlannedMoves;
import io.banyan.operator.failover.PodFacts;
import io.banyan.operator.failover.ReparentPlan;
import io.banyan.operator.model.ClusterObjects;
import io.banyan.operator.model.ClusterObjects.DesiredObjects;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.Labels;
import io.banyan.operator.model.NodeTls;
import io.banyan.operator.model.ObjectNames;
import io.banyan.operator.model.PodRevision;
import io.banyan.operator.node.Credentials;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.ClusterObserver;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.rollout.RolloutPlanner;
import io.banyan.operator.status.StatusAggregator;
import io.banyan.operator.status.StatusChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One reconcile of one cluster, as named steps: apply the desired objects, remove nodes the spec
 * dropped, observe every node, bootstrap the first master, wire the tree, move the role labels,
 * report. Holds the state of this round only.
 */
final class ClusterRound {

  private final DesiredTree.Node[] tree;

  /** The desired nodes, plus the current master while the spec no longer lists it. */
  private List<DesiredTree.Node> treeList;

  private final ClusterResources resources;
  private final StatusWriter statusWriter;
  private final ClusterEvents events;
  private final NodeConnector connector;
  private final ClusterObserver observer;
  private final Instant now;
  private final ClusterMemory memory;
  private StoreCluster sc;

  private Map<String, Pod> pods = Map.of();
  private final Map<String, String> addresses = new HashMap<>();
  private Map<String, NodeObservation> observations = Map.of();
  private ClusterView view;
  private String password;
  private AuthRound auth;
  private Map<String, Credentials> nodeCredentials = Map.of();
  private StoreClusterStatus.AuthStatus authStatus;

  /** This round's TLS handshake failures, by node. */
  private Map<String, String> tlsFailures = Map.of();

  /** The desired pod of each node, with its revision annotation. */
  private final Map<String, Pod> desiredPods = new HashMap<>();

  /** This round's rolling-update plan; null before the first master exists. */
  private RolloutPlanner.Plan rollout;

  /** The derived settings every reachable node took this round, for status; null: no change. */
  private AppliedSettings settingsToRecord;

  ClusterRound(
      StoreCluster sc,
      List<DesiredTree.Node> tree,
      ClusterResources resources,
      StatusWriter statusWriter,
      ClusterEvents events,
      NodeConnector connector,
      ClusterObserver observer,
      ClusterMemory memory,
      Instant now) {
    this.sc = sc;
    this.memory = memory;
    this.treeList = new ArrayList<>(tree);
    this.tree = tree.toArray(DesiredTree.Node[]::new);
    this.resources = resources;
    this.statusWriter = statusWriter;
    this.events = events;
    this.connector = connector;
    this.observer = observer;
    this.now = now;
  }

  void run() {
    applyObjects();
    sc = VolumeGrowth.run(sc, resources, statusWriter, events, memory.storageClasses(), now);
    removeDroppedNodes();
    keepTheMasterInTheTree();
    observe();
    rotateCredentials();
    sc =
        LiveConfigRollout.run(sc, treeList, observations, commands(), events, memory, statusWriter);
    applyDerivedSettings();
    if (ClusterBackups.shared().run(backupRound())) { // false while restoring a backup
      bootstrapFirstMaster();
    }
    planRollout();
    failover();
    if (status().failover == null) {
      wireTree(); // during a failover only its own steps touch the nodes
      replaceOutdatedPod();
    }
    moveRoleLabels();
    report();
  }

  /** After {@link #run}: a failover is in progress (its next step is due as soon as seen). */
  boolean failoverInProgress() {
    return status().failover != null;
  }

  /**
   * When the suspected master's detection timeout runs out (the suspicion is dated from its
   * replicas' last contact, so this may be well before a full probe interval from now); empty when
   * no master is suspected or the round did not get as far as judging it.
   */
  Optional<Instant> suspicionMatures() {
    MasterSuspicion s = memory.suspicion();
    if (s.since() == null || view == null) {
      return Optional.empty();
    }
    return Optional.of(s.since().plusMillis(view.detectionTimeoutMillis()));
  }

  private String namespace() {
    return sc.getMetadata().getNamespace();
  }

  private String cluster() {
    return sc.getMetadata().getName();
  }

  private StoreClusterStatus status() {
    return sc.getStatus() == null ? new StoreClusterStatus() : sc.getStatus();
  }

  private void applyObjects() {
    auth = new AuthRound(sc, resources, memory, events, now);
    auth.prepare(); // the Secrets the pods mount exist before the pods
    DesiredObjects desired = ClusterObjects.desired(sc);
    List<HasMetadata> maintained = new ArrayList<>();
    maintained.add(desired.config());
    maintained.addAll(desired.services());
    maintained.add(desired.pdb());
    List<HasMetadata> createOnly = new ArrayList<>(desired.pvcs());
    createOnly.addAll(desired.pods());
    for (Pod p : desired.pods()) {
      desiredPods.put(p.getMetadata().getLabels().get(Labels.NODE), p);
    }
    List<String> created = resources.apply(maintained, createOnly);
    if (!created.isEmpty()) {
      events.normal(sc, "Created", "created " + String.join(", ", created));
    }
  }

  /**
   * Deletes the pods of nodes the spec no longer lists (scale-down, zone removal); their PVCs too
   * when the retention policy is Delete. The current master is never removed this way: the spec
   * must first move the master (switchover), so scaling down never costs acknowledged writes.
   */
  private void removeDroppedNodes() {
    Set<String> wanted = new HashSet<>();
    for (DesiredTree.Node n : tree) {
      wanted.add(n.name());
    }
    pods = resources.pods();
    for (var e : new ArrayList<>(pods.entrySet())) {
      String node = e.getKey();
      if (wanted.contains(node) || ClusterResources.terminating(e.getValue())) {
        continue; // a terminating pod of a dropped node is already on its way out
      }
      if (node.equals(status().currentMaster)) {
        events.warning(
            sc,
            "MasterNotRemoved",
            node + " is the master and is no longer in the spec; switch the master over first");
        continue;
      }
      resources.deletePod(e.getValue());
      pods.remove(node);
      String pvc = ObjectNames.pvc(cluster(), node);
      boolean deletePvc =
          sc.getSpec().storage != null
              && sc.getSpec().storage.pvcRetentionOnDelete == StorageSpec.RetentionPolicy.Delete;
      if (deletePvc) {
        resources.deletePvc(namespace(), pvc);
      }
      events.normal(
          sc,
          "NodeRemoved",
          "deleted pod of " + node + (deletePvc ? " and its volume " + pvc : "; kept " + pvc));
    }
  }

  /**
   * A spec change can drop the node that is master right now (moving {@code initialMaster} to
   * another zone changes which positions exist). The master keeps serving, and stays in the tree
   * the decisions work on, as a master-eligible node of its zone, until a switchover has moved the
   * master into the spec's tree; the next round then removes its pod.
   */
  private void keepTheMasterInTheTree() {
    String master = status().currentMaster;
    if (master == null || treeList.stream().anyMatch(n -> n.name().equals(master))) {
      return;
    }
    Pod pod = pods.get(master);
    if (pod == null) {
      return;
    }
    String zone = pod.getMetadata().getLabels().get(Labels.ZONE);
    List<DesiredTree.Node> extended = new ArrayList<>(treeList);
    extended.add(
        new DesiredTree.Node(
            master, zone, treeList.get(0).name(), DesiredTree.InitialRole.MASTER_BACKUP));
    treeList = extended;
  }

  private void observe() {
    Set<String> exists = new HashSet<>();
    for (var e : pods.entrySet()) {
      exists.add(e.getKey());
      String ip = e.getValue().getStatus() == null ? null : e.getValue().getStatus().getPodIP();
      if (ip != null && !ip.isEmpty()) {
        addresses.put(e.getKey(), ip);
      }
    }
    memory.podIps(addresses);
    probeVanishedMaster();
    useTls();
    password = auth.defaultPassword(memory.authRejected());
    List<String> names = treeList.stream().map(DesiredTree.Node::name).toList();
    ClusterObserver.Probes probes =
        observer.observeAs(names, addresses, exists, credentialsToTry());
    if (!probes.authRejected().isEmpty()) {
      String reread = auth.defaultPassword(true);
      if (!Objects.equals(reread, password)) {
        password = reread; // rotated: look again with the new one (nodes without the ACL users)
        probes = observer.observeAs(names, addresses, exists, credentialsToTry());
      }
    }
    memory.authRejected(!probes.authRejected().isEmpty());
    reportTlsFailures(probes.tlsFailures());
    memory.accepted(probes.accepted());
    nodeCredentials = probes.accepted();
    observations = probes.nodes();
    view = new ClusterView(sc.getSpec(), treeList, observations);
  }

  /**
   * Its own user first; then the default user, for nodes started before the operator's user existed
   * (an upgrade from a version without ACL users), then what every node last accepted.
   */
  private List<Credentials> credentialsToTry() {
    List<Credentials> tried =
        new ArrayList<>(
            memory.credentialsToTry(List.of(auth.operatorCredentials(), Credentials.of(password))));
    // Last, no AUTH: a node that has no password at all accepts anyone (and is then given users).
    tried.add(Credentials.of(null));
    return tried;
  }

  /**
   * A master whose pod object vanished (force delete, eviction with grace 0, a kubelet cut off from
   * the API) may still run and acknowledge writes: the API's word is no proof of its death. Its
   * last pod IP is probed as well (while no other pod has taken that IP), so that, if it answers,
   * the failover fences it before promoting anyone.
   */
  private void probeVanishedMaster() {
    Set<String> masters = new HashSet<>();
    if (status().currentMaster != null) {
      masters.add(status().currentMaster);
    }
    if (status().failover != null && status().failover.from != null) {
      masters.add(status().failover.from);
    }
    for (String m : masters) {
      String ip = memory.lastIp(m);
      if (!pods.containsKey(m) && ip != null && !addresses.containsValue(ip)) {
        addresses.put(m, ip);
      }
    }
  }

  /**
   * Tells the connector which pods speak TLS — by each pod's spec, so pods started before TLS was
   * switched on or off are spoken to as they listen; a pod-less address as the spec says — with the
   * trust of {@code spec.tls}' Secrets (see {@link TlsSecret}) and the pod's DNS name, which the
   * node's certificate must carry.
   */
  private void useTls() {
    TlsSecret.Result tls =
        memory
            .tlsSecret()
            .trust(
                sc.getSpec().tls,
                now,
                memory.tlsHandshakeFailed(),
                name -> resources.secretData(namespace(), name));
    Map<String, NodeConnector.NodeTls> routes = new HashMap<>();
    addresses.forEach(
        (node, ip) -> {
          Pod pod = pods.get(node);
          // A vanished master (no pod, probed at its last address) is taken to listen as the
          // spec says: its password must not go out in plaintext to a node that may be TLS.
          if (pod == null ? sc.getSpec().tls != null : NodeTls.enabled(pod)) {
            String error =
                tls == null ? "spec.tls was removed; the pod still serves TLS" : tls.error();
            routes.put(
                ip,
                new NodeConnector.NodeTls(
                    tls == null ? null : tls.trust(), podDnsName(node), error));
          }
        });
    connector.useTls(namespace() + "/" + cluster(), routes);
  }

  /** {@code <pod>.<headless service>.<namespace>.svc}: the name a node's certificate must carry. */
  private String podDnsName(String node) {
    return ObjectNames.pod(cluster(), node)
        + "."
        + ObjectNames.headlessService(cluster())
        + "."
        + namespace()
        + ".svc";
  }

  /**
   * Nodes whose TLS handshake failed this round: reported; a master among them is not failed over.
   */
  private void reportTlsFailures(Map<String, String> failures) {
    tlsFailures = failures;
    memory.tlsHandshakeFailed(!failures.isEmpty());
    String secret = sc.getSpec().tls == null ? "(none)" : sc.getSpec().tls.secretName;
    failures.forEach(
        (node, reason) ->
            events.warning(
                sc,
                "TlsHandshakeFailed",
                node
                    + ": "
                    + reason
                    + "; check the certificate in Secret "
                    + secret
                    + " (spec.tls)"
                    + (node.equals(status().currentMaster)
                        ? "; the master is not failed over while this lasts"
                        : "")));
  }

  /**
   * The first master: recorded in status (target and epoch) before it is told anything, then
   * promoted with {@code BANYAN PROMOTE <epoch>}. Until then every node is fenced and nothing
   * accepts writes. {@link Bootstrap} elects it: the initial master of a new cluster, the node with
   * the most data on retained volumes, at an epoch above every epoch a node persisted. A decision
   * already in status (an operator that died mid-bootstrap) is carried out as recorded.
   */
  private void bootstrapFirstMaster() {
    if (status().currentMaster != null) {
      return;
    }
    String master = status().targetMaster;
    if (master == null || status().epoch == null || view.node(master) == null) {
      Bootstrap.Election e = Bootstrap.elect(view, status().epoch == null ? 0 : status().epoch);
      if (!e.decided()) {
        if (memory.firstReport(e.message())) {
          events.normal(sc, "ElectingMaster", e.message());
        }
        return;
      }
      StoreClusterStatus decided = Statuses.copy(status());
      decided.targetMaster = e.target();
      decided.epoch = e.epoch();
      sc = statusWriter.write(sc, decided);
      events.normal(sc, "MasterChosen", e.message() + " (epoch " + e.epoch() + ")");
      master = e.target();
    }
    NodeObservation m = observations.get(master);
    if (m == null || !m.reachable()) {
      return;
    }
    long epoch = status().epoch;
    String target = master;
    NodeCommands commands = commands();
    for (String other : Bootstrap.toFence(view, target)) {
      String error = commands.run(other, admin -> admin.fence(epoch));
      if (error != null) {
        events.warning(sc, "FenceFailed", error);
        return; // never a second writable master: retry next round
      }
    }
    String error = commands.run(target, admin -> admin.promote(epoch));
    if (error != null) {
      events.warning(sc, "AdmitFailed", error);
      return;
    }
    StoreClusterStatus admitted = Statuses.copy(status());
    admitted.currentMaster = target;
    sc = statusWriter.write(sc, admitted);
    events.normal(sc, "MasterAdmitted", target + " accepts writes at epoch " + epoch);
  }

  /**
   * Brings every node's users and passwords to what the Secrets hold, without a moment where the
   * old or the new password is refused ({@link AuthRound}, {@link CredentialRotation}).
   */
  private void rotateCredentials() {
    List<String> withPods =
        treeList.stream().map(DesiredTree.Node::name).filter(pods::containsKey).toList();
    authStatus = auth.rotate(withPods, addresses, commands());
    // The rest of the round talks to those as the operator's user: a node that had no password
    // may have one now.
    Map<String, Credentials> next = new HashMap<>(nodeCredentials);
    auth.nodesWithOwnUser().forEach(n -> next.put(n, auth.operatorCredentials()));
    nodeCredentials = next;
    memory.accepted(next); // once every node has the operator's user, probes start with it
  }

  /**
   * The derived settings ({@link SettingsRollout}); until {@code status.appliedSettings} records
   * the spec's, failures are judged with the detection timeout recorded there — the one the nodes
   * run with (I3) — read from status, so an operator restarted in the middle of a change judges as
   * its predecessor did.
   */
  private void applyDerivedSettings() {
    settingsToRecord =
        SettingsRollout.run(sc, treeList, observations, commands(), events, memory, generation());
    long judging = DerivedSettings.judgingDetectionMillis(sc.getSpec(), status().appliedSettings);
    if (judging != DerivedSettings.detectionTimeoutMillis(sc.getSpec())) {
      view = view.withDetectionTimeout(judging);
    }
  }

  /**
   * The rolling update's plan for this round ({@link RollingUpdate}, {@link RolloutPlanner}): which
   * outdated pod to replace, or that the master is to be switched over; carried out by {@link
   * #failover} (the switchover) and {@link #replaceOutdatedPod}.
   */
  private void planRollout() {
    String master = status().currentMaster;
    if (master == null) {
      rollout = null;
      return;
    }
    rollout =
        RollingUpdate.plan(
            sc,
            treeList,
            ReparentPlan.plan(treeList, master).parents(),
            desiredPods,
            pods,
            observations,
            addresses,
            master,
            now);
  }

  /** The pod the rolling update replaces this round, if any; never during a failover. */
  private void replaceOutdatedPod() {
    if (rollout instanceof RolloutPlanner.Replace r) {
      RollingUpdate.replace(resources, pods, r.node());
      events.normal(
          sc,
          "RollingUpdate",
          "replacing the pod of "
              + r.node()
              + " ("
              + r.status().updated
              + " updated, revision "
              + r.status().revision
              + ")");
    }
  }

  /** What the rolling update and the spec ask of the master, for the failover manager. */
  private PlannedMoves plannedMoves() {
    Set<String> outdated = new HashSet<>();
    desiredPods.forEach(
        (node, desired) -> {
          Pod pod = pods.get(node);
          if (pod != null
              && !Objects.equals(PodRevision.current(desired), PodRevision.current(pod))) {
            outdated.add(node);
          }
        });
    FailoverSpec f = sc.getSpec().failover == null ? new FailoverSpec() : sc.getSpec().failover;
    int holdDown =
        f.failbackHoldDownSeconds == null
            ? new FailoverSpec().failbackHoldDownSeconds
            : f.failbackHoldDownSeconds;
    return new PlannedMoves(
        f.targetMaster,
        rollout instanceof RolloutPlanner.MoveMaster,
        outdated,
        lastMasterChange(),
        Duration.ofSeconds(holdDown),
        memory.failbackCandidateSince());
  }

  /** When the newest completed failover or switchover ended; null when there was none. */
  private Instant lastMasterChange() {
    List<StoreClusterStatus.FailoverRecord> history = status().failoverHistory;
    if (history == null) {
      return null;
    }
    for (int i = history.size() - 1; i >= 0; i--) {
      StoreClusterStatus.FailoverRecord r = history.get(i);
      if ("Completed".equals(r.outcome) && r.time != null) {
        Instant start = Instant.parse(r.time);
        return r.durationMillis == null ? start : start.plusMillis(r.durationMillis);
      }
    }
    return null;
  }

  /** Detects a failed master and runs failovers and switchovers (see {@link FailoverRound}). */
  private void failover() {
    if (status().currentMaster == null) {
      return;
    }
    if (tlsFailures.containsKey(status().currentMaster) && status().failover == null) {
      // A master whose handshake failed is a master that answered: its process is up, the
      // operator just cannot verify it (reportTlsFailures has said why). That is no evidence of
      // death, so no failover starts on it; one in progress goes on. A replica that fails its
      // handshake is only not a candidate: a dead master must still be replaced meanwhile.
      return;
    }
    Map<String, String> hostPorts = new HashMap<>();
    addresses.forEach((node, ip) -> hostPorts.put(node, NodeConnector.address(ip)));
    Set<String> labeledMaster = new HashSet<>();
    Set<String> terminating = new HashSet<>();
    pods.forEach(
        (node, pod) -> {
          if (Labels.ROLE_MASTER.equals(pod.getMetadata().getLabels().get(Labels.ROLE))) {
            labeledMaster.add(node);
          }
          if (ClusterResources.terminating(pod)) {
            terminating.add(node);
          }
        });
    FailoverRound.Store store =
        new FailoverRound.Store() {
          @Override
          public StoreCluster current() {
            return sc;
          }

          @Override
          public void write(java.util.function.UnaryOperator<StoreClusterStatus> change) {
            sc = statusWriter.write(sc, change.apply(Statuses.copy(status())));
          }
        };
    new FailoverRound(
            store,
            view,
            new PodFacts(hostPorts, labeledMaster, terminating),
            commands(),
            events,
            memory,
            now,
            plannedMoves())
        .run();
  }

  private void wireTree() {
    String master = status().currentMaster;
    if (master == null || status().epoch == null) {
      return;
    }
    long epoch = status().epoch;
    Map<String, String> parents = ReparentPlan.plan(treeList, master).parents();
    NodeCommands commands = commands();
    NodeObservation m = observations.get(master);
    boolean readmissible = m != null && MasterAdmission.mayReadmit(m, view);
    for (TreeWiring.Action a :
        TreeWiring.plan(parents, master, observations, addresses, epoch, readmissible)) {
      String error =
          switch (a.kind()) {
            case REPLICATE ->
                commands.run(a.node(), admin -> admin.replicaOf(a.parentIp(), NodeConnector.PORT));
            case ADMIT -> commands.run(a.node(), admin -> admin.admit(a.epoch()));
          };
      if (error != null) {
        events.warning(sc, "NodeCommandFailed", error);
      } else if (a.kind() == TreeWiring.Kind.REPLICATE) {
        events.normal(sc, "Replicating", a.node() + " now replicates from " + a.parent());
      } else {
        events.normal(sc, "Admitted", a.node() + " admitted at epoch " + a.epoch());
      }
    }
  }

  /**
   * The {@code banyan.io/role} label follows the live role: master on the master of this epoch,
   * replica on nodes that report being replicas. A former master loses its label at once (the
   * read-write Service must never select it); an unreachable replica keeps its label and leaves the
   * Services through its failing readiness probe.
   */
  private void moveRoleLabels() {
    String master = masterToLabel();
    for (var e : pods.entrySet()) {
      String node = e.getKey();
      Pod pod = e.getValue();
      NodeObservation o = observations.get(node);
      String current = pod.getMetadata().getLabels().get(Labels.ROLE);
      String wanted = current;
      if (node.equals(master)) {
        wanted = Labels.ROLE_MASTER;
      } else if (o != null && o.reachable() && o.role() == Role.REPLICA) {
        wanted = Labels.ROLE_REPLICA;
      } else if (Labels.ROLE_MASTER.equals(current)) {
        wanted = null;
      }
      resources.label(pod, Labels.ROLE, wanted);
    }
  }

  /**
   * Who carries the master label: the master of this epoch — but nobody from the moment a failover
   * is decided until its target is promoted, so the read-write Service stops sending clients to the
   * old master first; the target as soon as its promotion is confirmed (from REPARENTING on: its
   * replicas may still be linking, so a write can meet NOREPLICAS for a moment, never a stale
   * master).
   */
  private String masterToLabel() {
    StoreClusterStatus s = status();
    if (s.failover == null) {
      return s.currentMaster;
    }
    FailoverState f = FailoverState.fromStatus(s.failover);
    return f.step().compareTo(FailoverStep.REPARENTING) >= 0 ? f.target() : null;
  }

  /**
   * Writes the aggregated status when something an observer cares about changed, or a replica's lag
   * crossed the bound the spec allows ({@link StatusChange}); offsets alone are not worth a write.
   */
  private void report() {
    long generation = generation();
    StoreClusterStatus next =
        StatusAggregator.aggregate(
            new StatusAggregator.Inputs(
                generation,
                treeList,
                observations,
                addresses,
                status(),
                status().failover != null,
                status().failover == null
                    ? null
                    : status().failover.step + ": " + status().failover.message,
                null,
                now.toString()));
    if (settingsToRecord != null) {
      next.appliedSettings = settingsToRecord;
    }
    next.auth = authStatus == null ? status().auth : authStatus;
    next.rollout = rollout == null ? status().rollout : rollout.status();
    if (next.rollout != null) {
      next = StatusAggregator.rollingUpdate(next, status().conditions, now.toString());
    }
    if (DerivedSettings.pending(sc.getSpec(), next.appliedSettings)) {
      next =
          StatusAggregator.applyingSettings(
              next,
              status().conditions,
              "the nodes still run with the settings of generation "
                  + next.appliedSettings.generation
                  + "; giving them this generation's (repl-timeout, min-replicas, lag bounds)",
              now.toString());
    }
    Set<String> lagging =
        memory.lagWatch().update(now, status().currentMaster, observations, allowedLag());
    if (StatusChange.worthWriting(sc.getStatus(), next, memory.laggingWritten(), lagging)) {
      sc = statusWriter.write(sc, next);
      memory.laggingWritten(lagging);
    }
  }

  private long generation() {
    return sc.getMetadata().getGeneration() == null ? 0 : sc.getMetadata().getGeneration();
  }

  /** The replication lag the spec allows ({@code replication.maxLagSeconds}). */
  private Duration allowedLag() {
    ReplicationSpec r = sc.getSpec().replication;
    Integer seconds = r == null || r.maxLagSeconds == null ? null : r.maxLagSeconds;
    return Duration.ofSeconds(seconds == null ? new ReplicationSpec().maxLagSeconds : seconds);
  }

  /** This round's facts for the backup step ({@link ClusterBackups}, which holds the logic). */
  private BackupRound backupRound() {
    return new BackupRound(
        sc,
        treeList.stream().map(DesiredTree.Node::name).toList(),
        observations,
        addresses,
        this::credentialsOf,
        auth.replicationPassword(),
        resources::secretValue,
        next -> sc = statusWriter.write(sc, next),
        new BackupRound.Events() {
          @Override
          public void normal(String reason, String message) {
            events.normal(sc, reason, message);
          }

          @Override
          public void warning(String reason, String message) {
            events.warning(sc, reason, message);
          }
        },
        now,
        connector);
  }

  private NodeCommands commands() {
    return NodeCommands.perNode(connector, addresses, this::credentialsOf);
  }

  /**
   * Each node is told with the credentials it accepted on this round's probe; a node not probed
   * successfully gets the operator's own.
   */
  private Credentials credentialsOf(String node) {
    Credentials accepted = nodeCredentials.get(node);
    return accepted == null ? auth.operatorCredentials() : accepted;
  }
}
