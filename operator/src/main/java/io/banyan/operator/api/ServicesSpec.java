package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * The client Services ({@code <c>-rw}, {@code <c>-ro}, {@code <c>-ro-<zone>}). The headless {@code
 * <c>-nodes} stays headless and unannotated: it is the nodes' own DNS.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServicesSpec {
  /** Service types that make sense for a store (ExternalName does not). */
  public enum Type {
    ClusterIP,
    NodePort,
    LoadBalancer
  }

  static final String ANNOTATION_KEYS =
      "spec.services.annotations: keys must be Kubernetes annotation keys";

  @JsonPropertyDescription("Type of the client Services.")
  @Default("ClusterIP")
  public Type type = Type.ClusterIP;

  @JsonPropertyDescription(
      "Annotations of the client Services, e.g. for a cloud load balancer or external-dns.")
  @Size(max = 64)
  public Map<String, String> annotations;
}
