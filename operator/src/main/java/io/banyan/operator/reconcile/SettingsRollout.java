package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus.AppliedSettings;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.observe.NodeObservation;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives the spec's derived settings ({@link DerivedSettings}) to every reachable node with {@code
 * CONFIG SET} — when the spec changed them, to a node that answers again or restarted, and once per
 * operator process, since the nodes may have missed the last change — and says when {@code
 * status.appliedSettings} may record them: once every reachable node took them, the master included
 * when the change is new. Unreachable nodes read the new values from the ConfigMap when they
 * restart. Node commands and events only; the status write is the caller's.
 *
 * <p><b>Order of a detection timeout change.</b> The nodes' lag bounds ({@code
 * min-replicas-max-lag}, {@code banyan-min-replicas-max-lag-ms}, {@code repl-timeout}) are derived
 * from the timeout so that a cut-off master stops acknowledging writes before the operator, judging
 * with that timeout, may promote another node (I3). Safe at every instant means: the timeout the
 * operator judges with is never shorter than the one any node's bounds were derived from. Hence
 * {@link DerivedSettings#judgingDetectionMillis} judges with the longer of the recorded and the
 * spec's timeout while a change is pending:
 *
 * <ul>
 *   <li><b>Lowered</b> (e.g. 10 s → 3 s): the nodes change first — this class pushes the shorter
 *       bounds — and the operator keeps judging with the old, longer timeout until the record says
 *       every reachable node, and the master, took them; only then the shorter timeout judges.
 *   <li><b>Raised</b> (e.g. 3 s → 10 s): the operator changes first — the longer timeout judges
 *       from the round the spec changed, before any node is given the longer bounds — and the nodes
 *       follow; the record then only confirms it.
 * </ul>
 *
 * Which settings each node was given is remembered per node, with its process's run id: a node
 * unreachable during the push is given them once it answers again, a restarted one (it may have
 * read a stale ConfigMap) again, and going back to earlier values pushes them to every node that
 * had taken the newer ones. Not covered: going back to the recorded values before a raise reached
 * every node judges at once with the recorded (shorter) timeout while an unreachable node may still
 * hold the longer bounds; it is given the recorded ones as soon as it answers.
 */
final class SettingsRollout {
  private SettingsRollout() {}

  /**
   * One round of the rollout.
   *
   * @return the record for this round's status write; null when status already records the spec's
   *     settings, or when not every reachable node has them yet
   */
  static AppliedSettings run(
      StoreCluster sc,
      List<DesiredTree.Node> tree,
      Map<String, NodeObservation> observations,
      NodeCommands commands,
      ClusterEvents events,
      ClusterMemory memory,
      long generation) {
    Map<String, String> wanted = DerivedSettings.of(sc.getSpec());
    String hash = DerivedSettings.hash(wanted);
    AppliedSettings recorded = sc.getStatus() == null ? null : sc.getStatus().appliedSettings;
    boolean changed = recorded != null && !hash.equals(recorded.hash);
    String master = sc.getStatus() == null ? null : sc.getStatus().currentMaster;
    Map<String, Given> given = memory.settingsGiven();
    given.keySet().retainAll(tree.stream().map(DesiredTree.Node::name).toList());
    boolean all = true;
    boolean any = false;
    boolean pushed = false;
    boolean masterHas = false;
    for (DesiredTree.Node n : tree) {
      NodeObservation o = observations.get(n.name());
      if (o == null || !o.reachable()) {
        continue;
      }
      Given last = given.get(n.name());
      if (last == null || !last.hash().equals(hash) || !Objects.equals(last.runId(), o.runId())) {
        String error =
            commands.run(
                n.name(),
                admin -> {
                  for (var e : wanted.entrySet()) {
                    admin.configSet(e.getKey(), e.getValue());
                  }
                });
        if (error != null) {
          given.remove(n.name());
          all = false;
          events.warning(sc, "SettingsNotApplied", error);
          continue;
        }
        given.put(n.name(), new Given(o.runId(), hash));
        pushed = true;
      }
      any = true;
      masterHas |= n.name().equals(master);
    }
    // With no node reachable a change is not known to be anywhere yet; a first record is (the
    // nodes of a new cluster start from the rendered config). The master's lag bound is what a
    // shorter timeout must wait for (I3): a change counts once the master, if any, has it.
    boolean complete = all && (!changed || (any && (master == null || masterHas)));
    if (complete && changed && pushed) {
      events.normal(sc, "SettingsApplied", "every reachable node has " + wanted);
    }
    if (complete && (recorded == null || changed)) {
      // Until the caller's write is stored, decisions keep the recorded (longer-lived) timeout:
      // the safe side.
      AppliedSettings next = DerivedSettings.record(sc.getSpec(), generation);
      if (recorded != null) {
        next.configGeneration = recorded.configGeneration; // LiveConfigRollout's part
        next.configHash = recorded.configHash;
      }
      return next;
    }
    return null;
  }

  /**
   * The derived settings given to one node by this process, and the node's process then: a node
   * whose run id changed restarted and read the ConfigMap, which the kubelet may not have refreshed
   * yet, so it is given them again.
   */
  record Given(String runId, String hash) {}
}
