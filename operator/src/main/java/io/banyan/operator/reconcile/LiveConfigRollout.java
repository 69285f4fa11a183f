package io.banyan.operator.reconcile;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.model.ConfigRenderer;
import io.banyan.operator.model.DesiredTree;
import io.banyan.operator.model.LiveSettings;
import io.banyan.operator.node.NodeErrorReply;
import io.banyan.operator.observe.NodeObservation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Brings the live-settable part of the rendered configuration ({@link LiveSettings#live()}: what
 * {@code CONFIG SET} applies — {@code spec.config}, {@code maxmemory}, persistence, the backlog)
 * onto the running nodes, so that a change of those never needs a new pod: the rolling update only
 * replaces pods when {@link ConfigRenderer#restartFingerprint} changes.
 *
 * <p>A node is checked — {@code CONFIG GET} of every live option, then {@code CONFIG SET} of each
 * one whose value differs, compared as the node parses it — when the spec's generation or the live
 * configuration changed since it was last checked, and when its process restarted since (its {@code
 * run_id} changed): a restarted pod reads the ConfigMap as mounted, and the kubelet updates mounted
 * ConfigMaps only eventually, so a restart is no proof the node has the new values; it also undoes
 * a {@code CONFIG SET} made behind the operator's back. Otherwise a round costs nothing (no
 * connection), and a value changed by hand on a running node stays until one of these happens. An
 * option the node does not know (an older image) is skipped; one it refuses is reported with its
 * error text and the other options are still set. A node that could not be reached is checked again
 * next round; one that refused a value, at the next change or restart.
 *
 * <p>Options the operator sets itself (the derived failover settings, passwords, {@code replicaof},
 * the pod's zone) are not touched here. Nothing is done while a failover is in progress: its steps
 * own the nodes, and a slow node must not delay them.
 *
 * <p>Once every reachable node has the generation's values, {@code status.appliedSettings} records
 * it ({@code configGeneration}, {@code configHash}); events: {@code ConfigApplied} (which options
 * on which nodes), warnings {@code ConfigRefused} and {@code ConfigNotApplied}.
 */
final class LiveConfigRollout {
  /** Longest option list an event names before summarising. */
  private static final int LISTED = 12;

  /**
   * What a node was last checked at.
   *
   * @param runId the node process's run id then (null: not reported)
   * @param clean the node took or had every value
   */
  record Checked(String runId, long generation, String liveHash, boolean clean) {}

  private LiveConfigRollout() {}

  /** One round; returns the cluster as stored after the status write, if there was one. */
  static StoreCluster run(
      StoreCluster sc,
      List<DesiredTree.Node> tree,
      Map<String, NodeObservation> observations,
      NodeCommands commands,
      ClusterEvents events,
      ClusterMemory memory,
      StatusWriter statusWriter) {
    StoreClusterStatus status = sc.getStatus();
    if (status != null && status.failover != null) {
      return sc;
    }
    LiveSettings wanted;
    try {
      wanted = LiveSettings.of(ConfigRenderer.render(sc.getSpec()));
    } catch (IllegalArgumentException e) {
      events.warning(sc, "ConfigNotApplied", e.getMessage());
      return sc;
    }
    long generation = generation(sc);
    String hash = wanted.liveHash();
    Map<String, Checked> checked = memory.liveConfigChecked();
    Set<String> names = new HashSet<>();
    tree.forEach(n -> names.add(n.name()));
    checked.keySet().retainAll(names);

    Map<String, List<String>> nodesByChange = new LinkedHashMap<>();
    boolean allClean = true;
    boolean anyReachable = false;
    for (DesiredTree.Node n : tree) {
      NodeObservation o = observations.get(n.name());
      if (o == null || !o.reachable()) {
        continue;
      }
      anyReachable = true;
      Checked last = checked.get(n.name());
      if (last != null
          && last.generation() == generation
          && last.liveHash().equals(hash)
          && Objects.equals(last.runId(), o.runId())) {
        allClean &= last.clean();
        continue;
      }
      NodeCheck result = check(n.name(), wanted, commands);
      if (result.error() != null) {
        allClean = false;
        events.warning(sc, "ConfigNotApplied", result.error());
        continue;
      }
      checked.put(n.name(), new Checked(o.runId(), generation, hash, result.refused().isEmpty()));
      allClean &= result.refused().isEmpty();
      result
          .refused()
          .forEach(r -> events.warning(sc, "ConfigRefused", n.name() + " refused " + r));
      if (!result.applied().isEmpty()) {
        nodesByChange
            .computeIfAbsent(listed(result.applied()), k -> new ArrayList<>())
            .add(n.name());
      }
    }
    nodesByChange.forEach(
        (change, nodes) ->
            events.normal(
                sc, "ConfigApplied", "set " + change + " on " + String.join(", ", nodes)));
    if (allClean && anyReachable) {
      return record(sc, generation, hash, statusWriter);
    }
    return sc;
  }

  /**
   * What one node's check did: options set, options refused (with the node's error), or why not.
   */
  private record NodeCheck(List<String> applied, List<String> refused, String error) {}

  private static NodeCheck check(String node, LiveSettings wanted, NodeCommands commands) {
    List<String> applied = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    String error =
        commands.run(
            node,
            admin -> {
              Map<String, String> current = admin.configGet(wanted.live().keySet());
              for (var e : wanted.live().entrySet()) {
                String option = e.getKey();
                String have = current.get(option);
                // Absent: the node's image does not know the option; a rolling update brings it.
                if (have == null || LiveSettings.same(option, e.getValue(), have)) {
                  continue;
                }
                try {
                  admin.configSet(option, e.getValue());
                  applied.add(shown(option, e.getValue()));
                } catch (NodeErrorReply refusal) {
                  refused.add(shown(option, e.getValue()) + ": " + refusal.getMessage());
                }
              }
            });
    return new NodeCheck(applied, refused, error);
  }

  /** {@code option=value}, or the option alone when its value is a secret. */
  private static String shown(String option, String value) {
    return LiveSettings.secret(option) ? option : option + "=" + (value.isEmpty() ? "\"\"" : value);
  }

  private static String listed(List<String> items) {
    if (items.size() <= LISTED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, LISTED))
        + " and "
        + (items.size() - LISTED)
        + " more";
  }

  /**
   * Records the generation in {@code status.appliedSettings} once (only beside the derived
   * settings' record, which {@link SettingsRollout} writes first: a record without it would read as
   * derived settings still pending).
   */
  private static StoreCluster record(
      StoreCluster sc, long generation, String hash, StatusWriter statusWriter) {
    StoreClusterStatus status = sc.getStatus();
    if (status == null || status.appliedSettings == null) {
      return sc;
    }
    if (hash.equals(status.appliedSettings.configHash)
        && Objects.equals(status.appliedSettings.configGeneration, generation)) {
      return sc;
    }
    StoreClusterStatus next = Statuses.copy(status);
    next.appliedSettings.configGeneration = generation;
    next.appliedSettings.configHash = hash;
    return statusWriter.write(sc, next);
  }

  private static long generation(StoreCluster sc) {
    Long g = sc.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }
}
