package io.banyan.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;

/**
 * Drives a {@link RespDecoder} as a transport does: what arrives is appended to one buffer, and
 * requests are taken from it until the decoder needs more bytes. Protocol errors propagate.
 */
final class DecoderFeed {
  private final RespDecoder decoder;
  private final ByteBuf received = Unpooled.buffer();
  private final ArrayDeque<byte[][]> decoded = new ArrayDeque<>();

  DecoderFeed(RespDecoder decoder) {
    this.decoder = decoder;
  }

  DecoderFeed(RequestLimits limits) {
    this(new RespDecoder(limits));
  }

  /** Appends {@code bytes} (released) and decodes every complete request now buffered. */
  void write(ByteBuf bytes) {
    try {
      received.writeBytes(bytes);
    } finally {
      bytes.release();
    }
    byte[][] argv;
    while ((argv = decoder.next(received)) != null) {
      decoded.add(argv);
    }
    received.discardReadBytes();
  }

  /** The next decoded request, or null. */
  byte[][] read() {
    return decoded.poll();
  }
}
