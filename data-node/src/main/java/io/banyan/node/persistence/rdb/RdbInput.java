package io.banyan.node.persistence.rdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The byte source RDB decoding reads from: tracks the offset for error messages, keeps the running
 * CRC-64 of everything consumed, and decodes the format's primitives (lengths, encoded strings).
 *
 * <p>Hostile lengths cannot exhaust memory: a string is read in chunks and its array grows only as
 * bytes actually arrive, and when the total input size is known a length beyond what remains is
 * rejected before reading.
 */
final class RdbInput {
  private static final int CHUNK = 1 << 20;

  private final InputStream in;
  private final long knownLength;
  private final byte[] buffer = new byte[1 << 16];
  private int bufPos;
  private int bufLimit;
  private long offset;
  private long crc;

  /**
   * @param knownLength bytes of RDB data in the stream, or -1 when unknown (the stream is then read
   *     in 64 KB blocks and may be read past the end of the RDB data)
   */
  RdbInput(InputStream in, long knownLength) {
    this.in = in;
    this.knownLength = knownLength;
  }

  /** Input over a byte array (DUMP payloads). */
  static RdbInput of(byte[] data) {
    return new RdbInput(new ByteArrayInputStream(data), data.length);
  }

  long offset() {
    return offset;
  }

  /** CRC-64 of all bytes consumed so far. */
  long crc() {
    return crc;
  }

  RdbFormatException error(String message) {
    return new RdbFormatException(offset, message);
  }

  private RdbFormatException truncated(String what) {
    return new RdbFormatException(offset, "unexpected end of data, expected " + what);
  }

  /**
   * Refills the buffer. With a known length it never asks the stream for more than that, so an RDB
   * followed by other data (a replication stream) is not over-read.
   */
  private boolean fill() throws IOException {
    int want = buffer.length;
    if (knownLength >= 0) {
      want = (int) Math.min(want, knownLength - offset);
      if (want <= 0) {
        return false;
      }
    }
    int n = in.read(buffer, 0, want);
    if (n <= 0) {
      return false;
    }
    bufPos = 0;
    bufLimit = n;
    return true;
  }

  int readByte(String what) throws IOException {
    if (bufPos == bufLimit && !fill()) {
      throw truncated(what);
    }
    int b = buffer[bufPos++] & 0xFF;
    crc = Crc64.update(crc, b);
    offset++;
    return b;
  }

  /** Reads exactly {@code n} bytes; the array grows with the data, never ahead of it. */
  byte[] readBytes(long n, String what) throws IOException {
    if (n < 0 || n > Integer.MAX_VALUE - 16) {
      throw error("length " + Long.toUnsignedString(n) + " of " + what + " is too large");
    }
    if (knownLength >= 0 && n > knownLength - offset) {
      throw error(
          what
              + " of "
              + n
              + " bytes runs past the end of the data ("
              + (knownLength - offset)
              + " bytes left)");
    }
    byte[] out = new byte[(int) Math.min(n, CHUNK)];
    int have = 0;
    while (have < n) {
      if (have == out.length) {
        out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
      }
      if (bufPos == bufLimit && !fill()) {
        throw truncated(what + " (" + n + " bytes, got " + have + ")");
      }
      int take = Math.min(bufLimit - bufPos, out.length - have);
      System.arraycopy(buffer, bufPos, out, have, take);
      crc = Crc64.update(crc, out, have, take);
      bufPos += take;
      have += take;
      offset += take;
    }
    return out;
  }

  /** A little-endian integer of {@code width} bytes. */
  long readLittleEndian(int width, String what) throws IOException {
    byte[] b = readBytes(width, what);
    return Listpack.readLittleEndian(b, 0, width);
  }

  private int peekByte(String what) throws IOException {
    if (bufPos == bufLimit && !fill()) {
      throw truncated(what);
    }
    return buffer[bufPos] & 0xFF;
  }

