package io.banyan.operator.failover;

import io.banyan.operator.failover.Selection.Exclusion;
import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Chooses the node to promote. Pure.
 *
 * <p><b>Failover.</b> Candidates are the master-eligible nodes (initial master or backup) other
 * than the failed master. Zones are tried in {@link ClusterView#zoneOrder} (failed master's zone,
 * promotionOrder, the rest in spec order); the first zone with a qualifying candidate wins, and in
 * it the highest offset (ties: tree order). A candidate qualifies when it is
 *
 * <ol>
 *   <li>reachable (pod exists, answered the probe);
 *   <li>a replica: reports role REPLICA with a link (UP, SYNCING or DOWN) — a node reporting MASTER
 *       or no link (e.g. restarted fenced, never re-pointed) is <i>unlinked</i>;
 *   <li>not <i>lagging</i>: if its link is DOWN or SYNCING, it lost the link at most {@code
 *       detectionTimeoutMillis} before the failure was first suspected, i.e. {@code linkDownMillis
 *       ≤ (now − suspicion.since) + detectionTimeoutMillis}. A node that was already cut off (or
 *       still in a full sync) well before the master failed may miss acknowledged writes it can
 *       never get back in a partial resync;
 *   <li>in the cluster's replication <i>history</i>: its replid equals the history's.
 * </ol>
 *
 * If no node qualifies and some are excluded only for lagging, the best of those (same zone order,
 * highest offset) is chosen with the usual catch-up: nothing reachable holds more than it will, and
 * waiting would leave the cluster without a writable master until an unreachable node returns
 * (liveness, issue 11 item 8).
 *
 * <p>The history is the replid reported by the most reachable nodes other than the failed master
 * (every node of a healthy tree shares its master's replid, I2; ties: the one with the higher
 * offset, then the smaller id). Offsets of other histories are not comparable, so such nodes are
 * neither candidates nor catch-up sources — conservative: they are never trusted to be ahead.
 *
 * <p><b>Catch-up (I4).</b> Among all reachable nodes of the history except the failed master (chain
 * heads and chain members included), the one with the highest offset above the target's is named as
 * {@code catchUpFrom}.
 *
 * <p><b>Switchover.</b> Only the preferred zone's eligible nodes other than the master; qualifying
 * = reachable, role REPLICA, link UP, same replid as the master (caught up enough for FAILOVER,
 * which itself waits for the last bytes), unfenced; highest offset wins. No catch-up. The same
 * rules choose who takes over from a Terminating master, over every zone from the preferred one.
 *
 * <p><b>Terminating pods.</b> A node whose pod is Terminating is never chosen, by any rule: it is
 * about to stop.
 */
public final class CandidateSelector {
  private CandidateSelector() {}

  /** Candidate after {@code failedMaster} failed; {@code suspicion.since()} marks the failure. */
  public static Selection forFailover(
      ClusterView view, String failedMaster, MasterSuspicion suspicion, Instant now) {
    return forFailover(view, failedMaster, suspicion, now, false);
  }

  /**
   * As above; with {@code failedIsCandidate} the status' master is a candidate (and a catch-up
   * source) like any other: it answers as a replica, demoted by an interrupted switchover, and may
   * well hold every write — excluding it could leave the cluster without any candidate.
   */
  public static Selection forFailover(
      ClusterView view,
      String failedMaster,
      MasterSuspicion suspicion,
      Instant now,
      boolean failedIsCandidate) {
    return forFailover(view, failedMaster, suspicion, now, failedIsCandidate, Set.of());
  }

  /** As above, never choosing a node whose pod is {@code terminating} (it is on its way out). */
  public static Selection forFailover(
      ClusterView view,
      String failedMaster,
      MasterSuspicion suspicion,
      Instant now,
      boolean failedIsCandidate,
      Set<String> terminating) {
    String zoneOf = failedMaster;
    String excluded = failedIsCandidate ? null : failedMaster;
    return forFailover(view, zoneOf, excluded, suspicion, now, terminating);
  }

