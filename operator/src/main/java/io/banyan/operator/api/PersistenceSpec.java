package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** AOF and RDB snapshot settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PersistenceSpec {
  public enum AppendFsync {
    always,
    everysec,
    no
  }

  /** A {@code save <seconds> <changes>} rule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SaveRule {
    @Required
    @Min(1)
    public Long seconds;

    @Required
    @Min(1)
    public Long changes;

    public SaveRule() {}

    public SaveRule(long seconds, long changes) {
      this.seconds = seconds;
      this.changes = changes;
    }
  }

  @Default("true")
  public Boolean appendonly = true;

  @Default("everysec")
  public AppendFsync appendfsync = AppendFsync.everysec;

  @JsonPropertyDescription("RDB save rules; empty disables snapshots.")
  @Size(max = 8)
  public List<SaveRule> save = new ArrayList<>();
}
