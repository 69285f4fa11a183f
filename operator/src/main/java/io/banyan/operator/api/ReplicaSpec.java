package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A replica of the master, with its own replicas. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReplicaSpec implements ReplicaNode {
  @JsonPropertyDescription("Node name, unique in its zone; part of the pod name.")
  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 20)
  public String name;

  @JsonPropertyDescription("Replicas of this node.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.name == a.name))",
      message = "spec.zones[].replicas[].replicas[].name: replica names must be unique")
  public List<ChainReplicaSpec> replicas = new ArrayList<>();

  public ReplicaSpec() {}

  public ReplicaSpec(String name, List<ChainReplicaSpec> replicas) {
    this.name = name;
    this.replicas = new ArrayList<>(replicas);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  @JsonIgnore
  public List<ChainReplicaSpec> children() {
    return replicas == null ? List.of() : replicas;
  }
}
