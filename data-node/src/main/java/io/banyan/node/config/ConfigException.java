package io.banyan.node.config;

/**
 * A configuration error that stops start-up: an unknown option, a bad value, a malformed line or an
 * unreadable file. The message is complete and names where the problem is (file and line, or the
 * command-line argument), ready to print.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
