package io.banyan.node.persistence.aof;

/** An AOF file or manifest is malformed; the message names the file and where. */
public final class AofFormatException extends RuntimeException {
  public AofFormatException(String message) {
    super(message);
  }
}