  private static Selection forFailover(
      ClusterView view,
      String zoneOf,
      String failedMaster,
      MasterSuspicion suspicion,
      Instant now,
      Set<String> terminating) {
    Instant failedAt = suspicion.since() == null ? now : suspicion.since();
    long allowedDown =
        Math.max(0, Duration.between(failedAt, now).toMillis()) + view.detectionTimeoutMillis();
    String history = history(view, failedMaster);
    Selection strict = choose(view, zoneOf, failedMaster, history, allowedDown, terminating);
    if (strict.found()) {
      return strict;
    }
    // Liveness: when the only reason left is lag, waiting cannot bring a better reachable node —
    // the most advanced one of the history is named as the catch-up source, so the candidate is
    // promoted holding every write any reachable node holds. Staying masterless would instead
    // last until an unreachable node returns, possibly for ever.
    Selection relaxed = choose(view, zoneOf, failedMaster, history, Long.MAX_VALUE, terminating);
    return relaxed.found()
        ? new Selection(
            relaxed.target(),
            relaxed.targetOffset(),
            history,
            relaxed.catchUpFrom(),
            relaxed.catchUpOffset(),
            strict.excluded())
        : strict;
  }

  private static Selection choose(
      ClusterView view,
      String zoneOf,
      String failedMaster,
      String history,
      long allowedDown,
      Set<String> terminating) {
    List<Exclusion> excluded = new ArrayList<>();
    NodeObservation best =
        firstZoneBest(
            view,
            view.zoneOrder(view.node(zoneOf).zone()),
            failedMaster,
            excluded,
            node ->
                terminating.contains(node) && view.reachable(node)
                    ? "pod terminating"
                    : disqualification(view, node, history, allowedDown));
    if (best == null) {
      return Selection.none(history, excluded);
    }
    NodeObservation source = catchUpSource(view, failedMaster, best, history);
    return new Selection(
        best.node(),
        best.offset(),
        history,
        source == null ? null : source.node(),
        source == null ? best.offset() : source.offset(),
        excluded);
  }

  /**
   * The most advanced qualifying node of the first of {@code zones} that has one, or null. Every
   * master-eligible node looked at except {@code skip} that is not chosen is added to {@code
   * excluded}, with {@code disqualification}'s reason or as having a lower offset.
   */
  private static NodeObservation firstZoneBest(
      ClusterView view,
      List<String> zones,
      String skip,
      List<Exclusion> excluded,
      Function<String, String> disqualification) {
    for (String zone : zones) {
      List<NodeObservation> qualified = new ArrayList<>();
      for (Node n : view.zoneNodes(zone)) {
        if (!ClusterView.eligible(n) || n.name().equals(skip)) {
          continue;
        }
        String why = disqualification.apply(n.name());
        if (why == null) {
          qualified.add(view.observed(n.name()));
        } else {
          excluded.add(new Exclusion(n.name(), why));
        }
      }
      NodeObservation best = mostAdvanced(view, qualified);
      if (best != null) {
        for (NodeObservation other : qualified) {
          if (other != best) {
            excluded.add(new Exclusion(other.node(), "lower offset than " + best.node()));
          }
        }
        return best;
      }
    }
    return null;
  }

  /** Candidate for a planned move of the master into the spec's preferred zone. */
  public static Selection forSwitchover(ClusterView view, String master) {
    return forSwitchover(view, master, Set.of());
  }

  /** As above, never choosing a node whose pod is {@code terminating}. */
  public static Selection forSwitchover(ClusterView view, String master, Set<String> terminating) {
    return planned(view, master, List.of(view.preferredZone()), terminating);
  }

  /**
   * Candidate to take over from a master whose pod is Terminating while it still answers: the
   * switchover rules, over the zones in {@link ClusterView#zoneOrder} from the preferred zone (the
   * first zone with a qualifying node wins), never a node that is itself Terminating.
   */
  public static Selection forTerminatingMaster(
      ClusterView view, String master, Set<String> terminating) {
    return planned(view, master, view.zoneOrder(view.preferredZone()), terminating);
  }

  /**
   * Candidate to take over from a master that runs an outdated pod revision during a rolling
   * update: the switchover rules over every zone from the master's own (a hand-over inside the zone
   * keeps the master's clients close), never an {@code outdated} or Terminating node.
   */
  public static Selection forRollingUpdate(
      ClusterView view, String master, Set<String> outdatedOrTerminating) {
    return planned(view, master, view.zoneOrder(view.node(master).zone()), outdatedOrTerminating);
  }

  /**
   * The node the spec asks to be master ({@code spec.failover.targetMaster}), if it qualifies by
   * the switchover rules; otherwise none, with the reason.
   */
  public static Selection forRequestedMaster(
      ClusterView view, String master, String requested, Set<String> terminating) {
    String history = view.observed(master).replid();
    Node n = view.node(requested);
    String why;
    if (n == null) {
      why = "not a node of the spec";
    } else if (!ClusterView.eligible(n)) {
      why = "not master-eligible (neither the initial master's position nor a backup)";
    } else {
      why = plannedDisqualification(view, requested, history, terminating);
    }
    if (why != null) {
      return Selection.none(history, List.of(new Exclusion(requested, why)));
    }
    NodeObservation o = view.observed(requested);
    return new Selection(requested, o.offset(), history, null, o.offset(), List.of());
  }

