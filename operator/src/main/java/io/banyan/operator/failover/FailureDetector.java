package io.banyan.operator.failover;

import io.banyan.operator.failover.Detection.Verdict;
import io.banyan.operator.model.ConfigRenderer;
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
 *       DOWN, no link at all, or a link UP over which it has heard nothing for {@link
 *       #SILENT_MILLIS} (a stopped or cut-off master leaves its TCP connections open, so a link
 *       looks up until repl-timeout) — or no direct replica is reachable: suspected; failed once
 *       the master has been silent for {@code detectionTimeoutMillis}. The silence is dated from
 *       the replicas' last contact with the master when they report it, else from the first round
 *       that suspected it. A replica whose link is SYNCING, or UP and not silent, proves the master
 *       alive: Degraded, suspicion reset.
 *   <li>Reachable: suspicion reset; role REPLICA or an epoch below the status epoch → not the
 *       master of this epoch; all reachable direct replicas' links DOWN → Degraded; else healthy.
 * </ul>
 *
 * A failed master whose whole zone (every desired node of it) is unreachable is reported as {@link
 * FailoverReason#ZoneLost}.
 */
public final class FailureDetector {
  /**
   * A replica that has heard nothing from its master for this long no longer vouches for it: two of
   * the master's PING periods, so one late PING is not taken for a failure.
   */
  static final long SILENT_MILLIS = 2_000L * ConfigRenderer.REPL_PING_PERIOD_SECONDS;

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
    MasterSuspicion s =
        prior.suspects(master)
            ? prior
            : new MasterSuspicion(master, silentSince(view, replicas, now));
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

  /**
   * A reachable replica whose link is syncing, or up and not silent, has the master on the other
   * end. A syncing one counts whatever its silence: a master busy producing a snapshot may send
   * nothing for a while, and a wrong failover costs more than a late one.
   */
  private static boolean seesMaster(NodeObservation o) {
    if (o.role() != Role.REPLICA) {
      return false;
    }
    return o.link() == Link.SYNCING
        || (o.link() == Link.UP && o.masterSilentMillis() < SILENT_MILLIS);
  }

  /**
   * When the master went silent, for a new suspicion: the latest moment a reachable direct replica
   * last heard from it — every one must date it, else {@code now} (a replica that cannot say when
   * it last heard from the master may have heard from it just now).
   */
  static Instant silentSince(ClusterView view, List<String> replicas, Instant now) {
    Instant latest = null;
    for (String r : replicas) {
      if (!view.reachable(r)) {
        continue;
      }
      long silent = view.observed(r).masterSilentMillis();
      if (silent < 0) {
        return now;
      }
      Instant heard = now.minusMillis(silent);
      if (latest == null || heard.isAfter(latest)) {
        latest = heard;
      }
    }
    return latest == null || latest.isAfter(now) ? now : latest;
  }

  /** Every desired node of the master's zone is unreachable (or gone). */
  static boolean zoneLost(ClusterView view, String master) {
    List<Node> zone = view.zoneNodes(view.node(master).zone());
    return zone.stream().noneMatch(n -> view.reachable(n.name()));
  }
}
