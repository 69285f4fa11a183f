package io.banyan.node.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encodes replies for one connection in the protocol it negotiated (RESP2, or RESP3 after {@code
 * HELLO 3}). Commands call these methods and never see protocol bytes; RESP3-only types degrade to
 * their RESP2 equivalents (maps to flat arrays, doubles to bulk strings, booleans to integers).
 *
 * <p>Replies accumulate in a buffer that the connection flushes once per batch of requests, which
 * is what makes pipelining cheap. Not thread-safe: used on the command-execution thread.
 */
public final class Reply {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] OK = bytes("+OK\r\n");
  private static final byte[] QUEUED = bytes("+QUEUED\r\n");
  private static final byte[] PONG = bytes("+PONG\r\n");
  private static final byte[] ZERO = bytes(":0\r\n");
  private static final byte[] ONE = bytes(":1\r\n");
  private static final byte[] NULL_BULK = bytes("$-1\r\n");
  private static final byte[] NULL_ARRAY = bytes("*-1\r\n");
  private static final byte[] NULL3 = bytes("_\r\n");
  private static final byte[] EMPTY_ARRAY = bytes("*0\r\n");
  private static final byte[] TRUE3 = bytes("#t\r\n");
  private static final byte[] FALSE3 = bytes("#f\r\n");

  private final ByteBufAllocator alloc;
  private ByteBuf out;
  private int protocol = 2;
  private long repliesWritten;
  private java.util.function.Consumer<String> errorListener;
  private boolean muted;
  private ByteBuf sink;

  public Reply(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /** Receives the text of every error reply written (INFO errorstats). */
  public void setErrorListener(java.util.function.Consumer<String> listener) {
    this.errorListener = listener;
  }

  /**
   * While muted (CLIENT REPLY OFF/SKIP), replies are encoded into a scratch buffer and dropped, so
   * commands need not know whether their reply will be sent.
   */
  public void setMuted(boolean muted) {
    this.muted = muted;
  }

  public boolean muted() {
    return muted;
  }

  public int protocol() {
    return protocol;
  }

  public void setProtocol(int protocol) {
    this.protocol = protocol;
  }

  public boolean resp3() {
    return protocol == 3;
  }

  /** Takes the accumulated bytes, or null when nothing was written since the last take. */
  public ByteBuf take() {
    ByteBuf b = out;
    out = null;
    return b;
  }

  /** Bytes written and not yet taken. */
  public int pendingBytes() {
    return out == null ? 0 : out.readableBytes();
  }

  /**
   * Count of top-level replies and nested elements written; lets callers check a reply was made.
   */
  public long marks() {
    return repliesWritten;
  }

  /** Drops unflushed output (the connection is closing). */
  public void discard() {
    if (out != null) {
      out.release();
      out = null;
    }
    if (sink != null) {
      sink.release();
      sink = null;
    }
  }

  private ByteBuf buf() {
    if (muted) {
      if (sink == null) {
        sink = alloc.heapBuffer(256);
      }
      sink.clear();
      return sink;
    }
    if (out == null) {
      out = alloc.ioBuffer(256);
    }
    repliesWritten++;
    return out;
  }

  // ---- simple types --------------------------------------------------------------------------

  public void ok() {
    buf().writeBytes(OK);
  }

  public void queued() {
    buf().writeBytes(QUEUED);
  }

  public void pong() {
    buf().writeBytes(PONG);
  }

  /** A status reply ({@code +text}); text must not contain CR or LF. */
  public void simple(String text) {
    ByteBuf b = buf();
    b.writeByte('+');
    b.writeCharSequence(text, StandardCharsets.UTF_8);
    b.writeBytes(CRLF);
  }

  /**
   * An error reply. The text starts with the error code ({@code ERR}, {@code WRONGTYPE}, ...);
   * newlines are replaced by spaces so that the reply cannot break the protocol.
   */
  public void error(String text) {
    if (errorListener != null) {
      errorListener.accept(text);
    }
    ByteBuf b = buf();
    b.writeByte('-');
    b.writeCharSequence(text.replace('\r', ' ').replace('\n', ' '), StandardCharsets.UTF_8);
    b.writeBytes(CRLF);
  }

  public void integer(long v) {
    if (v == 0) {
      buf().writeBytes(ZERO);
    } else if (v == 1) {
      buf().writeBytes(ONE);
    } else {
      ByteBuf b = buf();
      b.writeByte(':');
      writeDecimal(b, v);
      b.writeBytes(CRLF);
    }
  }

  public void bulk(byte[] v) {
    if (v == null) {
      nullBulk();
      return;
    }
    ByteBuf b = buf();
    b.ensureWritable(v.length + 16);
    b.writeByte('$');
    writeDecimal(b, v.length);
    b.writeBytes(CRLF);
    b.writeBytes(v);
    b.writeBytes(CRLF);
  }

  public void bulk(String v) {
    bulk(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
  }

  /** A bulk string holding the decimal text of v. */
  public void bulkLong(long v) {
    bulk(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
  }

  /** Null as a missing bulk string: {@code $-1} in RESP2, {@code _} in RESP3. */
  public void nullBulk() {
    buf().writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
  }

  /** Null as a missing array: {@code *-1} in RESP2, {@code _} in RESP3. */
  public void nullArray() {
    buf().writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
  }

  // ---- aggregates ----------------------------------------------------------------------------

  public void array(int n) {
    if (n == 0) {
      buf().writeBytes(EMPTY_ARRAY);
      return;
    }
    header('*', n);
  }

  /** A map of n pairs: {@code %n} in RESP3, a flat array of 2n elements in RESP2. */
  public void map(int n) {
    if (protocol == 3) {
      header('%', n);
    } else {
      array(n * 2);
    }
  }

  /** A set: {@code ~n} in RESP3, an array in RESP2. */
  public void set(int n) {
    header(protocol == 3 ? '~' : '*', n);
  }

  /** An out-of-band push (pub/sub messages): {@code >n} in RESP3, an array in RESP2. */
  public void push(int n) {
    header(protocol == 3 ? '>' : '*', n);
  }

  /** An attribute-free verbatim string (INFO, CLIENT INFO): {@code =} in RESP3, bulk in RESP2. */
  public void verbatim(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (protocol != 3) {
      bulk(body);
      return;
    }
    ByteBuf b = buf();
    b.writeByte('=');
    writeDecimal(b, body.length + 4);
    b.writeBytes(CRLF);
    b.writeCharSequence("txt:", StandardCharsets.US_ASCII);
    b.writeBytes(body);
    b.writeBytes(CRLF);
  }

  private void header(char type, long n) {
    ByteBuf b = buf();
    b.writeByte(type);
    writeDecimal(b, n);
    b.writeBytes(CRLF);
  }

  // ---- numbers -------------------------------------------------------------------------------

  /** A double: {@code ,} in RESP3, a bulk string in Redis 7.0's %.17g format in RESP2. */
  public void dbl(double d) {
    String text = DoubleFormat.reply(d);
    if (protocol == 3) {
      ByteBuf b = buf();
      b.writeByte(',');
      b.writeCharSequence(text, StandardCharsets.US_ASCII);
      b.writeBytes(CRLF);
    } else {
      bulk(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** A boolean: {@code #t}/{@code #f} in RESP3, {@code :1}/{@code :0} in RESP2. */
  public void bool(boolean v) {
    if (protocol == 3) {
      buf().writeBytes(v ? TRUE3 : FALSE3);
    } else {
      integer(v ? 1 : 0);
    }
  }

  /** Writes pre-encoded protocol bytes verbatim (for replies cached in encoded form). */
  public void raw(byte[] encoded) {
    buf().writeBytes(encoded);
  }

  private static void writeDecimal(ByteBuf b, long v) {
    if (v >= 0 && v < 10) {
      b.writeByte('0' + (int) v);
      return;
    }
    b.writeCharSequence(Long.toString(v), StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
