package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** Required node affinity of a zone's pods: node label {@code key} must equal {@code value}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlacementSpec {
  public static final String DEFAULT_KEY = "topology.kubernetes.io/zone";

  @JsonPropertyDescription("Node label key.")
  @Default(DEFAULT_KEY)
  @Size(min = 1, max = 316)
  public String nodeLabelKey = DEFAULT_KEY;

  @JsonPropertyDescription("Node label value; defaults to the zone name.")
  @Size(max = 63)
  public String nodeLabelValue;
}