  /** An RDB length; a string-encoding marker is an error here. */
  private long readLengthOrEncoding(String what) throws IOException {
    long at = offset;
    int first = readByte(what);
    switch (first >>> 6) {
      case 0:
        return first & 0x3F;
      case 1:
        return ((first & 0x3F) << 8) | readByte(what);
      case 2:
        if (first == Rdb.LEN_32BIT) {
          long v = 0;
          for (int i = 0; i < 4; i++) {
            v = (v << 8) | readByte(what);
          }
          return v;
        } else if (first == Rdb.LEN_64BIT) {
          long v = 0;
          for (int i = 0; i < 8; i++) {
            v = (v << 8) | readByte(what);
          }
          return v; // may be "negative": an unsigned 64-bit value, callers check
        }
        throw new RdbFormatException(
            at, "unknown length encoding 0x" + Integer.toHexString(first) + " for " + what);
      default:
        throw new RdbFormatException(at, "expected " + what + ", found a string encoding");
    }
  }

  /** An RDB length (element counts, database numbers, idle times), at most 2^63-1. */
  long readLength(String what) throws IOException {
    long at = offset;
    long v = readLengthOrEncoding(what);
    if (v < 0) {
      throw new RdbFormatException(at, what + " " + Long.toUnsignedString(v) + " is too large");
    }
    return v;
  }

  /** A full 64-bit unsigned RDB length (module ids). */
  long readUnsignedLength(String what) throws IOException {
    return readLengthOrEncoding(what);
  }

  /** A length that must fit an int (numbers the server keeps in an int). */
  int readIntLength(String what) throws IOException {
    long at = offset;
    long v = readLength(what);
    if (v > Integer.MAX_VALUE) {
      throw new RdbFormatException(at, what + " " + v + " is out of range");
    }
    return (int) v;
  }

  /** A string in any of its encodings: raw, 8/16/32-bit integer, or LZF-compressed. */
  byte[] readString(String what) throws IOException {
    long at = offset;
    int first = peekByte(what);
    if ((first >>> 6) != 3) {
      return readBytes(readLength(what), what);
    }
    readByte(what);
    int encoding = first & 0x3F;
    switch (encoding) {
      case Rdb.ENC_INT8:
        return Listpack.decimal((byte) readByte(what));
      case Rdb.ENC_INT16:
        return Listpack.decimal((short) readLittleEndian(2, what));
      case Rdb.ENC_INT32:
        return Listpack.decimal((int) readLittleEndian(4, what));
      case Rdb.ENC_LZF:
        return readLzf(what);
      default:
        throw new RdbFormatException(at, "unknown string encoding " + encoding + " for " + what);
    }
  }

  private byte[] readLzf(String what) throws IOException {
    long compressedLength = readLength("compressed length of " + what);
    long at = offset;
    long length = readLength("uncompressed length of " + what);
    if (length > Lzf.maxExpansion(compressedLength) || length > Integer.MAX_VALUE - 16) {
      throw new RdbFormatException(
          at,
          "LZF string claims "
              + length
              + " bytes from "
              + compressedLength
              + " compressed bytes, more than LZF can expand to");
    }
    long dataAt = offset;
    byte[] packed = readBytes(compressedLength, "compressed " + what);
    try {
      return Lzf.decompress(packed, (int) length);
    } catch (IllegalArgumentException e) {
      throw new RdbFormatException(dataAt, "invalid LZF data in " + what + ": " + e.getMessage());
    }
  }

  /** Raw 8-byte little-endian double (ZSET_2 scores). */
  double readBinaryDouble(String what) throws IOException {
    return Double.longBitsToDouble(readLittleEndian(8, what));
  }

  /**
   * An old-style textual double (ZSET type 3): a length byte, where 253, 254 and 255 stand for NaN,
   * +inf and -inf, followed by that many ASCII characters.
   */
  double readTextDouble(String what) throws IOException {
    int len = readByte(what);
    switch (len) {
      case 253:
        return Double.NaN;
      case 254:
        return Double.POSITIVE_INFINITY;
      case 255:
        return Double.NEGATIVE_INFINITY;
      default:
        long at = offset;
        byte[] text = readBytes(len, what);
        Double d = parseScore(text);
        if (d == null) {
          throw new RdbFormatException(at, "invalid " + what + " '" + ascii(text) + "'");
        }
        return d;
    }
  }

  /** A score as text: what strtod accepts, including inf and nan; null when not a number. */
  static Double parseScore(byte[] text) {
    String s = ascii(text).trim();
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan", "+nan", "-nan":
        return Double.NaN;
      default:
        break;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
        return null;
      }
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String ascii(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }
}
