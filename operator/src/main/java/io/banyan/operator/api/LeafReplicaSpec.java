package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A third-level replica; it has no replicas of its own (the tree's maximum depth). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LeafReplicaSpec implements ReplicaNode {
  @JsonPropertyDescription("Node name, unique in its zone; part of the pod name.")
  @Required
  @Pattern(Names.DNS_LABEL)
  @Size(max = 20)
  public String name;

  public LeafReplicaSpec() {}

  public LeafReplicaSpec(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ReplicaNode> children() {
    return List.of();
  }
}
