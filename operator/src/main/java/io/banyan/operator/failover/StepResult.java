package io.banyan.operator.failover;

import java.util.List;

/**
 * What {@link FailoverSteps#next} wants now.
 *
 * @param outcome ACT (perform {@code commands}; empty = wait for the nodes), DONE or ABANDON
 * @param state the state to persist <b>before</b> performing the commands (its step may have moved
 *     on)
 * @param commands idempotent actions to perform now, in order
 * @param message what is happening or awaited, for status and events
 */
public record StepResult(
    Outcome outcome, FailoverState state, List<Command> commands, String message) {

  /** Kinds of result. */
  public enum Outcome {
    ACT,
    DONE,
    ABANDON
  }

  public StepResult {
    commands = List.copyOf(commands);
  }
}
