package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Persistent volume of each node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  public enum RetentionPolicy {
    Retain,
    Delete
  }

  @JsonPropertyDescription("Volume size (a Kubernetes quantity).")
  @Default("1Gi")
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
  public String size = "1Gi";

  @JsonPropertyDescription("Storage class; the cluster default when absent.")
  public String storageClass;

  @JsonPropertyDescription("What happens to the PVCs when the StoreCluster is deleted.")
  @Default("Retain")
  public RetentionPolicy pvcRetentionOnDelete = RetentionPolicy.Retain;
}
