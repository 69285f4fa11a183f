package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus.AppliedSettings;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.observe.NodeObservation;
import java.util.List;
import java.util.Map;

/**
 * Gives the spec's derived settings ({@link DerivedSettings}) to every reachable node with {@code
 * CONFIG SET} — when the spec changed them, and once per operator process, since the nodes may have
 * missed the last change — and says when {@code status.appliedSettings} may record them: once every
 * reachable node took them. Unreachable nodes read the new values from the ConfigMap when they
 * restart. Node commands and events only; the status write is the caller's.
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
    if (!hash.equals(memory.pushedSettings())) {
      boolean all = true;
      boolean any = false;
      for (DesiredTree.Node n : tree) {
        NodeObservation o = observations.get(n.name());
        if (o == null || !o.reachable()) {
          continue;
        }
        String error =
            commands.run(
                n.name(),
                admin -> {
                  for (var e : wanted.entrySet()) {
                    admin.configSet(e.getKey(), e.getValue());
                  }
                });
        if (error != null) {
          all = false;
          events.warning(sc, "SettingsNotApplied", error);
        } else {
          any = true;
        }
      }
      // With no node reachable a change is not known to be anywhere yet; a first record is (the
      // nodes of a new cluster start from the rendered config).
      if (all && (any || !changed)) {
        memory.pushedSettings(hash);
        if (changed) {
          events.normal(sc, "SettingsApplied", "every reachable node has " + wanted);
        }
      }
    }
    if (hash.equals(memory.pushedSettings()) && (recorded == null || changed)) {
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
}
