package io.banyan.operator.rollout;

import io.banyan.operator.api.StoreClusterStatus.RolloutStatus;
import io.banyan.operator.api.UpdateStrategySpec;
import io.banyan.operator.failover.ClusterView;
import io.banyan.operator.model.DesiredTree;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rolling update's decision for one round. Pure.
 *
 * <p>A node is <i>outdated</i> when its pod's revision ({@code banyan.io/revision}) differs from
 * the desired pod's. Outdated pods are replaced one at a time — the pod deleted, the reconcile
 * recreating it with the same name and volume — deepest in the live tree first (chain leaves), then
 * chain heads, then the master's backups, the master last. The master is never deleted while
 * another node could take over: the rollout asks for a planned switchover ({@code FAILOVER}
 * semantics, nothing lost) to an updated in-sync backup, and replaces the old master once it is a
 * replica. A step starts only when every node is healthy — the master admitted and writable, every
 * replica linked and admitted back (which the operator does only once it is in sync) — so at most
 * one node is ever missing, as the PodDisruptionBudget allows. The only exception is an outdated
 * replica that is itself the one unhealthy node: replacing it costs nothing (it is not serving) and
 * is how a bad revision is rolled forward.
 *
 * <p>A replaced node that is not back within {@code stepTimeoutSeconds} pauses the rollout with the
 * reason (no further pod is touched); it resumes by itself once the node is back.
 */
public final class RolloutPlanner {
  private RolloutPlanner() {}

  /** Step names recorded in {@code status.rollout.step}. */
  public enum Step {
    Replacing,
    WaitingForNode,
    SwitchingOver,
    AwaitingApproval,
    Paused
  }

  /**
   * One node as the round sees it.
   *
   * @param podRevision the revision its pod was created with; null without a pod (or for a pod made
   *     before revisions existed, which counts as outdated)
   * @param podExists a pod exists (Terminating or not)
   * @param terminating the pod is being deleted
   * @param unhealthy why the node does not count as in place (null when it does): unreachable,
   *     unlinked, still fenced, ...
   */
  public record NodeState(
      String desiredRevision,
      String podRevision,
      boolean podExists,
      boolean terminating,
      String unhealthy) {
    boolean outdated() {
      return podExists && !terminating && !Objects.equals(desiredRevision, podRevision);
    }
  }

  /**
   * @param tree the desired nodes (the current master included)
   * @param parents the live tree: node → parent, for the replacement order
   * @param master the current master
   * @param nodes every node of {@code tree}
   * @param approvedRevision the value of the approval annotation, null when absent
   * @param previous the rollout recorded in status, null when none
   */
  public record Inputs(
      List<DesiredTree.Node> tree,
      Map<String, String> parents,
      String master,
      Map<String, NodeState> nodes,
      boolean failoverInProgress,
      UpdateStrategySpec strategy,
      String approvedRevision,
      RolloutStatus previous,
      Instant now) {}

  /** What the round does. */
  public sealed interface Plan {
    /** The status to record; null when no rollout is going on. */
    RolloutStatus status();
  }

  /** Every pod runs the desired revision. */
  public record Done() implements Plan {
    @Override
    public RolloutStatus status() {
      return null;
    }
  }

  /** Nothing to touch this round (waiting, paused, awaiting approval). */
  public record Hold(RolloutStatus status) implements Plan {}

  /** Delete the pod of {@code node}; the next rounds recreate it at the new revision. */
  public record Replace(String node, RolloutStatus status) implements Plan {}

  /** Every other node is updated: hand the master over (a planned switchover). */
  public record MoveMaster(RolloutStatus status) implements Plan {}

  public static Plan plan(Inputs in) {
    List<String> outdated = new ArrayList<>();
    List<String> unhealthy = new ArrayList<>();
    for (DesiredTree.Node n : order(in)) {
      NodeState s = in.nodes().get(n.name());
      if (s == null) {
        continue;
      }
      if (s.outdated()) {
        outdated.add(n.name());
      }
      if (s.unhealthy() != null) {
        unhealthy.add(n.name());
      }
    }
    if (outdated.isEmpty()) {
      return new Done();
    }
    String revision = clusterRevision(in.nodes());
    String progress = (in.nodes().size() - outdated.size()) + "/" + in.nodes().size();
    if (in.failoverInProgress()) {
      return hold(in, revision, progress, Step.WaitingForNode, in.master(), "a failover runs");
    }
    if (!unhealthy.isEmpty()) {
      String only = unhealthy.size() == 1 ? unhealthy.get(0) : null;
      if (only != null && outdated.contains(only) && !only.equals(in.master())) {
        return new Replace(
            only,
            status(
                in,
                revision,
                progress,
                Step.Replacing,
                only,
                "replacing " + only + ", which is outdated and not serving: " + why(in, only)));
      }
      return waitFor(in, revision, progress, unhealthy);
    }
    String next = outdated.get(0);
    if (!next.equals(in.master())) {
      return new Replace(
          next,
          status(in, revision, progress, Step.Replacing, next, "replacing the pod of " + next));
    }
    if (!hasOtherEligible(in)) {
      return new Replace(
          next,
          status(
              in,
              revision,
              progress,
              Step.Replacing,
              next,
              "no other master-eligible node to hand over to: restarting master "
                  + next
                  + " in place; writes pause until it is back"));
    }
    UpdateStrategySpec strategy = in.strategy() == null ? new UpdateStrategySpec() : in.strategy();
    if (strategy.type == UpdateStrategySpec.Type.Supervised
        && !revision.equals(in.approvedRevision())) {
      return hold(
          in,
          revision,
          progress,
          Step.AwaitingApproval,
          next,
          "every other node runs revision "
              + revision
              + "; the master's switchover waits for the annotation "
              + UpdateStrategySpec.APPROVAL_ANNOTATION
              + "="
              + revision
              + " (or a spec.failover.targetMaster switchover)");
    }
    return new MoveMaster(
        status(
            in,
            revision,
            progress,
            Step.SwitchingOver,
            next,
            "every other node is updated: switching master " + next + " over"));
  }

