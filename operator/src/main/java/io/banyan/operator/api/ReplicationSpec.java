package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Replication settings applied to every node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicationSpec {
  /** Which replicas count for {@link #writeQuorum} (and for WAIT on the master). */
  public enum WriteQuorumScope {
    /** Any replica of the master, as Redis counts (min-replicas-to-write). */
    AnyZone,
    /**
     * Only replicas in another zone than the master's: an acknowledged write survives the loss or
     * the partition of the master's whole zone.
     */
    OtherZones
  }

  @JsonPropertyDescription("repl-backlog-size, e.g. 64mb.")
  @Default("64mb")
  @Pattern("^[0-9]+(b|kb|mb|gb|k|m|g)?$")
  public String backlogSize = "64mb";

  @JsonPropertyDescription("Write quorum: min-replicas-to-write on the master (0 = off).")
  @Default("0")
  @Min(0)
  @Max(64)
  public Integer writeQuorum = 0;

  @JsonPropertyDescription(
      "Which replicas count for writeQuorum and WAIT: AnyZone (any replica, as Redis) or"
          + " OtherZones (only replicas outside the master's zone, so that an acknowledged write"
          + " survives the loss or partition of the master's zone; a master cut off from the"
          + " other zones refuses writes before another zone's backup can be promoted).")
  @Default("AnyZone")
  public WriteQuorumScope writeQuorumScope = WriteQuorumScope.AnyZone;

  @JsonPropertyDescription("min-replicas-max-lag in seconds.")
  @Default("10")
  @Min(1)
  @Max(3600)
  public Integer maxLagSeconds = 10;
}
