package io.banyan.node.persistence;

/** Data could not be loaded or saved; the message names the file and what went wrong. */
public final class PersistenceException extends RuntimeException {
  public PersistenceException(String message) {
    super(message);
  }

  public PersistenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
