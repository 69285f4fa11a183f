package io.banyan.operator.backup;

import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.node.Credentials;
import io.banyan.operator.observe.NodeObservation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one reconcile round tells the backup step: the cluster as last written, its nodes (tree
 * order: the first is the initial master) as observed this round, their pod IPs and the credentials
 * each accepts, the replicas' password (what a restore's source must accept), and how to read a
 * Secret, write the status and record an Event.
 *
 * @param writeStatus writes a status decision and returns the stored resource (optimistic lock)
 * @param connector how the nodes are reached (TLS or not, by pod)
 */
public record BackupRound(
    StoreCluster cluster,
    List<String> tree,
    Map<String, NodeObservation> observations,
    Map<String, String> addresses,
    Function<String, Credentials> credentialsOf,
    String replicationPassword,
    SecretReader secrets,
    Function<StoreClusterStatus, StoreCluster> writeStatus,
    Events events,
    Instant now,
    io.banyan.operator.node.NodeConnector connector) {

  /** A Secret's value by key, or null when the Secret or key is absent. */
  @FunctionalInterface
  public interface SecretReader {
    String value(String namespace, String secret, String key);
  }

  /** Events on the StoreCluster (deduplicated by the caller). */
  public interface Events {
    void normal(String reason, String message);

    void warning(String reason, String message);
  }
}
