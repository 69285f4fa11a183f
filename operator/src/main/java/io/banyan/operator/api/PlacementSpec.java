package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;

/**
 * Where a zone's pods run: on nodes whose label {@code nodeLabelKey} has one of {@code
 * nodeLabelValues} (required node affinity), or on any node; spread by {@code
 * topologySpreadConstraints}. A zone is a datacenter of the store, and a datacenter often spans
 * several cloud zones, hence a list of values.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.anyNode) && self.anyNode && has(self.nodeLabelValues))",
    message = PlacementSpec.ANY_NODE_WITH_VALUES)
public class PlacementSpec {
  public static final String DEFAULT_KEY = "topology.kubernetes.io/zone";

  static final String ANY_NODE_WITH_VALUES =
      "spec.zones[].placement.anyNode: anyNode: true puts the pods on any node; remove"
          + " nodeLabelValues or set anyNode: false";
  static final String VALUES_UNIQUE =
      "spec.zones[].placement.nodeLabelValues: values must be unique";
  static final String SPREAD_FIELDS =
      "spec.zones[].placement.topologySpreadConstraints: each constraint needs maxSkew,"
          + " topologyKey and whenUnsatisfiable";

  @JsonPropertyDescription("Node label key the zone's values are matched against.")
  @Default(DEFAULT_KEY)
  @Size(min = 1, max = 316)
  @Pattern(Names.QUALIFIED_NAME)
  public String nodeLabelKey = DEFAULT_KEY;

  @JsonPropertyDescription(
      "Node label values of the zone (any of them); defaults to [<zone name>]. Cloud zones are"
          + " named by the provider, e.g. [us-east-1a, us-east-1b].")
  @Size(min = 1, max = 16)
  @ValidationRule(value = "self.all(a, self.exists_one(b, b == a))", message = VALUES_UNIQUE)
  public List<@Size(min = 1, max = 63) @Pattern(Names.NON_EMPTY_LABEL_VALUE) String>
      nodeLabelValues;

  @JsonPropertyDescription(
      "Place the zone's pods on any node (no node affinity): for one-node dev clusters.")
  @Default("false")
  public Boolean anyNode = false;

  @JsonPropertyDescription(
      "Topology spread constraints of the zone's pods (Kubernetes' type); a constraint without"
          + " labelSelector selects the zone's pods of this cluster.")
  @Size(max = 8)
  @ValidationRule(
      value = "self.all(c, has(c.maxSkew) && has(c.topologyKey) && has(c.whenUnsatisfiable))",
      message = SPREAD_FIELDS)
  public List<TopologySpreadConstraint> topologySpreadConstraints;
}
