package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One zone: where its pods run, whether the initial master is here, how many master backups
 * (replicas of the master that may be promoted), and the read-replica trees whose heads replicate
 * from the master.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZoneSpec {
  @JsonPropertyDescription("Zone name; part of the stable names of its nodes.")
  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 20)
  public String name;

  public PlacementSpec placement;

  @JsonPropertyDescription("The initial master lives in this zone (exactly one zone).")
  @Default("false")
  public Boolean initialMaster = false;

  @JsonPropertyDescription(
      "Master-eligible replicas of the master in this zone (besides the master).")
  @Default("0")
  @Min(0)
  @Max(8)
  public Integer masterBackups = 0;

  @JsonPropertyDescription(
      "Read replicas of the master placed in this zone; each may have replicas of its own.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.name == a.name))",
      message = "spec.zones[].replicas[].name: replica names must be unique")
  public List<ReplicaSpec> replicas = new ArrayList<>();
}
