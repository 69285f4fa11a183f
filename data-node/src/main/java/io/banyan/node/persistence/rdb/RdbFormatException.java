package io.banyan.node.persistence.rdb;

import java.io.IOException;

/**
 * RDB data that cannot be decoded: a bad header, an unknown type or opcode, a truncated file, a
 * checksum mismatch, an inconsistent encoding, or a value type this server cannot hold (streams,
 * module types). The message names the byte offset and what was expected there.
 */
public class RdbFormatException extends IOException {
  private final long offset;

  public RdbFormatException(long offset, String message) {
    super(message + " (at byte offset " + offset + ")");
    this.offset = offset;
  }

  public RdbFormatException(long offset, String message, Throwable cause) {
    super(message + " (at byte offset " + offset + ")", cause);
    this.offset = offset;
  }

  /** Offset in the input where decoding failed; -1 when not tied to a position. */
  public long offset() {
    return offset;
  }
}
