package io.banyan.operator.status;

import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.Condition;
import io.banyan.operator.api.StoreClusterStatus.ConditionStatus;
import io.banyan.operator.api.StoreClusterStatus.ConditionType;
import io.banyan.operator.api.StoreClusterStatus.LinkState;
import io.banyan.operator.api.StoreClusterStatus.NodeStatus;
import io.banyan.operator.api.StoreClusterStatus.Phase;
import io.banyan.operator.api.StoreClusterStatus.Role;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.storage.VolumeResize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the status is computed (Keycloak-operator style): the live tree read from the
 * nodes, ready count, phase and the four conditions. Pure. Decisions already recorded in status
 * (epoch, current and target master, failover history) are carried over unchanged: they are written
 * by the steps that make them, before acting (I5).
 */
public final class StatusAggregator {
  private StatusAggregator() {}

  /** Everything the aggregate depends on. */
  public record Inputs(
      long generation,
      List<DesiredTree.Node> tree,
      Map<String, NodeObservation> observations,
      Map<String, String> addresses,
      StoreClusterStatus previous,
      boolean failoverInProgress,
      String failoverMessage,
      String specProblem,
      String now) {}

  public static StoreClusterStatus aggregate(Inputs in) {
    StoreClusterStatus previous = in.previous() == null ? new StoreClusterStatus() : in.previous();
    StoreClusterStatus s = new StoreClusterStatus();
    s.observedGeneration = in.generation();
    s.epoch = previous.epoch;
    s.currentMaster = previous.currentMaster;
    s.targetMaster = previous.targetMaster;
    s.failoverHistory = previous.failoverHistory;
    s.failover = previous.failover;
    s.appliedSettings = previous.appliedSettings;
    s.auth = previous.auth;
    s.storage = previous.storage; // written by the volume growth step
    s.backups = previous.backups; // owned by the backup package, carried as they are
    s.lastBackupRequest = previous.lastBackupRequest;
    s.restore = previous.restore;

    Map<String, String> nodeByAddress = new HashMap<>();
    in.addresses().forEach((node, ip) -> nodeByAddress.put(NodeConnector.address(ip), node));
    NodeObservation master =
        s.currentMaster == null ? null : in.observations().get(s.currentMaster);
    long masterOffset = master != null && master.reachable() ? master.offset() : -1;

    List<NodeStatus> nodes = new ArrayList<>();
    int healthy = 0;
    List<String> unhealthy = new ArrayList<>();
    for (DesiredTree.Node n : in.tree()) {
      NodeObservation o = in.observations().get(n.name());
      NodeStatus ns = nodeStatus(n, o, in.addresses(), nodeByAddress, masterOffset);
      nodes.add(ns);
      boolean ok =
          Boolean.TRUE.equals(ns.reachable)
              && !Boolean.TRUE.equals(ns.fenced)
              && (n.name().equals(s.currentMaster)
                  ? ns.role == Role.master
                  : ns.role == Role.replica && ns.linkState == LinkState.up);
      if (ok) {
        healthy++;
      } else {
        unhealthy.add(n.name());
      }
    }
    s.nodes = nodes;
    s.readyNodes = healthy + "/" + in.tree().size();

    boolean masterOk = s.currentMaster != null && !unhealthy.contains(s.currentMaster);
    boolean allOk = unhealthy.isEmpty();
    boolean bootstrapping = s.currentMaster == null;
    s.phase =
        in.specProblem() != null
            ? Phase.Failed
            : in.failoverInProgress()
                ? Phase.FailingOver
                : bootstrapping
                    ? (healthy == 0 ? Phase.Pending : Phase.Creating)
                    : allOk ? Phase.Running : Phase.Degraded;

    String waitingFor = "waiting for " + String.join(", ", unhealthy);
    Conditions c = new Conditions(previous.conditions, in.now(), in.generation());
    if (in.specProblem() != null) {
      c.set(ConditionType.Ready, false, "InvalidSpec", in.specProblem());
    } else if (masterOk && allOk) {
      c.set(ConditionType.Ready, true, "AllNodesReady", "every node is in place and in sync");
    } else if (masterOk) {
      c.set(ConditionType.Ready, true, "MasterReady", "the master accepts writes; " + waitingFor);
    } else {
      c.set(ConditionType.Ready, false, "NoMaster", "no admitted master; " + waitingFor);
    }
    boolean progressing = in.specProblem() == null && (bootstrapping || !allOk);
    c.set(
        ConditionType.Progressing,
        progressing,
        progressing ? (bootstrapping ? "Creating" : "Converging") : "Converged",
        progressing ? waitingFor : "the live tree matches the spec");
    boolean degraded = !bootstrapping && !allOk;
    c.set(
        ConditionType.Degraded,
        degraded,
        degraded ? "NodesUnhealthy" : "AllNodesHealthy",
        degraded ? "unhealthy: " + String.join(", ", unhealthy) : "no unhealthy node");
    c.set(
        ConditionType.FailoverInProgress,
        in.failoverInProgress(),
        in.failoverInProgress() ? "FailingOver" : "NoFailover",
        in.failoverInProgress() ? in.failoverMessage() : "no failover in progress");
    if (s.storage != null) {
      VolumeResize.Condition storage = VolumeResize.condition(s.storage);
      c.set(ConditionType.StorageResized, storage.resized(), storage.reason(), storage.message());
    }
    s.conditions = c.build();
    return s;
  }

