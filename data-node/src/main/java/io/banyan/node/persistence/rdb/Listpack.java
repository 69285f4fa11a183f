package io.banyan.node.persistence.rdb;

import io.banyan.node.store.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The listpack blob Redis 7.0 stores small hashes, sorted sets and list nodes in, byte for byte.
 *
 * <p>Layout: total bytes (uint32 LE), element count (uint16 LE, 65535 when too many to count), the
 * entries, and a 0xFF terminator. Each entry is an encoding byte (plus length or value bytes)
 * followed by a "backlen" giving the entry's size for backwards traversal. Strings that are the
 * canonical text of a 64-bit integer are stored as integers in the smallest of seven widths.
 */
public final class Listpack {
  static final int HEADER_SIZE = 6;
  static final int EOF = 0xFF;
  static final int UNKNOWN_COUNT = 65535;

  /** Bytes of an empty listpack: header and terminator. */
  static final int EMPTY_SIZE = HEADER_SIZE + 1;

  private final RdbBuffer buf = new RdbBuffer(64);
  private int count;

  public Listpack() {
    buf.writeLittleEndian(0, HEADER_SIZE); // patched by bytes()
  }

  /** Number of entries appended. */
  public int count() {
    return count;
  }

  /** Size in bytes the listpack has with the entries so far (what lpBytes reports). */
  public int byteSize() {
    return buf.size() + 1;
  }

  /** Appends an element, as an integer when it is the canonical text of one. */
  public Listpack append(byte[] element) {
    Long v = Bytes.parseLong(element);
    int start = buf.size();
    if (v != null) {
      writeInt(v);
    } else {
      writeString(element);
    }
    writeBacklen(buf, buf.size() - start);
    count++;
    return this;
  }

  /** Appends an integer entry. */
  public Listpack appendInteger(long v) {
    int start = buf.size();
    writeInt(v);
    writeBacklen(buf, buf.size() - start);
    count++;
    return this;
  }

  /** The complete listpack. */
  public byte[] bytes() {
    byte[] out = new byte[buf.size() + 1];
    System.arraycopy(buf.array(), 0, out, 0, buf.size());
    out[buf.size()] = (byte) EOF;
    putLittleEndian(out, 0, out.length, 4);
    putLittleEndian(out, 4, Math.min(count, UNKNOWN_COUNT), 2);
    return out;
  }

  private static void putLittleEndian(byte[] b, int at, long v, int width) {
    for (int i = 0; i < width; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  private void writeInt(long v) {
    if (v >= 0 && v <= 127) {
      buf.write((int) v);
    } else if (v >= -4096 && v <= 4095) {
      int u = (int) (v < 0 ? (1 << 13) + v : v);
      buf.write((u >>> 8) | 0xC0);
      buf.write(u & 0xFF);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      buf.write(0xF1);
      buf.writeLittleEndian(v, 2);
    } else if (v >= -(1 << 23) && v <= (1 << 23) - 1) {
      buf.write(0xF2);
      buf.writeLittleEndian(v, 3);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      buf.write(0xF3);
      buf.writeLittleEndian(v, 4);
    } else {
      buf.write(0xF4);
      buf.writeLittleEndian(v, 8);
    }
  }

  private void writeString(byte[] s) {
    int len = s.length;
    if (len < 64) {
      buf.write(0x80 | len);
    } else if (len < 4096) {
      buf.write(0xE0 | (len >>> 8));
      buf.write(len & 0xFF);
    } else {
      buf.write(0xF0);
      buf.writeLittleEndian(len, 4);
    }
    buf.write(s);
  }

  /** Writes the entry length in 1 to 5 bytes of 7 bits, most significant first, as Redis does. */
  private static void writeBacklen(RdbBuffer out, long l) {
    int n = backlenSize(l);
    for (int i = n - 1; i >= 0; i--) {
      int bits = (int) ((l >>> (7 * i)) & 127);
      // every byte after the most significant one carries the continuation bit
      out.write(i == n - 1 ? bits : bits | 128);
    }
  }

  /** Bytes the backlen of an entry of {@code l} bytes takes (Redis's boundaries, kept as is). */
  static int backlenSize(long l) {
    if (l <= 127) {
      return 1;
    } else if (l < 16383) {
      return 2;
    } else if (l < 2097151) {
      return 3;
    } else if (l < 268435455) {
      return 4;
    }
    return 5;
  }

  /** Bytes that appending {@code element} adds to a listpack, without building it. */
  static int entrySize(byte[] element) {
    Long v = Bytes.parseLong(element);
    int encoded;
    if (v != null) {
      long x = v;
      if (x >= 0 && x <= 127) {
        encoded = 1;
      } else if (x >= -4096 && x <= 4095) {
        encoded = 2;
      } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
        encoded = 3;
      } else if (x >= -(1 << 23) && x <= (1 << 23) - 1) {
        encoded = 4;
      } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
        encoded = 5;
      } else {
        encoded = 9;
      }
    } else {
      int len = element.length;
      encoded = len + (len < 64 ? 1 : len < 4096 ? 2 : 5);
    }
    return encoded + backlenSize(encoded);
  }

