package io.banyan.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Decodes client requests into argument vectors ({@code byte[][]}): RESP multi-bulk requests and
 * inline commands (space-separated, with Redis's quoting rules), with Redis's limits and error
 * texts.
 *
 * <p>The decoder keeps its position inside a partially received multi-bulk request, so a large
 * value arriving in many TCP segments is copied once, not re-parsed on each segment.
 */
public final class RespDecoder extends ByteToMessageDecoder {
  /** Longest inline request, and longest line in a multi-bulk header (PROTO_INLINE_MAX_SIZE). */
  static final int INLINE_MAX = 64 * 1024;

  static final int MAX_MULTIBULK = 1024 * 1024;
  static final int UNAUTHENTICATED_MAX_MULTIBULK = 10;
  static final int UNAUTHENTICATED_MAX_BULK = 16384;

  private final RequestLimits limits;

  // Progress through the multi-bulk request being received.
  private byte[][] args;
  private int argIndex;
  private long bufferedArgBytes;

  public RespDecoder(RequestLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      byte[][] argv;
      if (args != null) {
        argv = continueMultiBulk(in);
      } else if (in.getByte(in.readerIndex()) == '*') {
        argv = startMultiBulk(in);
      } else {
        argv = inline(in);
      }
      if (argv == null) {
        checkQueryBuffer(in);
        return;
      }
      if (argv.length > 0) {
        out.add(argv);
      }
    }
  }

  private void checkQueryBuffer(ByteBuf in) {
    if (bufferedArgBytes + in.readableBytes() > limits.maxQueryBuffer()) {
      throw new ProtocolException("query buffer limit reached", true);
    }
  }

  private byte[][] startMultiBulk(ByteBuf in) {
    int eol = findEndOfLine(in);
    if (eol < 0) {
      if (in.readableBytes() > INLINE_MAX) {
        throw new ProtocolException("too big mbulk count string");
      }
      return null;
    }
    long count = parseNumber(in, in.readerIndex() + 1, eol);
    if (count == Long.MIN_VALUE || count > MAX_MULTIBULK) {
      throw new ProtocolException("invalid multibulk length");
    }
    if (count > UNAUTHENTICATED_MAX_MULTIBULK && !limits.authenticated()) {
      throw new ProtocolException("unauthenticated multibulk length");
    }
    in.readerIndex(eol + 2);
    if (count <= 0) {
      return new byte[0][];
    }
    args = new byte[(int) count][];
    argIndex = 0;
    bufferedArgBytes = 0;
    return continueMultiBulk(in);
  }

  private byte[][] continueMultiBulk(ByteBuf in) {
    while (argIndex < args.length) {
      if (!in.isReadable()) {
        return null;
      }
      int start = in.readerIndex();
      if (in.getByte(start) != '$') {
        throw new ProtocolException(
            "expected '$', got '" + (char) (in.getByte(start) & 0xFF) + "'");
      }
      int eol = findEndOfLine(in);
      if (eol < 0) {
        if (in.readableBytes() > INLINE_MAX) {
          throw new ProtocolException("too big bulk count string");
        }
        return null;
      }
      long len = parseNumber(in, start + 1, eol);
      if (len < 0 || len > limits.maxBulkLength()) {
        throw new ProtocolException("invalid bulk length");
      }
      if (len > UNAUTHENTICATED_MAX_BULK && !limits.authenticated()) {
        throw new ProtocolException("unauthenticated bulk length");
      }
      int headerLength = eol + 2 - start;
      if (in.readableBytes() < headerLength + len + 2) {
        return null;
      }
      in.skipBytes(headerLength);
      byte[] arg = new byte[(int) len];
      in.readBytes(arg);
      in.skipBytes(2); // CRLF after the bulk, taken on trust as Redis does
      args[argIndex++] = arg;
      bufferedArgBytes += len;
    }
    byte[][] done = args;
    args = null;
    bufferedArgBytes = 0;
    return done;
  }

  private byte[][] inline(ByteBuf in) {
    int eol = in.forEachByte(ByteProcessor.FIND_LF);
    if (eol < 0) {
      if (in.readableBytes() > INLINE_MAX) {
        throw new ProtocolException("too big inline request");
      }
      return null;
    }
    int start = in.readerIndex();
    int end = eol;
    if (end > start && in.getByte(end - 1) == '\r') {
      end--;
    }
    byte[] line = new byte[end - start];
    in.getBytes(start, line);
    in.readerIndex(eol + 1);
    List<byte[]> parts = ArgSyntax.split(line);
    if (parts == null) {
      throw new ProtocolException("unbalanced quotes in request");
    }
    return parts.toArray(new byte[0][]);
  }

  /** Index of the CR of the first CRLF at or after the reader index, or -1. */
  private static int findEndOfLine(ByteBuf in) {
    int cr = in.forEachByte(ByteProcessor.FIND_CR);
    if (cr < 0 || cr + 1 >= in.writerIndex()) {
      return -1;
    }
    return cr;
  }

  /** Parses the decimal between from (inclusive) and to (exclusive); Long.MIN_VALUE if invalid. */
  private static long parseNumber(ByteBuf in, int from, int to) {
    if (from >= to || to - from > 19) {
      return Long.MIN_VALUE;
    }
    boolean negative = false;
    int i = from;
    if (in.getByte(i) == '-') {
      negative = true;
      i++;
      if (i == to) {
        return Long.MIN_VALUE;
      }
    }
    long v = 0;
    for (; i < to; i++) {
      int d = in.getByte(i) - '0';
      if (d < 0 || d > 9) {
        return Long.MIN_VALUE;
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }
}
