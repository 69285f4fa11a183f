package io.banyan.node.persistence.aof;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the commands of an AOF file one at a time, telling a file that merely ends early (a torn
 * last write: {@link Truncated}, with the offset where the last complete command ends) from one
 * that holds bytes no AOF writer produces ({@link AofFormatException}, naming the offset).
 * Annotation lines ({@code #TS:...}) are skipped.
 */
final class AofCommandReader {
  /** The file ends inside a command; everything before {@code validUpTo} is complete. */
  static final class Truncated extends Exception {
    final long validUpTo;

    Truncated(long validUpTo) {
      super(null, null, false, false);
      this.validUpTo = validUpTo;
    }
  }

  /** Longest annotation line accepted. */
  private static final int MAX_ANNOTATION = 1024;

  /** A bulk longer than this that the file cannot even hold is corruption, not truncation. */
  private static final long MAX_BULK = 512L * 1024 * 1024;

  private final InputStream in;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private final String fileName;
  private final long length;
  private long offset;
  private long commandStart;
  private long lastStart;

  /**
   * @param in the file's bytes from {@code startOffset} on
   * @param length the file's total length
   */
  AofCommandReader(InputStream in, String fileName, long startOffset, long length) {
    this.in = in;
    this.fileName = fileName;
    this.offset = startOffset;
    this.commandStart = startOffset;
    this.length = length;
  }

  /** Offset where the command last returned by {@link #next} begins. */
  long lastCommandStart() {
    return lastStart;
  }

  /** Offset just after the last complete command (or annotation) read. */
  long validUpTo() {
    return commandStart;
  }

  /**
   * The next command, or null at the end of the file.
   *
   * @throws Truncated when the file ends inside a command
   * @throws AofFormatException when the bytes are not a command
   */
  byte[][] next() throws IOException, Truncated {
    while (true) {
      commandStart = offset;
      int first = read();
      if (first < 0) {
        return null;
      }
      offset++;
      if (first == '#') {
        readLine(MAX_ANNOTATION, "annotation");
        continue;
      }
      if (first != '*') {
        throw corrupt(offset - 1, "expected '*' at the start of a command, found " + show(first));
      }
      long argc = readNumber("argument count");
      if (argc < 1 || argc > Integer.MAX_VALUE - 8) {
        throw corrupt(commandStart, "invalid argument count " + argc);
      }
      byte[][] argv = new byte[(int) Math.min(argc, 1024)][];
      for (int i = 0; i < argc; i++) {
        long at = offset;
        int type = read();
        if (type < 0) {
          throw new Truncated(commandStart);
        }
        offset++;
        if (type != '$') {
          throw corrupt(at, "expected '$' before an argument, found " + show(type));
        }
        long len = readNumber("bulk length");
        if (len < 0 || (len > MAX_BULK && len > length - offset)) {
          throw corrupt(at, "invalid bulk length " + len);
        }
        if (len + 2 > length - offset) {
          throw new Truncated(commandStart);
        }
        byte[] arg = new byte[(int) len];
        readFully(arg);
        int cr = read();
        int lf = read();
        if (cr < 0 || lf < 0) {
          throw new Truncated(commandStart);
        }
        offset += 2;
        if (cr != '\r' || lf != '\n') {
          throw corrupt(offset - 2, "an argument is not followed by CRLF");
        }
        if (i == argv.length) {
          argv = Arrays.copyOf(argv, (int) Math.min(argc, (long) argv.length * 2));
        }
        argv[i] = arg;
      }
      lastStart = commandStart;
      commandStart = offset;
      return argv;
    }
  }

  /**
   * One byte, or -1 at the end. Buffered here rather than by a BufferedInputStream, whose reads
   * take a lock: this runs several times per argument while a large AOF loads.
   */
  private int read() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  private int read(byte[] b, int off, int len) throws IOException {
    if (pos == limit) {
      if (len >= buf.length) {
        return in.read(b, off, len);
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void readFully(byte[] b) throws IOException, Truncated {
    int n = 0;
    while (n < b.length) {
      int r = read(b, n, b.length - n);
      if (r < 0) {
        throw new Truncated(commandStart);
      }
      n += r;
    }
    offset += b.length;
  }

  /** After a CR: the LF that must follow it. */
  private void expectLineFeed(String what) throws IOException, Truncated {
    int lf = read();
    if (lf < 0) {
      throw new Truncated(commandStart);
    }
    offset++;
    if (lf != '\n') {
      throw corrupt(offset - 1, "CR without LF after the " + what);
    }
  }

  /** Reads decimal digits up to CRLF, without allocating (it runs twice per argument). */
  private long readNumber(String what) throws IOException, Truncated {
    long at = offset;
    long v = 0;
    int digits = 0;
    while (true) {
      int c = read();
      if (c < 0) {
        throw new Truncated(commandStart);
      }
      offset++;
      if (c == '\r') {
        expectLineFeed(what);
        if (digits == 0) {
          throw corrupt(at, "empty " + what);
        }
        return v;
      }
      if (c < '0' || c > '9' || digits == 18) {
        throw corrupt(
            at, "invalid " + what + " (byte " + show(c) + " at offset " + (offset - 1) + ")");
      }
      v = v * 10 + (c - '0');
      digits++;
    }
  }

  /** Reads a line ending in CRLF (returned without it). */
  private String readLine(int max, String what) throws IOException, Truncated {
    long at = offset;
    byte[] line = new byte[max];
    int n = 0;
    while (true) {
      int c = read();
      if (c < 0) {
        throw new Truncated(commandStart);
      }
      offset++;
      if (c == '\r') {
        expectLineFeed(what);
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (n == max) {
        throw corrupt(at, "the " + what + " line is too long");
      }
      line[n++] = (byte) c;
    }
  }

  private AofFormatException corrupt(long at, String what) {
    return new AofFormatException(
        "Bad file format reading the append only file "
            + fileName
            + " at offset "
            + at
            + ": "
            + what);
  }

  private static String show(int c) {
    return c >= 32 && c < 127 ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
  }
}
