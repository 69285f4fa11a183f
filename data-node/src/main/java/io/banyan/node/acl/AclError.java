package io.banyan.node.acl;

/**
 * Why an ACL rule was refused. The texts are the ones Redis 7.0 puts after {@code Error in ACL
 * SETUSER modifier '...': }, so clients and scripts that match on them keep working.
 */
public enum AclError {
  UNKNOWN_NAME("Unknown command or category name in ACL"),
  SYNTAX("Syntax error"),
  KEY_AFTER_ALL_KEYS(
      "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have"
          + " any effect. Try 'resetkeys' to start with an empty list of patterns"),
  CHANNEL_AFTER_ALL_CHANNELS(
      "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not"
          + " have any effect. Try 'resetchannels' to start with an empty list of channels"),
  NO_SUCH_PASSWORD("The password you are trying to remove from the user does not exist"),
  BAD_HASH(
      "The password hash must be exactly 64 characters and contain only lowercase hexadecimal"
          + " characters"),
  DUPLICATE_USER("Duplicate user found. A user can only be defined once in config files"),
  FIRST_ARG_OF_SUBCOMMAND("Allowing first-arg of a subcommand is not supported");

  private final String message;

  AclError(String message) {
    this.message = message;
  }

  public String message() {
    return message;
  }

  /**
   * Thrown by a rule that cannot be applied; the selector or user it was applied to is unusable.
   */
  public static final class RuleException extends Exception {
    private final AclError error;

    RuleException(AclError error) {
      super(error.message, null, false, false);
      this.error = error;
    }

    public AclError error() {
      return error;
    }
  }

  RuleException exception() {
    return new RuleException(this);
  }
}
