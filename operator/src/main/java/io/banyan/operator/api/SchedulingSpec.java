package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Scheduling of every pod of the cluster, on top of each zone's placement. Map keys are checked by
 * {@link SpecValidation}, not by CEL: a structural schema cannot bound a key's length, and a regex
 * over unbounded strings exceeds the API server's CEL cost budget.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulingSpec {
  /** How strictly master-eligible pods avoid sharing a Kubernetes node. */
  public enum AntiAffinity {
    /** Never on the same node: losing one node never takes the master and a backup. */
    Required,
    /** Spread when possible: small clusters (one node) still schedule every pod. */
    Preferred
  }

  static final String NODE_SELECTOR_KEYS =
      "spec.scheduling.nodeSelector: keys must be node label keys";

  @JsonPropertyDescription(
      "Anti-affinity between the master and its backups on kubernetes.io/hostname: Required"
          + " (never together) or Preferred (a one-node dev cluster). Read replicas always only"
          + " prefer spreading.")
  @Default("Required")
  public AntiAffinity podAntiAffinity = AntiAffinity.Required;

  @JsonPropertyDescription("Node selector of every pod (ANDed with the zone's placement).")
  @Size(max = 32)
  public Map<String, @Size(max = 63) @Pattern(Names.LABEL_VALUE) String> nodeSelector;

  @JsonPropertyDescription("Tolerations of every pod (Kubernetes' type).")
  @Size(max = 32)
  public List<Toleration> tolerations;

  @JsonPropertyDescription("PriorityClass of every pod; the cluster default when absent.")
  @Size(max = 253)
  @Pattern(Names.DNS_SUBDOMAIN)
  public String priorityClassName;
}
