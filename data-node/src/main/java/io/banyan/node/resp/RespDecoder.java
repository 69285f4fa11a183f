package io.banyan.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Decodes client requests into argument vectors ({@code byte[][]}): RESP multi-bulk requests and
 * inline commands (space-separated, with Redis's quoting rules), with Redis's limits and error
 * texts.
 *
 * <p>An incremental state machine over the bytes received so far: the transport appends what
 * arrives to one buffer and calls {@link #next} until it returns null. The decoder keeps its
 * position inside a partially received multi-bulk request, so a large value arriving in many TCP
 * segments is copied once, not re-parsed on each segment. It knows nothing of connections: the
 * server's Netty adapter ({@code server.RequestDecoder}) and tests drive it alike.
 */
public final class RespDecoder {
  /** Longest inline request, and longest line in a multi-bulk header (PROTO_INLINE_MAX_SIZE). */
  static final int INLINE_MAX = 64 * 1024;

  static final int MAX_MULTIBULK = 1024 * 1024;
  static final int UNAUTHENTICATED_MAX_MULTIBULK = 10;
  static final int UNAUTHENTICATED_MAX_BULK = 16384;

  private final RequestLimits limits;

  /**
   * Most argument slots allocated from a multi-bulk header before the arguments arrive (Redis caps
   * its argv pre-allocation at 1024 too): a 10-byte {@code *1048576} header must not cost
   * megabytes. The array grows by doubling as arguments really arrive.
   */
  static final int MAX_PREALLOCATED_ARGS = 1024;

  /**
   * Bulk strings from this size on are read straight into their own array as segments arrive, so a
   * large value is copied once (linear time) instead of waiting, whole, in the cumulation buffer
   * (which is re-allocated as it grows). Redis's PROTO_MBULK_BIG_ARG.
   */
  static final int BIG_ARG = 32 * 1024;

  /** First capacity of a big argument's array; it doubles as bytes arrive, up to the length. */
  private static final int BIG_ARG_FIRST_CHUNK = 1024 * 1024;

  // Progress through the multi-bulk request being received.
  private byte[][] args;
  private int argCount;
  private int argIndex;
  private long bufferedArgBytes;

  // A big argument being received: its announced length, the bytes so far (capacity bounded by
  // what has arrived, not by the announced length), and how many there are.
  private long bigLength = -1;
  private byte[] big;
  private int bigFill;

  public RespDecoder(RequestLimits limits) {
    this.limits = limits;
  }

  /**
   * Decodes the next request from {@code in}, consuming its bytes (and any empty requests before
   * it), or returns null when {@code in} holds no complete request yet; what was read of a partial
   * request is kept here, so the caller may discard the buffer's read bytes.
   *
   * <p>One request at a time: the caller runs it before asking for the next, so the next is judged
   * by the state this one leaves (AUTH then a request with more than 10 arguments, pipelined in one
   * packet, must see the client authenticated, as in Redis).
   *
   * @throws ProtocolException when the bytes are not a valid request or exceed a limit
   */
  public byte[][] next(ByteBuf in) {
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
        return null;
      }
      if (argv.length > 0) {
        return argv;
      }
    }
    return null;
  }

  private void checkQueryBuffer(ByteBuf in) {
    if (bufferedArgBytes + bigFill + in.readableBytes() > limits.maxQueryBuffer()) {
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
    argCount = (int) count;
    args = new byte[Math.min(argCount, MAX_PREALLOCATED_ARGS)][];
    argIndex = 0;
    bufferedArgBytes = 0;
    return continueMultiBulk(in);
  }

  private byte[][] continueMultiBulk(ByteBuf in) {
    while (argIndex < argCount) {
      if (bigLength >= 0) {
        if (!continueBigArg(in)) {
          return null;
        }
        continue;
      }
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
      if (len >= BIG_ARG && in.readableBytes() < headerLength + len + 2) {
        in.skipBytes(headerLength);
        bigLength = len;
        big = new byte[(int) Math.min(len, Math.max(BIG_ARG_FIRST_CHUNK, in.readableBytes()))];
        bigFill = 0;
        continue;
      }
      if (in.readableBytes() < headerLength + len + 2) {
        return null;
      }
      in.skipBytes(headerLength);
      byte[] arg = new byte[(int) len];
      in.readBytes(arg);
      in.skipBytes(2); // CRLF after the bulk, taken on trust as Redis does
      addArg(arg);
    }
    byte[][] done = args.length == argCount ? args : java.util.Arrays.copyOf(args, argCount);
    args = null;
    bufferedArgBytes = 0;
    return done;
  }

  private void addArg(byte[] arg) {
    if (argIndex == args.length) {
      args = java.util.Arrays.copyOf(args, (int) Math.min(argCount, 2L * args.length));
    }
    args[argIndex++] = arg;
    bufferedArgBytes += arg.length;
  }

  /**
   * Copies what arrived of the big argument into its array, growing it by doubling (bounded by the
   * announced length): linear time, and memory bounded by what the client really sent. True once
   * the argument and its CRLF are complete.
   */
  private boolean continueBigArg(ByteBuf in) {
    if (bigFill < bigLength) {
      int n = (int) Math.min(in.readableBytes(), bigLength - bigFill);
      if (bigFill + n > big.length) {
        long grown = Math.max((long) bigFill + n, 2L * big.length);
        // Past half the length, the last copy goes straight to the full size: the peak is then
        // 1.5 times the value, not 2 times.
        big = java.util.Arrays.copyOf(big, (int) (grown >= bigLength / 2 ? bigLength : grown));
      }
      in.readBytes(big, bigFill, n);
      bigFill += n;
      if (bigFill < bigLength) {
        return false;
      }
    }
    if (in.readableBytes() < 2) {
      return false;
    }
    in.skipBytes(2); // CRLF after the bulk, taken on trust as Redis does
    byte[] arg = big;
    big = null;
    bigFill = 0;
    bigLength = -1;
    addArg(arg);
    return true;
  }

  /** Argument slots currently allocated for the request being received (tests). */
  int allocatedArgSlots() {
    return args == null ? 0 : args.length;
  }

  /** Bytes currently allocated for a big argument being received (tests). */
  int allocatedBigArgBytes() {
    return big == null ? 0 : big.length;
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
