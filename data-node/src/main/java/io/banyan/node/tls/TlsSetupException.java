package io.banyan.node.tls;

/**
 * TLS contexts could not be built from the configuration. The message names the option and, where
 * there is one, the file (e.g. {@code tls-key-file /etc/tls/tls.key: ...}), ready for the start-up
 * error, a CONFIG SET refusal or the reload warning.
 */
public final class TlsSetupException extends RuntimeException {
  public TlsSetupException(String message) {
    super(message, null, false, false);
  }

  public TlsSetupException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
