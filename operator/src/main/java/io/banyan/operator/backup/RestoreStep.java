package io.banyan.operator.backup;

import io.banyan.operator.api.BackupStatus;
import io.banyan.operator.api.BackupStatus.Phase;
import io.banyan.operator.api.BootstrapSpec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.node.NodeAdmin;
import io.banyan.operator.node.NodeConnector;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Link;
import io.banyan.operator.observe.NodeObservation.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;

/**
 * Restores {@code spec.bootstrap.fromBackup} into a new cluster, before its first master is
 * elected: the initial master (first node of the tree) is told {@code REPLICAOF} the operator's
 * {@link RdbSource}, which streams the backup object to it as a full sync; once the node
 * acknowledged the load, the round's bootstrap promotes it ({@code BANYAN PROMOTE} keeps its data)
 * and the other nodes replicate from it as usual.
 *
 * <p>Progress is in {@code status.restore}: recorded before the node is told anything, carried out
 * across rounds (and after an operator restart, which offers the same object again: the node's next
 * sync attempt starts over). A cluster that is not new — a master in status, an epoch, or any node
 * holding data — is never overwritten: the restore is Skipped.
 */
final class RestoreStep {
  private final ClusterBackups owner;

  RestoreStep(ClusterBackups owner) {
    this.owner = owner;
  }

  /** Whether the bootstrap may go ahead this round. */
  boolean run(BackupRound r) {
    StoreCluster sc = r.cluster();
    BootstrapSpec spec = sc.getSpec().bootstrap;
    StoreClusterStatus status = sc.getStatus() == null ? new StoreClusterStatus() : sc.getStatus();
    BackupStatus.Restore rs = status.restore;
    String target = r.tree().get(0);
    if (status.currentMaster != null) {
      if (rs != null && rs.node != null && r.addresses().get(rs.node) != null) {
        owner.forget(r.addresses().get(rs.node)); // promoted: the link to us is no longer needed
      }
      return true;
    }
    if (spec == null || spec.fromBackup == null) {
      return true;
    }
    if (rs != null && (rs.phase == Phase.Completed || rs.phase == Phase.Skipped)) {
      return true;
    }
    if (rs == null) {
      if (status.targetMaster != null || status.epoch != null || anyData(r)) {
        record(r, status, Phase.Skipped, target, spec, "the cluster is not new: nothing restored");
        r.events().normal("RestoreSkipped", "the cluster already holds data");
        return true;
      }
      if (!allAnswer(r)) {
        return false; // a node that does not answer might hold data
      }
      record(r, status, Phase.Running, target, spec, "offering the backup to " + target);
      r.events().normal("RestoreStarted", spec.fromBackup.key + " into " + target);
      return false;
    }
    return progress(r, status, rs, spec);
  }

  private boolean progress(
      BackupRound r, StoreClusterStatus status, BackupStatus.Restore rs, BootstrapSpec spec) {
    NodeObservation o = r.observations().get(rs.node);
    String ip = r.addresses().get(rs.node);
    if (o == null || !o.reachable() || ip == null) {
      return false;
    }
    String namespace = r.cluster().getMetadata().getNamespace();
    S3Store.Keys keys;
    try {
      keys = ClusterBackups.keys(r, namespace, spec.fromBackup.s3, "spec.bootstrap.fromBackup.s3");
    } catch (IllegalStateException e) {
      update(r, status, rs, Phase.Failed, e.getMessage());
      return false;
    }
    RdbSource source = owner.source();
    // The node authenticates to the source as a replica does: masteruser and masterauth.
    RdbSource.Session session =
        source.offer(ip, r.replicationPassword(), spec.fromBackup.s3, keys, spec.fromBackup.key);
    String ours = NodeConnector.hostPort(source.host(), source.port());
    if (session.loaded && o.role() == Role.REPLICA && o.link() == Link.UP) {
      BackupStatus.Restore done = copy(rs);
      done.phase = Phase.Completed;
      done.completedAt = r.now().toString();
      done.message = "loaded; " + rs.node + " becomes the first master";
      r.writeStatus().apply(with(status, done));
      r.events().normal("RestoreCompleted", rs.key + " loaded into " + rs.node);
      return true;
    }
    if (session.error != null) {
      update(r, status, rs, Phase.Failed, "retrying: " + session.error);
    }
    if (!ours.equals(o.masterAddress())) {
      try (NodeAdmin admin =
          new NodeConnector(5000)
              .connectAs(ip, owner.nodePort(), r.credentialsOf().apply(rs.node))) {
        admin.replicaOf(source.host(), source.port());
      } catch (IOException e) {
        r.events().warning("RestoreWaiting", rs.node + ": " + e.getMessage());
      }
    }
    return false;
  }

  private static boolean anyData(BackupRound r) {
    return r.observations().values().stream().anyMatch(o -> o.reachable() && o.offset() > 0);
  }

  private static boolean allAnswer(BackupRound r) {
    return r.tree().stream()
        .allMatch(n -> r.observations().get(n) != null && r.observations().get(n).reachable());
  }

  private static void record(
      BackupRound r,
      StoreClusterStatus status,
      Phase phase,
      String node,
      BootstrapSpec spec,
      String message) {
    BackupStatus.Restore rs = new BackupStatus.Restore();
    rs.phase = phase;
    rs.key = spec.fromBackup.key;
    rs.node = node;
    rs.startedAt = r.now().toString();
    rs.message = message;
    r.writeStatus().apply(with(status, rs));
  }

  private static void update(
      BackupRound r,
      StoreClusterStatus status,
      BackupStatus.Restore rs,
      Phase phase,
      String message) {
    if (phase == rs.phase && message.equals(rs.message)) {
      return;
    }
    BackupStatus.Restore next = copy(rs);
    next.phase = phase;
    next.message = message;
    r.writeStatus().apply(with(status, next));
    r.events().warning("RestoreFailed", message);
  }

  private static BackupStatus.Restore copy(BackupStatus.Restore rs) {
    return Serialization.clone(rs);
  }

  private static StoreClusterStatus with(StoreClusterStatus status, BackupStatus.Restore rs) {
    StoreClusterStatus next = Serialization.clone(status);
    next.restore = rs;
    return next;
  }
}