  /**
   * {@code next} with the Progressing condition describing its rolling update ({@code
   * next.rollout}): reason {@code RollingUpdate}, {@code RolloutPaused} (a replaced node did not
   * come back in time) or {@code AwaitingApproval} (a Supervised rollout waits before the master).
   */
  public static StoreClusterStatus rollingUpdate(
      StoreClusterStatus next, List<Condition> stored, String now) {
    String reason =
        switch (next.rollout.step) {
          case "Paused" -> "RolloutPaused";
          case "AwaitingApproval" -> "AwaitingApproval";
          default -> "RollingUpdate";
        };
    String message =
        next.rollout.updated
            + " pods on revision "
            + next.rollout.revision
            + ": "
            + next.rollout.message;
    return withProgressing(next, stored, reason, message, now);
  }

  /**
   * {@code next} with the Progressing condition True, reason {@code ApplyingSettings}: the spec's
   * derived settings have not reached every reachable node yet. {@code stored}: the conditions as
   * stored, whose transition times are kept for the conditions that did not change.
   */
  public static StoreClusterStatus applyingSettings(
      StoreClusterStatus next, List<Condition> stored, String message, String now) {
    return withProgressing(next, stored, "ApplyingSettings", message, now);
  }

  private static StoreClusterStatus withProgressing(
      StoreClusterStatus next, List<Condition> stored, String reason, String message, String now) {
    long generation = next.observedGeneration == null ? 0 : next.observedGeneration;
    Conditions c = new Conditions(stored, now, generation);
    for (Condition condition : next.conditions) {
      if (condition.type == ConditionType.Progressing) {
        c.set(ConditionType.Progressing, true, reason, message);
      } else {
        c.set(
            condition.type,
            condition.status == ConditionStatus.True,
            condition.reason,
            condition.message);
      }
    }
    next.conditions = c.build();
    return next;
  }

  private static NodeStatus nodeStatus(
      DesiredTree.Node n,
      NodeObservation o,
      Map<String, String> addresses,
      Map<String, String> nodeByAddress,
      long masterOffset) {
    NodeStatus ns = new NodeStatus();
    ns.name = n.name();
    ns.zone = n.zone();
    String ip = addresses.get(n.name());
    ns.address = ip == null ? null : NodeConnector.address(ip);
    ns.reachable = o != null && o.reachable();
    if (o == null || !o.reachable()) {
      ns.linkState = LinkState.down;
      return ns;
    }
    ns.fenced = o.fenced();
    ns.offset = o.offset();
    switch (o.role()) {
      case MASTER -> {
        ns.role = Role.master;
        ns.linkState = LinkState.none;
      }
      case REPLICA -> {
        ns.role = Role.replica;
        ns.parent = nodeByAddress.getOrDefault(o.masterAddress(), o.masterAddress());
        ns.linkState =
            switch (o.link()) {
              case UP -> LinkState.up;
              case SYNCING -> LinkState.syncing;
              default -> LinkState.down;
            };
        if (masterOffset >= 0 && o.offset() >= 0) {
          ns.lag = Math.max(0, masterOffset - o.offset());
        }
      }
      default -> ns.linkState = LinkState.down;
    }
    return ns;
  }
}
