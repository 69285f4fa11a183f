package io.banyan.node.command.model;

/** Redis's error texts, shared by every command family so the wording stays identical. */
public final class Errors {
  private Errors() {}

  public static final CommandException WRONG_TYPE =
      new CommandException("WRONGTYPE Operation against a key holding the wrong kind of value");
  public static final CommandException SYNTAX = new CommandException("ERR syntax error");
  public static final CommandException NOT_INTEGER =
      new CommandException("ERR value is not an integer or out of range");
  public static final CommandException NOT_FLOAT =
      new CommandException("ERR value is not a valid float");
  public static final CommandException NO_SUCH_KEY = new CommandException("ERR no such key");
  public static final CommandException INDEX_OUT_OF_RANGE =
      new CommandException("ERR index out of range");
  public static final CommandException OVERFLOW =
      new CommandException("ERR increment or decrement would overflow");
  public static final CommandException DB_INDEX_OUT_OF_RANGE =
      new CommandException("ERR DB index is out of range");
  public static final CommandException NOT_POSITIVE_TIMEOUT =
      new CommandException("ERR timeout is negative");
  public static final CommandException TIMEOUT_NOT_FLOAT =
      new CommandException("ERR timeout is not a float or out of range");
  public static final CommandException OOM =
      new CommandException("OOM command not allowed when used memory > 'maxmemory'.");
  public static final CommandException NOAUTH =
      new CommandException("NOAUTH Authentication required.");
  public static final CommandException READONLY =
      new CommandException("READONLY You can't write against a read only replica.");

  public static CommandException wrongArity(String command) {
    return new CommandException("ERR wrong number of arguments for '" + command + "' command");
  }

  public static CommandException unknownSubcommand(String sub, String container) {
    return new CommandException(
        "ERR unknown subcommand '"
            + sub
            + "'. Try "
            + container.toUpperCase(java.util.Locale.ROOT)
            + " HELP.");
  }

  /** An error naming an invalid argument, e.g. {@code ERR invalid expire time in 'set' command}. */
  public static CommandException err(String message) {
    return new CommandException("ERR " + message);
  }
}
