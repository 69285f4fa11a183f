package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** How a new cluster gets its first data. Ignored once the cluster has a master or any data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BootstrapSpec {
  /** A backup object to restore into the first master. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FromBackup {
    @JsonPropertyDescription("The object store holding the backup.")
    @Required
    public S3Spec s3;

    @JsonPropertyDescription(
        "Full object key of the backup (an RDB file), as status.backups[].key.")
    @Required
    @Pattern("^\\S+$")
    public String key;
  }

  @JsonPropertyDescription(
      "Restore this backup into the initial master before it accepts writes; only for a new"
          + " cluster (no master yet, every node empty).")
  public FromBackup fromBackup;
}
