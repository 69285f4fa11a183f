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

/** A second-level replica, with its own replicas. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChainReplicaSpec implements ReplicaNode {
  @JsonPropertyDescription("Node name, unique in its zone; part of the pod name.")
  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 20)
  public String name;

  @JsonPropertyDescription("Replicas of this node.")
  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, self.exists_one(b, b.name == a.name))",
      message = "spec.zones[].replicas[].replicas[].replicas[].name: replica names must be unique")
  public List<LeafReplicaSpec> replicas = new ArrayList<>();

  public ChainReplicaSpec() {}

  public ChainReplicaSpec(String name, List<LeafReplicaSpec> replicas) {
    this.name = name;
    this.replicas = new ArrayList<>(replicas);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  @JsonIgnore
  public List<LeafReplicaSpec> children() {
    return replicas == null ? List.of() : replicas;
  }
}
