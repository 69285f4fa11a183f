package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
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
}
