package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a {@link StoreCluster}, written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StoreClusterStatus {
  public enum Phase {
    Pending,
    Creating,
    Running,
    Degraded,
    FailingOver,
    Failed
  }

  public enum ConditionType {
    Ready,
    Progressing,
    Degraded,
    FailoverInProgress,
    StorageResized
  }

  public enum ConditionStatus {
    True,
    False,
    Unknown
  }

  public enum Role {
    master,
    replica
  }

  public enum LinkState {
    up,
    down,
    syncing,
    none
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Condition {
    public ConditionType type;
    public ConditionStatus status;
    public String reason;
    public String message;
    public String lastTransitionTime;
    public Long observedGeneration;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NodeStatus {
    public String name;
    public String zone;
    public Role role;

    @JsonPropertyDescription("Name of the node this one replicates from; absent on the master.")
    public String parent;

    @JsonPropertyDescription("Replication offset (master_repl_offset / slave_repl_offset).")
    public Long offset;

    @JsonPropertyDescription("Bytes behind the master's offset.")
    public Long lag;

    public LinkState linkState;

    @JsonPropertyDescription("The operator reached the node on its last probe.")
    public Boolean reachable;

    @JsonPropertyDescription(
        "The node refuses writes and replicas until the operator admits it for the current epoch.")
    public Boolean fenced;

    @JsonPropertyDescription("host:port of the node (pod IP and data port).")
    public String address;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FailoverRecord {
    public String time;
    public String from;
    public String to;
    public String reason;
    public Long durationMillis;

    @JsonPropertyDescription("Epoch of the promotion.")
    public Long epoch;

    @JsonPropertyDescription("Completed, or Abandoned (its target was lost; another one followed).")
    public String outcome;
  }

  /**
   * The failover in progress, recorded before any node is told (I5); absent when none. Step and
   * reason hold the names of {@code io.banyan.operator.failover.FailoverStep} and {@code
   * FailoverReason}; the failover package converts ({@code FailoverState.fromStatus/toStatus}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FailoverStatus {
    @JsonPropertyDescription("Step reached: DECIDED, FENCING_OLD, CATCHING_UP, PROMOTING, ...")
    public String step;

    @JsonPropertyDescription("The master being replaced.")
    public String from;

    @JsonPropertyDescription("The node being promoted.")
    public String target;

    @JsonPropertyDescription("The epoch of the promotion (status epoch + 1 when decided).")
    public Long epoch;

    @JsonPropertyDescription(
        "MasterPodGone, MasterUnreachable, MasterRestartedBehind, MasterDemoted, ZoneLost,"
            + " Switchover or MasterTerminating.")
    public String reason;

    public String message;

    @JsonPropertyDescription("Node the target catches up from before promotion (I4).")
    public String catchUpFrom;

    @JsonPropertyDescription("Offset the target must reach before it is promoted.")
    public Long requiredOffset;

    @JsonPropertyDescription("When the failover was decided (RFC 3339).")
    public String startedAt;
  }

  /**
   * The settings derived from the spec ({@code repl-timeout}, {@code min-replicas-*}, the lag
   * bounds) that every reachable node was given with {@code CONFIG SET}. Recorded only once they
   * all took them: until then the operator judges failures with the detection timeout recorded
   * here, which is what the nodes still run with, also after an operator restart.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AppliedSettings {
    @JsonPropertyDescription("metadata.generation of the spec they were derived from.")
    public Long generation;

    @JsonPropertyDescription(
        "Fingerprint of the derived options and values (SHA-256 of name=value lines, 16 hex).")
    public String hash;

    @JsonPropertyDescription("The failover.detectionTimeoutMillis they were derived from.")
    public Long detectionTimeoutMillis;

    @JsonPropertyDescription(
        "metadata.generation whose live-settable configuration (spec.config, maxmemory,"
            + " persistence, backlog: what CONFIG SET applies) every reachable node was last found"
            + " with or given.")
    public Long configGeneration;

    @JsonPropertyDescription(
        "Fingerprint of that live-settable configuration (SHA-256 of name=value lines, 16 hex).")
    public String configHash;
  }

  /**
   * A rolling update in progress: which node is being replaced and at which step. Absent when every
   * pod runs the spec's revision.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RolloutStatus {
    @JsonPropertyDescription("The pod revision being rolled out (banyan.io/revision).")
    public String revision;

    @JsonPropertyDescription(
        "Replacing, WaitingForNode, SwitchingOver, AwaitingApproval or Paused.")
    public String step;

    @JsonPropertyDescription("The node the step is about.")
    public String node;

    @JsonPropertyDescription("When the step started (RFC 3339).")
    public String since;

    public String message;

    @JsonPropertyDescription("Pods already on the revision, of all pods.")
    public String updated;
  }

  /** Where the default user's password is kept; never a password or its whole hash. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AuthStatus {
    @JsonPropertyDescription(
        "The Secret holding the default user's password (spec.auth.secretName, or <cluster>-auth"
            + " that the operator generated).")
    public String secretName;

    @JsonPropertyDescription("The key of the password in that Secret.")
    public String key;

    @JsonPropertyDescription("Steady, or the rotation's phase: Adding, Switching, Removing.")
    public String phase;

    @JsonPropertyDescription(
        "The first 8 hex digits of the SHA-256 of the password the nodes are being brought to.")
    public String passwordHashPrefix;

    @JsonPropertyDescription("The nodes that still hold a rotation back (unreachable or pending).")
    public List<String> nodesPending;

    @JsonPropertyDescription(
        "Per user in the Switching phase, since when every node accepts its new password; the old"
            + " one is removed spec.auth.switchGraceSeconds later.")
    public java.util.Map<String, String> switchingSince;
  }

  /** Where one node's volume stands against {@code spec.storage.size}. */
  public enum VolumePhase {
    /** Its request was raised; the resizer and the kubelet have not finished yet. */
    Expanding,
    /** Its capacity is at least the requested size (or, not bound yet, its request is). */
    Expanded,
    /** Its StorageClass does not allow expansion (or is missing): left as it is. */
    Unsupported,
    /** The spec asks for less than it already has: volumes cannot shrink; left as it is. */
    ShrinkRefused
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VolumeStatus {
    @JsonPropertyDescription("The PersistentVolumeClaim.")
    public String name;

    public String node;

    @JsonPropertyDescription("The StorageClass that decides whether it may grow.")
    public String storageClass;

    @JsonPropertyDescription("spec.resources.requests.storage of the claim.")
    public String requested;

    @JsonPropertyDescription("status.capacity.storage of the claim (what the volume has).")
    public String capacity;

    public VolumePhase phase;
    public String message;
  }

  /**
   * Growth of the nodes' volumes to {@code spec.storage.size}; absent until some volume first
   * differed from it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class StorageStatus {
    @JsonPropertyDescription("The spec.storage.size the volumes are brought to.")
    public String requestedSize;

    @JsonPropertyDescription("Why not every volume has the requested size; absent when they do.")
    public String message;

    public List<VolumeStatus> volumes = new ArrayList<>();
  }

  public Long observedGeneration;
  public Phase phase;
  public List<Condition> conditions = new ArrayList<>();
  public String currentMaster;

  @JsonPropertyDescription("The master the operator decided on; recorded before acting (I5).")
  public String targetMaster;

  @JsonPropertyDescription("Failover epoch; incremented before any node is told of a promotion.")
  public Long epoch;

  @JsonPropertyDescription("Ready nodes out of all nodes, e.g. 9/11.")
  public String readyNodes;

  @JsonPropertyDescription("The failover in progress; absent when none.")
  public FailoverStatus failover;

  @JsonPropertyDescription(
      "Derived settings every reachable node runs with; while they differ from the spec's, the"
          + " Progressing condition says ApplyingSettings.")
  public AppliedSettings appliedSettings;

  @JsonPropertyDescription("The rolling update in progress; absent when every pod is current.")
  public RolloutStatus rollout;

  @JsonPropertyDescription(
      "Volume growth to spec.storage.size, per PVC; absent until a volume first differed from it.")
  public StorageStatus storage;

  @JsonPropertyDescription("Where the passwords come from and how a rotation stands.")
  public AuthStatus auth;

  public List<NodeStatus> nodes = new ArrayList<>();
  public List<FailoverRecord> failoverHistory = new ArrayList<>();

  @JsonPropertyDescription("The latest backups, newest last (at most 10 records).")
  public List<BackupStatus.Record> backups;

  @JsonPropertyDescription("The last banyan.io/backup-request value handled.")
  public String lastBackupRequest;

  @JsonPropertyDescription("Restore of spec.bootstrap.fromBackup into a new cluster.")
  public BackupStatus.Restore restore;
}
