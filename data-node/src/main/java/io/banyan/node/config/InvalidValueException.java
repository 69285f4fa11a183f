package io.banyan.node.config;

/**
 * A value an option does not accept. {@link #getMessage()} is Redis's wording, which CONFIG SET
 * replies with (e.g. {@code argument must be a memory value}); {@link #explanation()} is a fuller
 * sentence for start-up errors, which also says what the option accepts.
 */
public final class InvalidValueException extends RuntimeException {
  private final String explanation;

  public InvalidValueException(String redisMessage, String explanation) {
    super(redisMessage, null, false, false);
    this.explanation = explanation;
  }

  public InvalidValueException(String redisMessage) {
    this(redisMessage, redisMessage);
  }

  public String explanation() {
    return explanation;
  }
}