  /**
   * The revision of the whole cluster, named in the status and the approval annotation: a
   * fingerprint of every node's desired revision.
   */
  public static String clusterRevision(Map<String, NodeState> nodes) {
    StringBuilder all = new StringBuilder();
    new TreeMap<>(nodes).forEach((n, s) -> all.append(n).append('=').append(s.desiredRevision()));
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(all.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Waiting for unhealthy nodes. When the node the rollout last replaced is among them and has been
   * gone longer than the step timeout, the rollout is paused with the reason.
   */
  private static Plan waitFor(Inputs in, String revision, String progress, List<String> unhealthy) {
    RolloutStatus prev = in.previous();
    String ours =
        prev != null && prev.node != null && unhealthy.contains(prev.node) ? prev.node : null;
    String node = ours != null ? ours : unhealthy.get(0);
    String why = node + ": " + why(in, node);
    if (ours != null && prev.since != null) {
      Instant since = Instant.parse(prev.since);
      Duration timeout = Duration.ofSeconds(timeoutSeconds(in));
      if (!in.now().isBefore(since.plus(timeout))) {
        return hold(
            in,
            revision,
            progress,
            Step.Paused,
            node,
            "paused: "
                + node
                + " has not come back linked and in sync within "
                + timeout.toSeconds()
                + " s ("
                + why
                + "); no other pod is replaced until it does");
      }
    }
    String message =
        ours != null
            ? "waiting for " + why
            : "waiting for the cluster to be healthy before the next pod: " + why;
    return hold(in, revision, progress, Step.WaitingForNode, node, message);
  }

  private static Plan hold(
      Inputs in, String revision, String progress, Step step, String node, String message) {
    return new Hold(status(in, revision, progress, step, node, message));
  }

  /**
   * The status of this round's step; {@code since} is kept while the node is the same and the step
   * only moves from replacing to waiting (so the timeout counts from the replacement).
   */
  private static RolloutStatus status(
      Inputs in, String revision, String progress, Step step, String node, String message) {
    RolloutStatus prev = in.previous();
    RolloutStatus s = new RolloutStatus();
    s.revision = revision;
    s.step = step.name();
    s.node = node;
    s.message = message;
    s.updated = progress;
    boolean sameStep =
        prev != null
            && Objects.equals(prev.node, node)
            && Objects.equals(prev.revision, revision)
            && prev.since != null
            && (Objects.equals(prev.step, step.name())
                || (Step.Replacing.name().equals(prev.step) && step == Step.WaitingForNode)
                || (Step.WaitingForNode.name().equals(prev.step) && step == Step.Paused));
    s.since = sameStep ? prev.since : in.now().toString();
    return s;
  }

  private static long timeoutSeconds(Inputs in) {
    UpdateStrategySpec s = in.strategy();
    return s == null || s.stepTimeoutSeconds == null
        ? new UpdateStrategySpec().stepTimeoutSeconds
        : s.stepTimeoutSeconds;
  }

  private static String why(Inputs in, String node) {
    NodeState s = in.nodes().get(node);
    return s == null || s.unhealthy() == null ? "in place" : s.unhealthy();
  }

  private static boolean hasOtherEligible(Inputs in) {
    return in.tree().stream()
        .anyMatch(n -> ClusterView.eligible(n) && !n.name().equals(in.master()));
  }

  /**
   * Replacement order: deepest in the live tree first, read replicas before the master's backups at
   * the same depth, then tree order; the master last.
   */
  private static List<DesiredTree.Node> order(Inputs in) {
    List<DesiredTree.Node> nodes = new ArrayList<>(in.tree());
    Map<String, Integer> position = new TreeMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      position.put(nodes.get(i).name(), i);
    }
    nodes.sort(
        Comparator.comparing((DesiredTree.Node n) -> n.name().equals(in.master()))
            .thenComparing(n -> -depth(in.parents(), n.name()))
            .thenComparing(ClusterView::eligible)
            .thenComparing(n -> position.get(n.name())));
    return nodes;
  }

  private static int depth(Map<String, String> parents, String node) {
    int depth = 0;
    String at = parents.get(node);
    while (at != null && depth < 64) {
      depth++;
      at = parents.get(at);
    }
    return depth;
  }
}
