package io.banyan.operator.failover;

import io.banyan.operator.api.FailoverSpec.Policy;
import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.failover.StepResult.Outcome;
import java.time.Instant;

/**
 * The failover manager's decision for one observation round, composed from {@link FailureDetector},
 * {@link CandidateSelector}, {@link ReparentPlan} and {@link FailoverSteps}. Pure: the caller does
 * the probing, status writes and commands.
 *
 * <ol>
 *   <li>A failover in progress always continues (same target, same epoch), whatever the policy;
 *       only the loss of its target abandons it, and then the decision is taken again at once.
 *   <li>A failed master: automatic policy → {@link Decision.Start} with epoch = max(status epoch,
 *       epochs the nodes report) + 1, or {@link Decision.NoCandidate}; manual policy → {@link
 *       Decision.ReportOnly}.
 *   <li>A master whose pod is Terminating and that still answers as master (healthy or degraded): a
 *       {@link FailoverReason#MasterTerminating} switchover to the best in-sync backup of any zone,
 *       preferred zone first (same policy rule), or NoCandidate saying why — then its death, when
 *       it comes, is detected and handled as usual.
 *   <li>A healthy master outside the spec's preferred zone: a {@link FailoverReason#Switchover} to
 *       the best caught-up backup of that zone (same policy rule), or NoCandidate saying why.
 *   <li>Anything else: {@link Decision.NoAction} with the detector's message.
 * </ol>
 */
public final class FailoverManager {
  private FailoverManager() {}

  /**
   * Everything one evaluation reads.
   *
   * @param suspicion what the previous evaluation returned ({@link MasterSuspicion#none()} at
   *     start)
   */
  public record Inputs(
      ClusterView view,
      ClusterFacts facts,
      PodFacts pods,
      MasterSuspicion suspicion,
      Instant now) {}

  /**
   * @param detection the detector's view of the status master; keep {@code detection.suspicion()}
   *     for the next call
   * @param decision what to do
   */
  public record Evaluation(Detection detection, Decision decision) {}

  public static Evaluation evaluate(Inputs in) {
    Detection detection = FailureDetector.assess(in.view(), in.facts(), in.suspicion(), in.now());
    FailoverState running = in.facts().inProgress();
    if (running == null) {
      return new Evaluation(detection, decideNew(in, in.facts(), detection));
    }
    StepResult step = FailoverSteps.next(running, in.view(), in.pods());
    if (step.outcome() != Outcome.ABANDON) {
      return new Evaluation(detection, new Decision.Continue(step));
    }
    boolean promoted = running.step().compareTo(FailoverStep.REPARENTING) >= 0;
    // At PROMOTING the target may already have been made master of the failover's epoch without
    // the operator having seen it. Whoever is master next (the old master re-admitted, or a new
    // failover) must then hold a higher epoch, so the two can never be writable at the same one.
    boolean maybePromoted = running.step() == FailoverStep.PROMOTING;
    long epochAfter = running.epoch() + (maybePromoted ? 1 : 0);
    ClusterFacts after =
        new ClusterFacts(promoted ? running.target() : running.from(), epochAfter, null);
    // The failure being handled started no later than the abandoned failover: keep that start, so
    // the candidates' link age is judged against it (and an operator restart, which forgets the
    // suspicion, does not make every replica look like it was cut off before the failure).
    MasterSuspicion suspicion = detection.suspicion();
    String master = after.currentMaster();
    if (running.startedAt() != null
        && (!suspicion.suspects(master) || suspicion.since().isAfter(running.startedAt()))) {
      suspicion = new MasterSuspicion(master, running.startedAt());
    }
    Detection again = FailureDetector.assess(in.view(), after, suspicion, in.now());
    return new Evaluation(
        again,
        new Decision.Abandon(running, step.message(), epochAfter, decideNew(in, after, again)));
  }

