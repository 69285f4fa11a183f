package io.banyan.operator.failover;

import io.banyan.operator.failover.StepResult.Outcome;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The failover state machine: given the persisted state and what the nodes report now, what to do
 * next. Pure and idempotent: the same inputs give the same answer, and every step whose goal the
 * nodes already report as reached is skipped, so an operator restarted mid-failover resumes the
 * same failover (same target, same epoch) without repeating harm (I5).
 *
 * <p>Caller contract: persist {@code result.state()} if it differs from the stored one, then
 * perform {@code result.commands()}, then call again on the next observation. Once a result's step
 * is past {@link FailoverStep#PROMOTING}, status {@code currentMaster} is the target.
 *
 * <p>Goals per step:
 *
 * <ul>
 *   <li>FENCING_OLD: the old master is unreachable (it restarts fenced, and its replicas leave it
 *       so min-replicas-to-write starves it), reports REPLICA, or is fenced at ≥ the epoch.
 *       Whenever the old master reports an unfenced MASTER role later in the failover it is fenced
 *       again.
 *   <li>CATCHING_UP: the target's offset ≥ the required offset (no catch-up source: reached). A
 *       source that becomes unreachable abandons the failover, so the choice is made again among
 *       the nodes still reachable (design §4 counts reachable replicas only).
 *   <li>PROMOTING: the target reports MASTER, unfenced, at ≥ the epoch. A failover promotes only a
 *       target at ≥ the required offset (a target that restarted meanwhile is caught up again). A
 *       switchover sends {@code FAILOVER TO target} to the old master and admits the target at the
 *       epoch once the old master has stepped down — or, when the old master's pod is Terminating
 *       or gone and it no longer answers, once the target reports an unfenced MASTER (only the
 *       hand-over makes it one).
 *   <li>REPARENTING: every reachable direct replica of the new master per {@link ReparentPlan}
 *       reports it follows the target's address. Unreachable ones are left to the reconcile.
 *   <li>RELABELING: exactly the target's pod is labeled master.
 * </ul>
 *
 * <p>Abandon: if the target becomes unreachable (or its pod is gone) before DONE, its pod turns
 * Terminating before PROMOTING, the catch-up source becomes unreachable before the target caught
 * up, or the old master of a switchover is lost before stepping down, the result is ABANDON; the
 * caller clears the failover and decides again with epoch + 1 (see {@link FailoverManager}).
 */
public final class FailoverSteps {
  private FailoverSteps() {}

  /** What to do now for {@code state}; see class doc. */
  public static StepResult next(FailoverState state, ClusterView view, PodFacts pods) {
    if (state.step() == FailoverStep.DONE) {
      return new StepResult(
          Outcome.DONE, state, List.of(), "failover to " + state.target() + " done");
    }
    String target = state.target();
    if (!view.reachable(target)) {
      return new StepResult(
          Outcome.ABANDON,
          state,
          List.of(),
          "target "
              + target
              + (view.observed(target).podExists() ? " unreachable" : " pod gone")
              + " at step "
              + state.step()
              + "; decide again with a new epoch");
    }
    if (pods.terminating(target) && state.step().compareTo(FailoverStep.PROMOTING) < 0) {
      // Promoting a node that is about to stop would only start the next failover; until the
      // promotion is under way nothing is lost by choosing again.
      return new StepResult(
          Outcome.ABANDON,
          state,
          List.of(),
          "target " + target + " pod terminating at step " + state.step() + "; decide again");
    }
    List<Command> safety = refence(state, view);
    FailoverStep first =
        state.step().compareTo(FailoverStep.FENCING_OLD) < 0
            ? FailoverStep.FENCING_OLD
            : state.step();
    for (FailoverStep step : FailoverStep.values()) {
      if (step.compareTo(first) < 0 || step == FailoverStep.DONE) {
        continue;
      }
      StepResult r = attempt(step, state.withStep(step), view, pods, safety);
      if (r != null) {
        return r;
      }
    }
    return new StepResult(
        Outcome.DONE,
        state.withStep(FailoverStep.DONE),
        List.of(),
        "failover to " + target + " at epoch " + state.epoch() + " done");
  }

  /** The step's result when its goal is not reached yet; null when reached (skip to the next). */
  private static StepResult attempt(
      FailoverStep step, FailoverState s, ClusterView view, PodFacts pods, List<Command> safety) {
    return switch (step) {
      case FENCING_OLD -> s.switchover() ? null : fenceOld(s, safety);
      case CATCHING_UP -> s.switchover() ? null : catchUp(s, view, pods, safety);
      case PROMOTING ->
          s.switchover() ? switchover(s, view, pods, safety) : promote(s, view, pods, safety);
      case REPARENTING -> reparent(s, view, pods, safety);
      case RELABELING -> relabel(s, pods, safety);
      case DECIDED, DONE -> null;
    };
  }

  private static StepResult fenceOld(FailoverState s, List<Command> safety) {
    return safety.isEmpty() ? null : act(s, safety, List.of(), "fence old master " + s.from());
  }

  private static StepResult catchUp(
      FailoverState s, ClusterView view, PodFacts pods, List<Command> safety) {
    NodeObservation t = view.observed(s.target());
    if (s.catchUpFrom() == null || t.offset() >= s.requiredOffset() || promoted(s, t)) {
      return null;
    }
    String source = s.catchUpFrom();
    String progress = "offset " + t.offset() + " of " + s.requiredOffset();
    if (!view.reachable(source)) {
      // The design's rule counts reachable nodes only: decide again among them (new epoch)
      // rather than leave the cluster without a master until this one returns.
      return new StepResult(
          Outcome.ABANDON,
          s,
          List.of(),
          "catch-up source " + source + " unreachable at " + progress + "; decide again");
    }
    List<Command> commands = new ArrayList<>();
    NodeObservation src = view.observed(source);
    if (src.fenced() && src.role() == Role.REPLICA) {
      // A fenced node refuses replicas (a replica that restarted and was never admitted because
      // its own master is gone): admit it, or the target waits for it for ever.
      commands.add(new Command.Admit(source, s.epoch()));
    }
    if (follows(t, source, pods)) {
      return act(s, safety, commands, s.target() + " catching up from " + source + ": " + progress);
    }
    commands.add(new Command.ReplicaOf(s.target(), source));
    return act(s, safety, commands, s.target() + " to catch up from " + source + ": " + progress);
  }

  private static StepResult promote(
      FailoverState s, ClusterView view, PodFacts pods, List<Command> safety) {
    NodeObservation t = view.observed(s.target());
    if (promoted(s, t)) {
      return null;
    }
    if (t.offset() < s.requiredOffset()) {
      // Only when the target lost data after catching up (e.g. it restarted): catch up again.
      StepResult again = catchUp(s, view, pods, safety);
      return again != null
          ? again
          : act(
              s,
              safety,
              List.of(),
              "waiting: target offset " + t.offset() + " below " + s.requiredOffset());
    }
    if (!safety.isEmpty()) {
      // The old master answers unfenced again: it must show the fence before anyone is promoted.
      return act(s, safety, List.of(), "fence " + s.from() + " again before promoting");
    }
    // The new master's replicas are told in the same round, right after the promotion (each
    // REPLICAOF is idempotent and REPARENTING checks them), so its write quorum forms at once
    // instead of one probe interval later.
    List<Command> commands = new ArrayList<>();
    commands.add(new Command.Promote(s.target(), s.epoch()));
    commands.addAll(relink(s, view, pods));
    return act(s, safety, commands, "promote " + s.target() + " at epoch " + s.epoch());
  }

  /** REPLICAOF the target for every reachable direct replica of the new master not following it. */
  private static List<Command> relink(FailoverState s, ClusterView view, PodFacts pods) {
    List<Command> commands = new ArrayList<>();
    for (String n : ReparentPlan.plan(view.tree(), s.target()).directReplicas()) {
      if (view.reachable(n) && !follows(view.observed(n), s.target(), pods)) {
        commands.add(new Command.ReplicaOf(n, s.target()));
      }
    }
    return commands;
  }

  private static StepResult switchover(
      FailoverState s, ClusterView view, PodFacts pods, List<Command> safety) {
    NodeObservation t = view.observed(s.target());
    if (promoted(s, t)) {
      return null;
    }
    NodeObservation old = view.observed(s.from());
    boolean oldSteppedDown = old.role() == Role.REPLICA;
    // Only the old master's FAILOVER makes an admitted replica an unfenced master (a restarted
    // target comes back fenced), so such a target proves the hand-over finished even when the old
    // master is not seen any more: a Terminating one is stopped by its kubelet as soon as it has
    // stepped down, often before the next probe could see it as a replica.
    boolean leaving = pods.terminating(s.from()) || !old.podExists();
    boolean handedOver =
        t.role() == Role.MASTER && !t.fenced() && leaving && !view.reachable(s.from());
    if (t.role() == Role.MASTER && (oldSteppedDown || handedOver)) {
      return act(
          s,
          safety,
          List.of(new Command.Promote(s.target(), s.epoch())),
          "admit " + s.target() + " as master of epoch " + s.epoch());
    }
    if (view.reachable(s.from()) && oldSteppedDown && follows(old, s.target(), pods)) {
      // Mid-hand-over: FAILOVER made the old master a replica of the target, and the target's
      // own report (probed a moment earlier) does not show its promotion yet.
      return act(s, safety, List.of(), s.from() + " handed over; waiting for " + s.target());
    }
    if (!view.reachable(s.from()) || old.role() != Role.MASTER) {
      return new StepResult(
          Outcome.ABANDON, s, List.of(), "master " + s.from() + " lost during switchover");
    }
    if (!follows(t, s.from(), pods)) {
      // FAILOVER TO only hands over to a replica of the master itself; a target that follows
      // another node (it returned under its former parent) is re-pointed first, or the master
      // would refuse the hand-over for ever.
      return act(
          s,
          safety,
          List.of(new Command.ReplicaOf(s.target(), s.from())),
          s.target() + " to follow " + s.from() + " before the switchover");
    }
    if (t.link() != NodeObservation.Link.UP) {
      return act(s, safety, List.of(), "waiting for " + s.target() + " to sync with " + s.from());
    }
    return act(
        s,
        safety,
        List.of(new Command.FailoverTo(s.from(), s.target())),
        "FAILOVER from " + s.from() + " to " + s.target());
  }

  private static StepResult reparent(
      FailoverState s, ClusterView view, PodFacts pods, List<Command> safety) {
    List<Command> commands = relink(s, view, pods);
    return commands.isEmpty() && safety.isEmpty()
        ? null
        : act(s, safety, commands, "re-parent onto " + s.target());
  }

  private static StepResult relabel(FailoverState s, PodFacts pods, List<Command> safety) {
    if (!pods.labeledMaster().equals(Set.of(s.target()))) {
      return act(s, safety, List.of(new Command.RelabelMaster(s.target())), "relabel pods");
    }
    // Never report DONE while the old master still answers as an unfenced master.
    return safety.isEmpty() ? null : act(s, safety, List.of(), "fence returning " + s.from());
  }

  /**
   * Fence the old master again if it answers as an unfenced master below the epoch. "Answers" is
   * enough: a Terminating pod, or one whose pod object is gone but whose process still answers at
   * its last address, may still acknowledge writes.
   */
  private static List<Command> refence(FailoverState s, ClusterView view) {
    NodeObservation old = view.observed(s.from());
    if (s.switchover() || s.from().equals(s.target()) || !old.reachable()) {
      return List.of();
    }
    boolean contained = old.role() == Role.REPLICA || (old.fenced() && old.epoch() >= s.epoch());
    return contained ? List.of() : List.of(new Command.Fence(s.from(), s.epoch()));
  }

  private static boolean promoted(FailoverState s, NodeObservation t) {
    return t.role() == Role.MASTER && !t.fenced() && t.epoch() >= s.epoch();
  }

  private static boolean follows(NodeObservation o, String parent, PodFacts pods) {
    String address = pods.address(parent);
    return o.role() == Role.REPLICA
        && address != null
        && Objects.equals(o.masterAddress(), address);
  }

  private static StepResult act(
      FailoverState s, List<Command> safety, List<Command> commands, String message) {
    List<Command> all = new ArrayList<>(safety);
    all.addAll(commands);
    return new StepResult(Outcome.ACT, s, all, message);
  }
}
