package io.banyan.node.resp;

/**
 * A request that cannot be parsed. The connection answers with {@code -ERR Protocol error: ...} and
 * is then closed, as Redis does, because the stream cannot be re-synchronised.
 */
public final class ProtocolException extends RuntimeException {
  private final boolean silent;

  public ProtocolException(String message) {
    this(message, false);
  }

  /**
   * @param silent true when the connection is closed without a reply (query buffer overflow)
   */
  public ProtocolException(String message, boolean silent) {
    super(message, null, false, false);
    this.silent = silent;
  }

  public boolean silent() {
    return silent;
  }
}
