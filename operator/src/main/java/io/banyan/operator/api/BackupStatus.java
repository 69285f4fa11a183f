package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Status records of backups and of a restore (plain data; the backup package fills them). */
public final class BackupStatus {
  private BackupStatus() {}

  public enum Phase {
    Running,
    Completed,
    Failed,
    Skipped
  }

  /** One backup, as {@code status.backups[]}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Record {
    @JsonPropertyDescription("Name of the backup (the object's file name without .rdb).")
    public String name;

    @JsonPropertyDescription("Object key in the bucket.")
    public String key;

    public String startedAt;
    public String completedAt;
    public Long sizeBytes;

    @JsonPropertyDescription("The node the snapshot was taken from.")
    public String sourceNode;

    @JsonPropertyDescription("Replication offset of the snapshot (from +FULLRESYNC).")
    public Long offset;

    @JsonPropertyDescription("Failover epoch when the backup started.")
    public Long epoch;

    @JsonPropertyDescription("Running, Completed or Failed.")
    public Phase phase;

    public String message;
  }

  /** A restore of {@code spec.bootstrap.fromBackup}, as {@code status.restore}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Restore {
    @JsonPropertyDescription("Running, Completed, Failed (retried), or Skipped (cluster not new).")
    public Phase phase;

    public String key;

    @JsonPropertyDescription("The node the backup is loaded into (the initial master).")
    public String node;

    public String startedAt;
    public String completedAt;
    public String message;
  }
}
