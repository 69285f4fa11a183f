package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.FailoverRecord;
import io.banyan.operator.failover.ClusterFacts;
import io.banyan.operator.failover.ClusterView;
import io.banyan.operator.failover.Command;
import io.banyan.operator.failover.Decision;
import io.banyan.operator.failover.FailoverManager;
import io.banyan.operator.failover.FailoverState;
import io.banyan.operator.failover.FailoverStep;
import io.banyan.operator.failover.FailoverSteps;
import io.banyan.operator.failover.PlannedMoves;
import io.banyan.operator.failover.PodFacts;
import io.banyan.operator.failover.StepResult;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.node.NodeErrorReply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The I/O side of the failover manager: evaluates the pure decision for this round and carries it
 * out — status first (target, epoch, step), then the node commands, each idempotent — so an
 * operator that dies between any two lines finishes the same failover when it comes back (I5).
 */
final class FailoverRound {
  /** How long a planned switchover may take on the data node before it gives up. */
  private static final long SWITCHOVER_TIMEOUT_MILLIS = 10_000;

  /** Failovers kept in status.failoverHistory (the newest). */
  static final int HISTORY_KEPT = 20;

  /** Reads and replaces the cluster as stored; every write goes through here. */
  interface Store {
    StoreCluster current();

    void write(UnaryOperator<StoreClusterStatus> change);
  }

  private final Store store;
  private final ClusterView view;
  private final PodFacts pods;
  private final NodeCommands commands;
  private final ClusterEvents events;
  private final ClusterMemory memory;
  private final Instant now;
  private final PlannedMoves moves;

  FailoverRound(
      Store store,
      ClusterView view,
      PodFacts pods,
      NodeCommands commands,
      ClusterEvents events,
      ClusterMemory memory,
      Instant now,
      PlannedMoves moves) {
    this.moves = moves;
    this.store = store;
    this.view = view;
    this.pods = pods;
    this.commands = commands;
    this.events = events;
    this.memory = memory;
    this.now = now;
  }

  void run() {
    StoreClusterStatus status = store.current().getStatus();
    ClusterFacts facts =
        new ClusterFacts(
            status.currentMaster,
            status.epoch == null ? 0 : status.epoch,
            FailoverState.fromStatus(status.failover));
    FailoverManager.Evaluation evaluation =
        FailoverManager.evaluate(
            new FailoverManager.Inputs(view, facts, pods, memory.suspicion(), now, moves));
    memory.suspicion(evaluation.detection().suspicion());
    memory.failbackCandidateSince(evaluation.failbackCandidateSince());
    handle(evaluation.decision());
  }

  private void handle(Decision decision) {
    switch (decision) {
      case Decision.NoAction n -> memory.firstReport(null);
      case Decision.ReportOnly r -> {
        if (memory.firstReport(r.message())) {
          events.warning(store.current(), r.reason() + "Needed", r.message());
        }
      }
      case Decision.NoCandidate c -> {
        if (memory.firstReport(c.message())) {
          events.warning(store.current(), "NoFailoverCandidate", c.message());
        }
      }
      case Decision.Start s -> {
        store.write(
            st -> {
              st.failover = s.state().toStatus();
              st.epoch = s.promotion().epoch();
              st.targetMaster = s.promotion().target();
              return st;
            });
        events.warning(
            store.current(),
            s.state().switchover() ? "SwitchoverStarted" : "FailoverStarted",
            "epoch " + s.promotion().epoch() + ": " + s.promotion().message());
        carryOut(FailoverSteps.next(s.state(), view, pods));
      }
      case Decision.Continue c -> carryOut(c.step());
      case Decision.Abandon a -> {
        store.write(
            st -> {
              st.failover = null;
              st.epoch = Math.max(st.epoch == null ? 0 : st.epoch, a.epoch());
              addHistory(st, record(a.abandoned(), "Abandoned: " + a.why()));
              return st;
            });
        events.warning(store.current(), "FailoverAbandoned", a.why());
        handle(a.next());
      }
    }
  }

