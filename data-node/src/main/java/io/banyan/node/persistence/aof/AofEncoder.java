package io.banyan.node.persistence.aof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes commands as the AOF stores them — RESP arrays of bulk strings ({@code
 * *3\r\n$3\r\nSET\r\n...}) — into a growable buffer, emitting {@code SELECT} whenever the database
 * differs from the previous command's, and (with aof-timestamp-enabled) a {@code #TS:<seconds>}
 * annotation whenever the second changes, as Redis 7.0 does.
 *
 * <p>Used by one thread: the command thread for the live stream, a snapshot for a command-format
 * base file.
 */
final class AofEncoder {
  private static final int INITIAL = 16 * 1024;

  /** A buffer grown past this by one huge command is replaced by a small one when taken. */
  private static final int SHRINK_ABOVE = 1 << 20;

  private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] SMALL_NUMBERS = new byte[1024][];

  static {
    for (int i = 0; i < SMALL_NUMBERS.length; i++) {
      SMALL_NUMBERS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  private byte[] buf = new byte[INITIAL];
  private int used;
  private int selectedDb = -1;
  private long annotatedSecond = -1;

  /** Appends one command run against {@code db}, preceded by SELECT when the db changed. */
  void command(int db, byte[][] argv) {
    if (db != selectedDb) {
      arrayHeader(2);
      bulk(SELECT);
      bulk(number(db));
      selectedDb = db;
    }
    arrayHeader(argv.length);
    for (byte[] a : argv) {
      bulk(a);
    }
  }

  /** Appends a {@code #TS:<unix seconds>} annotation unless the second is the same as last time. */
  void timestamp(long nowMs) {
    long second = nowMs / 1000;
    if (second == annotatedSecond) {
      return;
    }
    annotatedSecond = second;
    byte[] line = ("#TS:" + second + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ensure(line.length);
    System.arraycopy(line, 0, buf, used, line.length);
    used += line.length;
  }

  /** The next command will be preceded by SELECT (a new file begins). */
  void forgetSelectedDb() {
    selectedDb = -1;
  }

  void arrayHeader(int n) {
    header((byte) '*', n);
  }

  void bulk(byte[] value) {
    header((byte) '$', value.length);
    ensure(value.length + 2);
    System.arraycopy(value, 0, buf, used, value.length);
    used += value.length;
    buf[used++] = '\r';
    buf[used++] = '\n';
  }

  private void header(byte type, long n) {
    ensure(24);
    buf[used++] = type;
    if (n >= 0 && n < SMALL_NUMBERS.length) {
      byte[] digits = SMALL_NUMBERS[(int) n];
      System.arraycopy(digits, 0, buf, used, digits.length);
      used += digits.length;
    } else {
      byte[] digits = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(digits, 0, buf, used, digits.length);
      used += digits.length;
    }
    buf[used++] = '\r';
    buf[used++] = '\n';
  }

  static byte[] number(long n) {
    return n >= 0 && n < SMALL_NUMBERS.length
        ? SMALL_NUMBERS[(int) n]
        : Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  private void ensure(int more) {
    if (used + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, used + more));
    }
  }

  /** Bytes encoded and not yet taken. */
  int size() {
    return used;
  }

  /** Takes the encoded bytes (an exact-size copy) and empties the buffer. */
  byte[] take() {
    byte[] out = Arrays.copyOf(buf, used);
    used = 0;
    if (buf.length > SHRINK_ABOVE) {
      buf = new byte[INITIAL];
    }
    return out;
  }

  /** Writes the encoded bytes to out and empties the buffer. */
  void drainTo(OutputStream out) throws IOException {
    out.write(buf, 0, used);
    used = 0;
    if (buf.length > SHRINK_ABOVE) {
      buf = new byte[INITIAL];
    }
  }
}
