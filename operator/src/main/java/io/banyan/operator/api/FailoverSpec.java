package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** How the operator reacts to a failed master. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverSpec {
  public enum Policy {
    Automatic,
    Manual
  }

  @Default("Automatic")
  public Policy policy = Policy.Automatic;

  @JsonPropertyDescription("How long the master must look failed before failing over.")
  @Default("5000")
  @Min(1000)
  @Max(600000)
  public Integer detectionTimeoutMillis = 5000;

  @JsonPropertyDescription(
      "Zones to take a new master from when the master's own zone has no candidate, in order.")
  @Size(max = 16)
  public List<String> promotionOrder = new ArrayList<>();

  @JsonPropertyDescription(
      "Declarative switchover: the node (e.g. us-east-1b-1) that should be the master. The"
          + " operator hands over to it with the data node's FAILOVER (no write lost) once it is"
          + " a linked, in-sync replica; while set, the master is not moved back to the preferred"
          + " zone. Must name a master-eligible node (the initial master zone's or a backup).")
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  public String targetMaster;

  @JsonPropertyDescription(
      "How long the preferred zone's best backup must stay linked and in sync, and how long"
          + " after the last master change, before the master is moved back to that zone; a"
          + " flapping zone causes no repeated switchovers.")
  @Default("60")
  @Min(0)
  @Max(86400)
  public Integer failbackHoldDownSeconds = 60;
}
