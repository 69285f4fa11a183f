package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * Backups of the cluster's data to object storage: RDB snapshots taken from a replica without
 * stopping the world, on demand (the {@code banyan.io/backup-request} annotation) and on a
 * schedule, with retention. See docs/backup.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {
  /** The annotation whose new value requests one backup. */
  public static final String REQUEST_ANNOTATION = "banyan.io/backup-request";

  /** How many backups of this cluster to keep. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Retention {
    @JsonPropertyDescription(
        "Keep this many newest backups of the cluster's prefix; older ones are deleted after each"
            + " successful backup.")
    @Required
    @Min(1)
    @Max(10000)
    public Integer keepLast;
  }

  @JsonPropertyDescription("The object store backups go to.")
  @Required
  public S3Spec s3;

  @JsonPropertyDescription(
      "Standard 5-field cron expression (UTC), e.g. '0 3 * * *'; absent: on demand only.")
  public String schedule;

  @JsonPropertyDescription("Which backups to keep; absent: all.")
  public Retention retention;
}
