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
  @JsonPropertyDescription("repl-backlog-size, e.g. 64mb.")
  @Default("64mb")
  @Pattern("^[0-9]+(b|kb|mb|gb|k|m|g)?$")
  public String backlogSize = "64mb";

  @JsonPropertyDescription("Write quorum: min-replicas-to-write on the master (0 = off).")
  @Default("0")
  @Min(0)
  @Max(64)
  public Integer writeQuorum = 0;

  @JsonPropertyDescription("min-replicas-max-lag in seconds.")
  @Default("10")
  @Min(1)
  @Max(3600)
  public Integer maxLagSeconds = 10;
}