  private static Decision decideNew(Inputs in, ClusterFacts facts, Detection d) {
    ClusterView view = in.view();
    String master = facts.currentMaster();
    if (d.verdict() == Verdict.FAILED) {
      boolean demoted = d.reason() == FailoverReason.MasterDemoted;
      Selection s =
          CandidateSelector.forFailover(
              view, master, d.suspicion(), in.now(), demoted, in.pods().terminating());
      return conclude(view, facts, d.reason(), d.message(), s, in.now());
    }
    if (terminatingButAnswering(in, master, d)) {
      Selection s = CandidateSelector.forTerminatingMaster(view, master, in.pods().terminating());
      String why =
          "pod of master "
              + master
              + " is terminating while its process answers: hand over before it stops";
      return conclude(view, facts, FailoverReason.MasterTerminating, why, s, in.now());
    }
    if (d.verdict() == Verdict.HEALTHY && !view.node(master).zone().equals(view.preferredZone())) {
      Selection s = CandidateSelector.forSwitchover(view, master, in.pods().terminating());
      String why =
          "master "
              + master
              + " is in zone "
              + view.node(master).zone()
              + ", the spec prefers "
              + view.preferredZone();
      return conclude(view, facts, FailoverReason.Switchover, why, s, in.now());
    }
    return new Decision.NoAction(d.message());
  }

  /**
   * The master's pod is Terminating (deleted gracefully, drained, evicted) and the operator still
   * reaches it as the master of the epoch. The deletion is no proof of death while it answers, and
   * waiting for the kubelet's SIGKILL would turn a planned stop into a failover that may lose
   * unreplicated writes: the live master hands over now, as a switchover does.
   */
  private static boolean terminatingButAnswering(Inputs in, String master, Detection d) {
    boolean answersAsMaster = d.verdict() == Verdict.HEALTHY || d.verdict() == Verdict.DEGRADED;
    return in.pods().terminating(master) && in.view().reachable(master) && answersAsMaster;
  }

  private static Decision conclude(
      ClusterView view,
      ClusterFacts facts,
      FailoverReason reason,
      String why,
      Selection s,
      Instant now) {
    Promotion p = s.found() ? promotion(view, facts, reason, why, s) : null;
    if (view.policy() == Policy.Manual) {
      return new Decision.ReportOnly(
          reason,
          why
              + (p == null ? "; no candidate" : "; would promote " + p.target())
              + " (policy Manual)",
          p);
    }
    if (p == null) {
      String detail =
          s.excluded().isEmpty()
              ? "the spec has no master-eligible node besides " + facts.currentMaster()
              : "no candidate qualifies: " + s.excluded();
      return new Decision.NoCandidate(reason, why + "; " + detail, s.excluded());
    }
    return new Decision.Start(p, FailoverState.start(p, now));
  }

  private static Promotion promotion(
      ClusterView view, ClusterFacts facts, FailoverReason reason, String why, Selection s) {
    ReparentPlan plan = ReparentPlan.plan(view.tree(), s.target());
    String message = why + "; promote " + s.target() + " at offset " + s.targetOffset();
    if (s.catchUpFrom() != null) {
      message += " after catching up from " + s.catchUpFrom() + " to " + s.catchUpOffset();
    }
    long linked = plan.directReplicas().stream().filter(view::reachable).count();
    int quorum = writeQuorum(view);
    if (linked < quorum) {
      message +=
          "; only " + linked + " reachable replicas for writeQuorum " + quorum + ": writes wait";
    }
    return new Promotion(
        facts.currentMaster(),
        s.target(),
        Math.max(facts.epoch(), view.maxReportedEpoch()) + 1,
        reason,
        message,
        s.catchUpFrom(),
        s.catchUpOffset(),
        plan);
  }

  private static int writeQuorum(ClusterView view) {
    var r = view.spec().replication;
    return r == null || r.writeQuorum == null ? 0 : r.writeQuorum;
  }
}
