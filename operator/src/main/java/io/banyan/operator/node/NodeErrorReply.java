package io.banyan.operator.node;

import java.io.IOException;

/** The node answered with an error reply ({@code -CODE message}). */
public final class NodeErrorReply extends IOException {
  private static final long serialVersionUID = 1L;

  public NodeErrorReply(String line) {
    super(line);
  }

  /** The error code: the first word, e.g. {@code STALEEPOCH}. */
  public String code() {
    String m = getMessage();
    int space = m.indexOf(' ');
    return space < 0 ? m : m.substring(0, space);
  }
}
