package io.banyan.node.command.model;

/**
 * Aborts a command with an error reply. The message is the full error line without the leading '-',
 * starting with its code (ERR, WRONGTYPE, OOM, ...). Carries no stack trace: it is control flow,
 * thrown on the hot path for routine errors.
 */
public final class CommandException extends RuntimeException {
  public CommandException(String message) {
    super(message, null, false, false);
  }
}
