package io.banyan.node.replication;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the replication link's bytes: status lines during the handshake and complete RESP
 * multi-bulk commands afterwards, reporting how many bytes each command took (the replica's offset
 * advances by exactly that, invariant I2).
 */
final class StreamParser {
  private StreamParser() {}

  /** A line without its CRLF (or bare LF), consumed; null when no full line is buffered. */
  static String line(ByteBuf in) {
    int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
    if (eol < 0) {
      return null;
    }
    int len = eol - in.readerIndex();
    String s = in.toString(in.readerIndex(), len, StandardCharsets.ISO_8859_1);
    in.readerIndex(eol + 1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * One multi-bulk command, consumed; null (nothing consumed) when incomplete.
   *
   * @throws IllegalStateException when the bytes are not a multi-bulk command
   */
  static byte[][] command(ByteBuf in) {
    int start = in.readerIndex();
    String header = line(in);
    if (header == null) {
      return null;
    }
    if (header.isEmpty()) {
      return new byte[0][]; // a bare newline (keep-alive): no command
    }
    if (header.charAt(0) != '*') {
      throw new IllegalStateException("expected a multi-bulk command, got: " + header);
    }
    int n = Integer.parseInt(header.substring(1));
    byte[][] argv = new byte[Math.max(0, n)][];
    for (int i = 0; i < n; i++) {
      String len = line(in);
      if (len == null) {
        in.readerIndex(start);
        return null;
      }
      if (len.isEmpty() || len.charAt(0) != '$') {
        throw new IllegalStateException("expected a bulk length, got: " + len);
      }
      int size = Integer.parseInt(len.substring(1));
      if (in.readableBytes() < size + 2) {
        in.readerIndex(start);
        return null;
      }
      argv[i] = new byte[size];
      in.readBytes(argv[i]);
      in.skipBytes(2);
    }
    return argv;
  }
}