  private void carryOut(StepResult step) {
    FailoverState state = step.state();
    boolean promoted = state.step().compareTo(FailoverStep.PROMOTING) > 0;
    if (step.outcome() == StepResult.Outcome.DONE) {
      store.write(
          st -> {
            st.currentMaster = state.target();
            st.failover = null;
            addHistory(st, record(state, "Completed"));
            return st;
          });
      events.normal(
          store.current(),
          state.switchover() ? "SwitchoverCompleted" : "FailoverCompleted",
          state.target() + " is the master at epoch " + state.epoch());
      return;
    }
    store.write(
        st -> {
          st.failover = state.toStatus();
          if (promoted) {
            st.currentMaster = state.target();
          }
          return st;
        });
    boolean targetPromoted = false;
    for (Command command : step.commands()) {
      String error = execute(command);
      if (error != null) {
        events.warning(store.current(), "FailoverStepFailed", error);
      } else if (!(command instanceof Command.RelabelMaster)) {
        events.normal(store.current(), "FailoverStep", describe(command, state));
      }
      targetPromoted |=
          error == null
              && command instanceof Command.Promote p
              && p.node().equals(state.target())
              && p.epoch() == state.epoch();
    }
    if (targetPromoted && state.step() == FailoverStep.PROMOTING) {
      // BANYAN PROMOTE answered OK: the target is the master of the epoch (the command is atomic
      // and idempotent). Record it now rather than after the next probe, so the master label —
      // and with it the read-write Service — moves to it in this round: a probe round waits out
      // the timeout of an unreachable old master, and clients would wait with it.
      store.write(
          st -> {
            st.failover = state.withStep(FailoverStep.REPARENTING).toStatus();
            st.currentMaster = state.target();
            return st;
          });
    }
  }

  private String execute(Command command) {
    return switch (command) {
      case Command.Fence f -> commands.run(f.node(), admin -> admin.fence(f.epoch()));
      case Command.ReplicaOf r ->
          commands.run(
              r.node(), admin -> admin.replicaOf(commands.address(r.parent()), NodeConnector.PORT));
      case Command.Promote p -> commands.run(p.node(), admin -> admin.promote(p.epoch()));
      case Command.Admit a -> commands.run(a.node(), admin -> admin.admit(a.epoch()));
      case Command.FailoverTo f ->
          commands.run(
              f.node(),
              admin -> {
                try {
                  admin.failoverTo(
                      commands.address(f.target()), NodeConnector.PORT, SWITCHOVER_TIMEOUT_MILLIS);
                } catch (NodeErrorReply e) {
                  // A repeat while the first FAILOVER is still running is expected.
                  if (!e.getMessage().contains("already in progress")) {
                    throw e;
                  }
                }
              });
      // Labels follow status in ClusterRound.moveRoleLabels, which runs after this round.
      case Command.RelabelMaster r -> null;
    };
  }

  private static String describe(Command command, FailoverState state) {
    return switch (command) {
          case Command.Fence f -> "fenced " + f.node() + " at epoch " + f.epoch();
          case Command.ReplicaOf r -> r.node() + " now replicates from " + r.parent();
          case Command.Promote p -> "promoted " + p.node() + " at epoch " + p.epoch();
          case Command.Admit a -> "admitted catch-up source " + a.node() + " at " + a.epoch();
          case Command.FailoverTo f -> "asked " + f.node() + " to hand over to " + f.target();
          case Command.RelabelMaster r -> "relabeled " + r.node();
        }
        + " ("
        + state.reason()
        + ")";
  }

  private FailoverRecord record(FailoverState state, String outcome) {
    FailoverRecord r = new FailoverRecord();
    r.time = Objects.toString(state.startedAt(), now.toString());
    r.from = state.from();
    r.to = state.target();
    r.reason = state.reason().name();
    r.epoch = state.epoch();
    r.outcome = outcome;
    r.durationMillis =
        state.startedAt() == null ? null : Duration.between(state.startedAt(), now).toMillis();
    return r;
  }

  /** Appends to the history, keeping the newest {@value #HISTORY_KEPT} entries. */
  private static void addHistory(StoreClusterStatus s, FailoverRecord r) {
    ArrayList<FailoverRecord> history =
        s.failoverHistory == null ? new ArrayList<>() : new ArrayList<>(s.failoverHistory);
    history.add(r);
    while (history.size() > HISTORY_KEPT) {
      history.remove(0);
    }
    s.failoverHistory = history;
  }
}
