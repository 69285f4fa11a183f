package io.banyan.operator.failover;

import io.banyan.operator.model.DesiredTree.Node;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Who becomes the first master when the status names none, and at which epoch. Pure.
 *
 * <p>A new cluster (no node holds data) takes the spec's initial master, as before. But the status
 * is not the only memory: a cluster re-created on retained volumes, or whose status was lost
 * (orphan delete and re-apply, a restore without status), has nodes with data and with persisted
 * epochs. Then:
 *
 * <ul>
 *   <li>a node still serving as an unfenced master that holds every write any answering node holds
 *       keeps the role (only its epoch is raised);
 *   <li>otherwise the master-eligible node with the highest replication offset is elected (ties:
 *       tree order), but only once every master-eligible node whose pod exists answers — a node
 *       with more data may still be starting — and every other unfenced master is fenced first;
 *   <li>the epoch is above every epoch a node reports (they persist it), so no node can already
 *       hold it.
 * </ul>
 */
public final class Bootstrap {
  private Bootstrap() {}

  /**
   * The election: {@code target} null means wait ({@code message} says for what).
   *
   * @param fence unfenced masters to fence before the target is promoted
   */
  public record Election(String target, long epoch, List<String> fence, String message) {
    public Election {
      fence = List.copyOf(fence);
    }

    public boolean decided() {
      return target != null;
    }
  }

  /**
   * Unfenced masters that answer, other than {@code target}: fenced before the target is promoted
   * (a node left serving by a lost status must not stay writable beside the new master).
   */
  public static List<String> toFence(ClusterView view, String target) {
    return view.tree().stream()
        .map(Node::name)
        .filter(n -> !n.equals(target))
        .filter(n -> view.observed(n).reachable())
        .filter(n -> view.observed(n).role() == Role.MASTER && !view.observed(n).fenced())
        .toList();
  }

  public static Election elect(ClusterView view, long statusEpoch) {
    long epoch = Math.max(statusEpoch, view.maxReportedEpoch()) + 1;
    List<Node> tree = view.tree();
    boolean anyData =
        tree.stream()
            .map(n -> view.observed(n.name()))
            .anyMatch(o -> o.reachable() && o.offset() > 0);
    if (!anyData) {
      String first = tree.get(0).name();
      return view.reachable(first)
          ? new Election(first, epoch, List.of(), first + " is the first master of a new cluster")
          : new Election(null, epoch, List.of(), "waiting for " + first + " to answer");
    }
    long maxOffset =
        tree.stream()
            .map(n -> view.observed(n.name()))
            .filter(NodeObservation::reachable)
            .mapToLong(NodeObservation::offset)
            .max()
            .orElse(0);
    List<String> unfencedMasters = new ArrayList<>();
    NodeObservation serving = null;
    for (Node n : tree) {
      NodeObservation o = view.observed(n.name());
      if (view.reachable(n.name()) && o.role() == Role.MASTER && !o.fenced()) {
        unfencedMasters.add(n.name());
        if (ClusterView.eligible(n)
            && o.offset() >= maxOffset
            && (serving == null || o.epoch() > serving.epoch())) {
          serving = o;
        }
      }
    }
    if (serving != null) {
      String keep = serving.node();
      List<String> others = unfencedMasters.stream().filter(m -> !m.equals(keep)).toList();
      return new Election(
          keep, epoch, others, keep + " still serves as master holding every write: it stays");
    }
    NodeObservation best = null;
    for (Node n : tree) {
      if (!ClusterView.eligible(n)) {
        continue;
      }
      NodeObservation o = view.observed(n.name());
      if (o.podExists() && !o.reachable()) {
        return new Election(
            null,
            epoch,
            List.of(),
            "nodes hold data: waiting for " + n.name() + " to answer before electing by offset");
      }
      if (view.reachable(n.name()) && (best == null || o.offset() > best.offset())) {
        best = o;
      }
    }
    if (best == null) {
      return new Election(null, epoch, List.of(), "no master-eligible node answers");
    }
    String target = best.node();
    return new Election(
        target,
        epoch,
        unfencedMasters.stream().filter(m -> !m.equals(target)).toList(),
        target + " holds the most data (offset " + best.offset() + "): elected master");
  }
}
