package io.banyan.local.cli;

/** A command line that cannot be run; the message names the offending argument. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