  // ---- decoding ------------------------------------------------------------------------------

  /**
   * Decodes and fully validates a listpack: header size and count, every entry's encoding and
   * backlen, and the terminator. Integers come back as their decimal text in fresh arrays.
   *
   * @throws IllegalArgumentException describing the first inconsistency
   */
  public static List<byte[]> decode(byte[] lp) {
    if (lp.length < EMPTY_SIZE) {
      throw new IllegalArgumentException("listpack shorter than its header");
    }
    long total = readLittleEndian(lp, 0, 4);
    if (total != lp.length) {
      throw new IllegalArgumentException(
          "listpack header says " + total + " bytes, blob has " + lp.length);
    }
    int declared = (int) readLittleEndian(lp, 4, 2);
    int end = lp.length - 1;
    if ((lp[end] & 0xFF) != EOF) {
      throw new IllegalArgumentException("listpack does not end with 0xFF");
    }
    List<byte[]> out = new ArrayList<>(Math.min(declared, 1024));
    int p = HEADER_SIZE;
    while (p < end) {
      int start = p;
      int enc = lp[p] & 0xFF;
      byte[] element;
      if ((enc & 0x80) == 0) {
        element = decimal(enc);
        p += 1;
      } else if ((enc & 0xC0) == 0x80) {
        int len = enc & 0x3F;
        element = slice(lp, p + 1, len, end);
        p += 1 + len;
      } else if ((enc & 0xE0) == 0xC0) {
        need(lp, p, 2, end);
        int u = ((enc & 0x1F) << 8) | (lp[p + 1] & 0xFF);
        element = decimal(u >= (1 << 12) ? u - (1 << 13) : u);
        p += 2;
      } else if ((enc & 0xF0) == 0xE0) {
        need(lp, p, 2, end);
        int len = ((enc & 0x0F) << 8) | (lp[p + 1] & 0xFF);
        element = slice(lp, p + 2, len, end);
        p += 2 + len;
      } else {
        switch (enc) {
          case 0xF0 -> {
            need(lp, p, 5, end);
            long len = readLittleEndian(lp, p + 1, 4);
            if (len > end - p - 5) {
              throw new IllegalArgumentException("listpack string runs past the end");
            }
            element = slice(lp, p + 5, (int) len, end);
            p += 5 + (int) len;
          }
          case 0xF1 -> {
            element = decimal(signed(lp, p, 2, end));
            p += 3;
          }
          case 0xF2 -> {
            element = decimal(signed(lp, p, 3, end));
            p += 4;
          }
          case 0xF3 -> {
            element = decimal(signed(lp, p, 4, end));
            p += 5;
          }
          case 0xF4 -> {
            element = decimal(signed(lp, p, 8, end));
            p += 9;
          }
          default ->
              throw new IllegalArgumentException(
                  "invalid listpack entry encoding 0x" + Integer.toHexString(enc));
        }
      }
      int entryLen = p - start;
      int backlen = backlenSize(entryLen);
      if (p + backlen > end || readBacklen(lp, p, backlen) != entryLen) {
        throw new IllegalArgumentException("listpack entry back-length is inconsistent");
      }
      p += backlen;
      out.add(element);
    }
    if (declared != UNKNOWN_COUNT && declared != out.size()) {
      throw new IllegalArgumentException(
          "listpack header counts " + declared + " entries, found " + out.size());
    }
    return out;
  }

  private static long readBacklen(byte[] lp, int at, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      int b = lp[at + i] & 0xFF;
      boolean continued = i > 0;
      if (continued != ((b & 128) != 0)) {
        return -1;
      }
      v = (v << 7) | (b & 127);
    }
    return v;
  }

  private static void need(byte[] lp, int p, int n, int end) {
    if (p + n > end) {
      throw new IllegalArgumentException("listpack entry runs past the end");
    }
  }

  private static long signed(byte[] lp, int p, int width, int end) {
    need(lp, p, 1 + width, end);
    long v = readLittleEndian(lp, p + 1, width);
    int shift = 64 - 8 * width;
    return (v << shift) >> shift;
  }

  private static byte[] slice(byte[] lp, int from, int len, int end) {
    if (from + len > end) {
      throw new IllegalArgumentException("listpack string runs past the end");
    }
    byte[] s = new byte[len];
    System.arraycopy(lp, from, s, 0, len);
    return s;
  }

  static long readLittleEndian(byte[] b, int at, int width) {
    long v = 0;
    for (int i = width - 1; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  /** Decimal text of v in a new array (never a shared one: loaded strings may be edited). */
  static byte[] decimal(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }
}
