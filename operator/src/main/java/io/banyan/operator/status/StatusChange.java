package io.banyan.operator.status;

import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.api.StoreClusterStatus.NodeStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a newly aggregated status is worth a write to the API server (design §4b: write status
 * when it means something). Everything an observer acts on counts — phase, conditions, ready count,
 * epoch, current and target master, the failover and its history, and per node role, parent, link
 * state, reachability, fence and address. Offsets and lag do not: a replication stream moves them
 * every second even on an idle cluster (the master's pings), so they are written along with a
 * change that matters, and otherwise only when a replica's lag crosses the bound the spec allows
 * ({@link LagWatch}). Between writes they are stale by design: status is not a metrics feed, the
 * data node's {@code /metrics} is. Pure.
 */
public final class StatusChange {
  private StatusChange() {}

  /**
   * True when {@code next} should replace {@code written}.
   *
   * @param written the status as stored (null: none yet)
   * @param next the status aggregated now
   * @param laggingWritten the replicas beyond the lag bound when the status was last written
   * @param laggingNow the replicas beyond the lag bound now
   */
  public static boolean worthWriting(
      StoreClusterStatus written,
      StoreClusterStatus next,
      Set<String> laggingWritten,
      Set<String> laggingNow) {
    if (written == null) {
      return true;
    }
    return !laggingWritten.equals(laggingNow)
        || !Objects.equals(withoutCounters(written), withoutCounters(next));
  }

  /** The status as JSON with every node's offset and lag left out, for comparison. */
  private static String withoutCounters(StoreClusterStatus s) {
    StoreClusterStatus copy = Serialization.clone(s);
    if (copy.nodes != null) {
      for (NodeStatus n : copy.nodes) {
        n.offset = null;
        n.lag = null;
      }
    }
    return Serialization.asJson(copy);
  }
}
