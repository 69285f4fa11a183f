package io.banyan.operator.failover;

import io.banyan.operator.api.FailoverSpec.Policy;
import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.failover.StepResult.Outcome;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

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
 *   <li>A healthy master other than {@code spec.failover.targetMaster}: a {@link
 *       FailoverReason#RequestedSwitchover} to that node once it qualifies, or NoCandidate saying
 *       why.
 *   <li>A healthy master whose pod is outdated, once the rolling update has reached it: a {@link
 *       FailoverReason#RollingUpdate} switchover to the best updated in-sync backup, from the
 *       master's own zone on.
 *   <li>A healthy master outside the spec's preferred zone, with no target master set: a {@link
 *       FailoverReason#Switchover} to the best caught-up backup of that zone (same policy rule), or
 *       NoCandidate saying why — held down until that backup has qualified for {@code
 *       failbackHoldDownSeconds} and as long since the last master change.
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
      Instant now,
      PlannedMoves moves) {
    /** No planned move beyond the pod facts; failback without hold-down. */
    public Inputs(
        ClusterView view,
        ClusterFacts facts,
        PodFacts pods,
        MasterSuspicion suspicion,
        Instant now) {
      this(view, facts, pods, suspicion, now, PlannedMoves.none());
    }
  }

  /**
   * @param detection the detector's view of the status master; keep {@code detection.suspicion()}
   *     for the next call
   * @param decision what to do
   * @param failbackCandidateSince since when the preferred zone has had a qualifying candidate for
   *     the move back (null: none); keep it for the next call ({@link
   *     PlannedMoves#failbackCandidateSince})
   */
  public record Evaluation(Detection detection, Decision decision, Instant failbackCandidateSince) {
    public Evaluation(Detection detection, Decision decision) {
      this(detection, decision, null);
    }
  }

  public static Evaluation evaluate(Inputs in) {
    Detection detection = FailureDetector.assess(in.view(), in.facts(), in.suspicion(), in.now());
    FailoverState running = in.facts().inProgress();
    if (running == null) {
      Instant since = failbackCandidateSince(in, in.facts(), detection);
      return new Evaluation(detection, decideNew(in, in.facts(), detection, since), since);
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
        new Decision.Abandon(
            running, step.message(), epochAfter, decideNew(in, after, again, null)));
  }

  private static Decision decideNew(
      Inputs in, ClusterFacts facts, Detection d, Instant failbackSince) {
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
    if (d.verdict() != Verdict.HEALTHY) {
      return new Decision.NoAction(d.message());
    }
    PlannedMoves moves = in.moves();
    String requested = moves.requestedMaster();
    if (requested != null && !requested.equals(master)) {
      Selection s =
          CandidateSelector.forRequestedMaster(view, master, requested, in.pods().terminating());
      String why = "spec.failover.targetMaster asks for " + requested + " instead of " + master;
      return conclude(view, facts, FailoverReason.RequestedSwitchover, why, s, in.now());
    }
    if (moves.moveForUpdate() && moves.outdated().contains(master)) {
      Set<String> avoid = new HashSet<>(moves.outdated());
      avoid.addAll(in.pods().terminating());
      Selection s = CandidateSelector.forRollingUpdate(view, master, avoid);
      String why =
          "rolling update: every other node runs the new revision; hand master "
              + master
              + " over before replacing its pod";
      return conclude(view, facts, FailoverReason.RollingUpdate, why, s, in.now());
    }
    if (requested == null && !view.node(master).zone().equals(view.preferredZone())) {
      Selection s = CandidateSelector.forSwitchover(view, master, in.pods().terminating());
      String why =
          "master "
              + master
              + " is in zone "
              + view.node(master).zone()
              + ", the spec prefers "
              + view.preferredZone();
      if (s.found()) {
        Instant allowed = moves.failbackAllowedAt(failbackSince != null ? failbackSince : in.now());
        if (in.now().isBefore(allowed)) {
          return new Decision.NoAction(
              why + "; move back to " + s.target() + " held down until " + allowed);
        }
      }
      return conclude(view, facts, FailoverReason.Switchover, why, s, in.now());
    }
    return new Decision.NoAction(d.message());
  }

  /**
   * Since when the preferred zone has had a candidate for the move back: kept from the previous
   * evaluation while one qualifies, now when one starts to, null when none does (or the master is
   * in the preferred zone, or the spec names a target master). Any round without a candidate
   * restarts the hold-down, so a zone that keeps flapping is never moved back to.
   */
  private static Instant failbackCandidateSince(Inputs in, ClusterFacts facts, Detection d) {
    String master = facts.currentMaster();
    ClusterView view = in.view();
    if (d.verdict() != Verdict.HEALTHY
        || in.moves().requestedMaster() != null
        || view.node(master) == null
        || view.node(master).zone().equals(view.preferredZone())) {
      return null;
    }
    if (!CandidateSelector.forSwitchover(view, master, in.pods().terminating()).found()) {
      return null;
    }
    Instant before = in.moves().failbackCandidateSince();
    return before != null ? before : in.now();
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
    // Manual stops the operator from moving the master by itself; a target master named in the
    // spec is the user's own instruction, carried out under either policy.
    if (view.policy() == Policy.Manual && reason != FailoverReason.RequestedSwitchover) {
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