  private static Selection planned(
      ClusterView view, String master, List<String> zones, Set<String> terminating) {
    String history = view.observed(master).replid();
    List<Exclusion> excluded = new ArrayList<>();
    NodeObservation best =
        firstZoneBest(
            view,
            zones,
            master,
            excluded,
            node -> plannedDisqualification(view, node, history, terminating));
    return best == null
        ? Selection.none(history, excluded)
        : new Selection(best.node(), best.offset(), history, null, best.offset(), excluded);
  }

  private static String plannedDisqualification(
      ClusterView view, String node, String history, Set<String> terminating) {
    NodeObservation o = view.observed(node);
    if (!view.reachable(node)) {
      return "unreachable";
    }
    if (terminating.contains(node)) {
      return "pod terminating";
    }
    if (o.role() != Role.REPLICA || o.link() != Link.UP) {
      return "not a linked replica (role " + o.role() + ", link " + o.link() + ")";
    }
    if (!Objects.equals(o.replid(), history)) {
      return "replid " + o.replid() + " differs from the master's " + history;
    }
    if (o.fenced()) {
      // Still rejoining: a fenced node refuses the master's FAILOVER handshake (a PSYNC).
      return "fenced: not admitted back yet";
    }
    return null;
  }

  private static String disqualification(
      ClusterView view, String node, String history, long allowedDownMillis) {
    NodeObservation o = view.observed(node);
    if (!view.reachable(node)) {
      return o.podExists() ? "unreachable" : "pod gone";
    }
    if (o.role() != Role.REPLICA || o.link() == Link.NONE) {
      return "unlinked: reports role " + o.role() + " without a master link";
    }
    if (o.link() != Link.UP && o.linkDownMillis() > allowedDownMillis) {
      return "lagging: link "
          + o.link()
          + " for "
          + o.linkDownMillis()
          + " ms, more than the detection timeout before the failure";
    }
    if (!Objects.equals(o.replid(), history)) {
      return "replid " + o.replid() + " is not the cluster's history " + history;
    }
    return null;
  }

  /** Highest offset; ties go to the earlier node in tree order. Null for an empty list. */
  private static NodeObservation mostAdvanced(ClusterView view, List<NodeObservation> nodes) {
    List<String> order = view.tree().stream().map(Node::name).toList();
    return nodes.stream()
        .min(
            Comparator.comparingLong(NodeObservation::offset)
                .reversed()
                .thenComparingInt(o -> order.indexOf(o.node())))
        .orElse(null);
  }

  private static NodeObservation catchUpSource(
      ClusterView view, String failedMaster, NodeObservation target, String history) {
    List<NodeObservation> ahead =
        view.tree().stream()
            .map(Node::name)
            .filter(n -> !n.equals(failedMaster) && !n.equals(target.node()) && view.reachable(n))
            .map(view::observed)
            .filter(o -> Objects.equals(o.replid(), history) && o.offset() > target.offset())
            // A fenced master (restarted, not re-admitted) refuses replicas and may not be
            // admitted as a source: that would make it writable.
            .filter(o -> !(o.role() == Role.MASTER && o.fenced()))
            .toList();
    return mostAdvanced(view, ahead);
  }

  /** The replid most reachable nodes (other than the failed master) report; see class doc. */
  static String history(ClusterView view, String failedMaster) {
    Map<String, Integer> count = new HashMap<>();
    Map<String, Long> maxOffset = new HashMap<>();
    for (Node n : view.tree()) {
      NodeObservation o = view.observed(n.name());
      if (n.name().equals(failedMaster) || !view.reachable(n.name()) || o.replid() == null) {
        continue;
      }
      count.merge(o.replid(), 1, Integer::sum);
      maxOffset.merge(o.replid(), o.offset(), Math::max);
    }
    return count.keySet().stream()
        .min(
            Comparator.<String>comparingInt(count::get)
                .reversed()
                .thenComparing(Comparator.<String>comparingLong(maxOffset::get).reversed())
                .thenComparing(Comparator.naturalOrder()))
        .orElse(null);
  }
}
