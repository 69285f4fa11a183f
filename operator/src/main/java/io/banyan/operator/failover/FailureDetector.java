package io.banyan.operator.failover;

import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides whether the master has failed, from the operator's probe <b>and</b> the replicas' view of
 * their link (design §4). Pure.
 *
 * <ul>
 *   <li>Pod gone → failed at once ({@link FailoverReason#MasterPodGone}).
 *   <li>Unreachable by the operator and no reachable direct replica (per {@link ReparentPlan} for
 *       the current master: backups and chain heads) sees it — each reachable one reports its link
 *       DOWN or no link at all — or no direct replica is reachable: suspected; failed once that has
 *       held continuously for {@code detectionTimeoutMillis} (elapsed ≥ timeout). A replica whose
 *       link is UP or SYNCING proves the master alive: Degraded, suspicion reset.
 *   <li>Reachable: suspicion reset; role REPLICA or an epoch below the status epoch → not the
 *       master of this epoch; all reachable direct replicas' links DOWN → Degraded; else healthy.
 * </ul>
 *
 * A failed master whose whole zone (every desired node of it) is unreachable is reported as {@link
 * FailoverReason#ZoneLost}.
 */
public final class FailureDetector {
  private FailureDetector() {}

  /** Judges {@code facts.currentMaster()} at {@code now}, carrying {@code prior} forward. */
  public static Detection assess(
      ClusterView view, ClusterFacts facts, MasterSuspicion prior, Instant now) {
    String master = facts.currentMaster();
    if (master == null || view.node(master) == null) {
      return new Detection(
          Verdict.NO_MASTER, null, "status names no known master", MasterSuspicion.none());
    }
    NodeObservation m = view.observed(master);
    if (!m.podExists()) {
      // The pod object is gone (a Terminating pod still exists and is judged below like any
      // other). Its process may still answer at the pod's last address: then the failover fences
      // it before promoting anyone (FailoverSteps fences every old master that answers).
      MasterSuspicion s = prior.suspects(master) ? prior : new MasterSuspicion(master, now);
      FailoverReason reason =
          zoneLost(view, master) ? FailoverReason.ZoneLost : FailoverReason.MasterPodGone;
      String still = m.reachable() ? " (its process still answers: fence it first)" : "";
      return new Detection(
          Verdict.FAILED, reason, "pod of master " + master + " is gone" + still, s);
    }
    List<String> replicas = ReparentPlan.plan(view.tree(), master).directReplicas();
    if (m.reachable()) {
      return assessReachable(view, facts, m, replicas, prior, now);
    }
    List<String> seeing =
        replicas.stream().filter(r -> view.reachable(r) && seesMaster(view.observed(r))).toList();
    if (!seeing.isEmpty()) {
      return new Detection(
          Verdict.DEGRADED,
          null,
          "operator cannot reach master " + master + " but replicas " + seeing + " can",
          MasterSuspicion.none());
    }
    MasterSuspicion s = prior.suspects(master) ? prior : new MasterSuspicion(master, now);
    long elapsed = Duration.between(s.since(), now).toMillis();
    long timeout = view.detectionTimeoutMillis();
    if (elapsed < timeout) {
      return new Detection(
          Verdict.SUSPECTED,
          null,
          "master " + master + " unreachable for " + elapsed + " ms of " + timeout + " ms",
          s);
    }
    boolean zone = zoneLost(view, master);
    return new Detection(
        Verdict.FAILED,
        zone ? FailoverReason.ZoneLost : FailoverReason.MasterUnreachable,
        (zone ? "zone " + view.node(master).zone() + " lost: " : "")
            + "master "
            + master
            + " unreachable for "
            + elapsed
            + " ms and no replica reaches it",
        s);
  }

  private static Detection assessReachable(
      ClusterView view,
      ClusterFacts facts,
      NodeObservation m,
      List<String> replicas,
      MasterSuspicion prior,
      Instant now) {
    String master = m.node();
    // A fenced master that may not be re-admitted is no master, whatever epoch it reports: the
    // FENCING_OLD step of an interrupted failover raises its epoch to the status epoch, so an
    // epoch test alone would let an empty, fenced former master stay "master" for good. The
    // suspicion keeps its start (when the master first looked failed), so the candidates' link
    // age is judged against the real failure, not against the moment it came back.
    if (m.role() == Role.MASTER && m.fenced() && !MasterAdmission.mayReadmit(m, view)) {
      return new Detection(
          Verdict.FAILED,
          FailoverReason.MasterRestartedBehind,
          "master "
              + master
              + " is fenced at offset "
              + m.offset()
              + " without writes its replicas hold",
          prior.suspects(master) ? prior : new MasterSuspicion(master, now));
    }
    if (m.role() == Role.REPLICA) {
      // Outside a failover nothing demotes the master of the epoch (an interrupted switchover or
      // a hand-made REPLICAOF can): the cluster has no writable master, so choose one.
      return new Detection(
          Verdict.FAILED,
          FailoverReason.MasterDemoted,
          "master " + master + " reports role replica: the cluster has no writable master",
          prior.suspects(master) ? prior : new MasterSuspicion(master, now));
    }
    if (m.role() == Role.REPLICA || m.epoch() < facts.epoch()) {
      return new Detection(
          Verdict.NOT_MASTER_OF_EPOCH,
          null,
          "node "
              + master
              + " reports role "
              + m.role()
              + (m.fenced() ? ", fenced" : "")
              + " at epoch "
              + m.epoch()
              + "; status epoch is "
              + facts.epoch(),
          MasterSuspicion.none());
    }
    List<String> reachableReplicas = replicas.stream().filter(view::reachable).toList();
    boolean allDown =
        !reachableReplicas.isEmpty()
            && reachableReplicas.stream().allMatch(r -> view.observed(r).link() == Link.DOWN);
    if (allDown) {
      return new Detection(
          Verdict.DEGRADED,
          null,
          "master " + master + " answers but every replica's link to it is down",
          MasterSuspicion.none());
    }
    return new Detection(
        Verdict.HEALTHY, null, "master " + master + " healthy", MasterSuspicion.none());
  }

  /** A reachable replica whose link is up or syncing has the master on the other end. */
  private static boolean seesMaster(NodeObservation o) {
    return o.role() == Role.REPLICA && (o.link() == Link.UP || o.link() == Link.SYNCING);
  }

  /** Every desired node of the master's zone is unreachable (or gone). */
  static boolean zoneLost(ClusterView view, String master) {
    List<Node> zone = view.zoneNodes(view.node(master).zone());
    return zone.stream().noneMatch(n -> view.reachable(n.name()));
  }
}
