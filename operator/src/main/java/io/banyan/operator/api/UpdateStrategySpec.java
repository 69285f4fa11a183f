package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * How a change that needs new pods (image, resources, JVM options, restart-requiring config) rolls
 * through the cluster: one pod at a time, leaves first, the master last by a planned switchover.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpdateStrategySpec {
  public enum Type {
    /** The master is switched over as soon as every other node runs the new revision. */
    Automatic,
    /**
     * The rollout stops before the master: its switchover waits for the annotation {@value
     * #APPROVAL_ANNOTATION} set to the new revision, or for a switchover the user asks for with
     * {@code spec.failover.targetMaster}.
     */
    Supervised
  }

  /** Annotation on the StoreCluster that lets a Supervised rollout switch the master over. */
  public static final String APPROVAL_ANNOTATION = "banyan.io/approve-master-update";

  @JsonPropertyDescription(
      "Automatic: the master is switched over as soon as every other node is updated. Supervised:"
          + " the master's switchover waits for the annotation banyan.io/approve-master-update"
          + " set to the revision named in the Progressing condition.")
  @Default("Automatic")
  public Type type = Type.Automatic;

  @JsonPropertyDescription(
      "How long a replaced node may take to come back, linked and in sync, before the rollout"
          + " pauses with a reason (it resumes by itself once the node is back).")
  @Default("600")
  @Min(30)
  @Max(86400)
  public Integer stepTimeoutSeconds = 600;
}
