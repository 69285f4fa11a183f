package io.banyan.node.acl;

/**
 * Why a user may not run a command: the command itself, one of its keys or one of its channels,
 * with the argument's position for the last two. Ordered as Redis ranks them when several selectors
 * refuse for different reasons: a channel beats a key, which beats the command.
 *
 * @param reason what was refused
 * @param position the refused argument's index in the command line; 0 for a command
 */
public record Denial(Reason reason, int position) {
  public enum Reason {
    COMMAND("command"),
    KEY("key"),
    AUTH("auth"),
    CHANNEL("channel");

    private final String logName;

    Reason(String logName) {
      this.logName = logName;
    }

    /** The reason as ACL LOG reports it. */
    public String logName() {
      return logName;
    }
  }

  /** The error a refused command gets, Redis's NOPERM texts. */
  public String errorMessage(String commandName) {
    return switch (reason) {
      case COMMAND ->
          "NOPERM this user has no permissions to run the '" + commandName + "' command";
      case KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
      case CHANNEL ->
          "NOPERM this user has no permissions to access one of the channels used as arguments";
      case AUTH -> "NOPERM no permission";
    };
  }

  /** The reason a queued command fails at EXEC when the rules changed since it was queued. */
  public String execErrorMessage() {
    String why =
        switch (reason) {
          case COMMAND -> "no permission to execute the command or subcommand";
          case KEY -> "no permission to touch the specified keys";
          case CHANNEL -> "no permission to access one of the channels used as arguments";
          case AUTH -> "no permission";
        };
    return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the"
        + " EXEC call. This command is no longer allowed for the following reason: "
        + why;
  }

  /** ACL DRYRUN's answer for a refused command. */
  public String dryRunMessage(String commandName, byte[][] argv) {
    return switch (reason) {
      case COMMAND -> "This user has no permissions to run the '" + commandName + "' command";
      case KEY ->
          "This user has no permissions to access the '" + Ascii.latin1(argv[position]) + "' key";
      case CHANNEL ->
          "This user has no permissions to access the '"
              + Ascii.latin1(argv[position])
              + "' channel";
      case AUTH -> "no permission";
    };
  }
}
