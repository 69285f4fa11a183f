package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;
import java.util.Map;

/**
 * What a user may add to every data-node pod ({@code spec.podTemplate}): metadata, the
 * ServiceAccount, image pull secrets. Labels the operator selects on are reserved. Keys are checked
 * by {@link SpecValidation} (see {@link SchedulingSpec} for why not by CEL).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodTemplateSettings {
  static final String RESERVED_LABELS =
      "spec.podTemplate.labels: app.kubernetes.io/name, app.kubernetes.io/instance,"
          + " app.kubernetes.io/managed-by and banyan.io/* are set by the operator";
  static final String LABEL_KEYS = "spec.podTemplate.labels: keys must be Kubernetes label keys";
  static final String ANNOTATION_KEYS =
      "spec.podTemplate.annotations: keys must be Kubernetes annotation keys";

  @JsonPropertyDescription(
      "Extra labels of every pod; app.kubernetes.io/name, instance, managed-by and banyan.io/*"
          + " are the operator's.")
  @Size(max = 32)
  public Map<String, @Size(max = 63) @Pattern(Names.LABEL_VALUE) String> labels;

  @JsonPropertyDescription("Extra annotations of every pod.")
  @Size(max = 64)
  public Map<String, String> annotations;

  @JsonPropertyDescription(
      "ServiceAccount of the pods (the data node needs no API access); the namespace's default"
          + " when absent.")
  @Size(max = 253)
  @Pattern(Names.DNS_SUBDOMAIN)
  public String serviceAccountName;

  @JsonPropertyDescription("Secrets for pulling the data-node image from a private registry.")
  @Size(max = 16)
  public List<LocalObjectReference> imagePullSecrets;
}
