package io.banyan.node.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ziplist blobs of RDB files written by Redis before 7.0 (small lists, hashes and sorted
 * sets, and the nodes of version-14 quicklists). Redis 7.0 converts them on load and never writes
 * them, so there is no encoder.
 *
 * <p>Layout: total bytes (uint32 LE), offset of the last entry (uint32 LE), entry count (uint16 LE,
 * 65535 when unknown), entries, 0xFF. Each entry: the previous entry's size (1 byte, or 0xFE and a
 * uint32 LE), an encoding (string lengths of 6, 14 or 32 bits; integers of 8 to 64 bits; or a small
 * immediate 0..12), then the data.
 */
public final class Ziplist {
  private static final int HEADER_SIZE = 10;
  private static final int END = 0xFF;
  private static final int BIG_PREVLEN = 0xFE;

  private Ziplist() {}

  /**
   * Decodes and fully validates a ziplist: header fields, every entry's bounds and previous-entry
   * length, the tail offset, the count and the terminator.
   *
   * @throws IllegalArgumentException describing the first inconsistency
   */
  public static List<byte[]> decode(byte[] zl) {
    if (zl.length < HEADER_SIZE + 1) {
      throw new IllegalArgumentException("ziplist shorter than its header");
    }
    if (Listpack.readLittleEndian(zl, 0, 4) != zl.length) {
      throw new IllegalArgumentException("ziplist header size does not match the blob");
    }
    long tail = Listpack.readLittleEndian(zl, 4, 4);
    int declared = (int) Listpack.readLittleEndian(zl, 8, 2);
    int end = zl.length - 1;
    if ((zl[end] & 0xFF) != END) {
      throw new IllegalArgumentException("ziplist does not end with 0xFF");
    }
    List<byte[]> out = new ArrayList<>(Math.min(declared, 1024));
    int p = HEADER_SIZE;
    int prevSize = 0;
    int lastStart = HEADER_SIZE;
    while (p < end) {
      int start = p;
      long prevlen;
      if ((zl[p] & 0xFF) < BIG_PREVLEN) {
        prevlen = zl[p] & 0xFF;
        p += 1;
      } else if ((zl[p] & 0xFF) == BIG_PREVLEN) {
        need(p, 5, end);
        prevlen = Listpack.readLittleEndian(zl, p + 1, 4);
        p += 5;
      } else {
        throw new IllegalArgumentException("ziplist entry starts with 0xFF");
      }
      if (prevlen != prevSize) {
        throw new IllegalArgumentException("ziplist previous-entry length is inconsistent");
      }
      need(p, 1, end);
      int enc = zl[p] & 0xFF;
      byte[] element;
      switch (enc >>> 6) {
        case 0 -> {
          element = slice(zl, p + 1, enc & 0x3F, end);
          p += 1 + element.length;
        }
        case 1 -> {
          need(p, 2, end);
          element = slice(zl, p + 2, ((enc & 0x3F) << 8) | (zl[p + 1] & 0xFF), end);
          p += 2 + element.length;
        }
        case 2 -> {
          need(p, 5, end);
          long len = 0;
          for (int i = 1; i <= 4; i++) {
            len = (len << 8) | (zl[p + i] & 0xFF);
          }
          if (len > end - p - 5) {
            throw new IllegalArgumentException("ziplist string runs past the end");
          }
          element = slice(zl, p + 5, (int) len, end);
          p += 5 + (int) len;
        }
        default -> {
          int width =
              switch (enc) {
                case 0xC0 -> 2;
                case 0xD0 -> 4;
                case 0xE0 -> 8;
                case 0xF0 -> 3;
                case 0xFE -> 1;
                default -> {
                  if (enc >= 0xF1 && enc <= 0xFD) {
                    yield 0;
                  }
                  throw new IllegalArgumentException(
                      "invalid ziplist entry encoding 0x" + Integer.toHexString(enc));
                }
              };
          need(p, 1 + width, end);
          long v;
          if (width == 0) {
            v = (enc & 0x0F) - 1;
          } else {
            int shift = 64 - 8 * width;
            v = (Listpack.readLittleEndian(zl, p + 1, width) << shift) >> shift;
          }
          element = Listpack.decimal(v);
          p += 1 + width;
        }
      }
      prevSize = p - start;
      lastStart = start;
      out.add(element);
    }
    if (tail != lastStart) {
      throw new IllegalArgumentException("ziplist tail offset does not point at the last entry");
    }
    if (declared != 65535 && declared != out.size()) {
      throw new IllegalArgumentException(
          "ziplist header counts " + declared + " entries, found " + out.size());
    }
    return out;
  }

  private static void need(int p, int n, int end) {
    if (p + n > end) {
      throw new IllegalArgumentException("ziplist entry runs past the end");
    }
  }

  private static byte[] slice(byte[] zl, int from, int len, int end) {
    if (from + len > end) {
      throw new IllegalArgumentException("ziplist string runs past the end");
    }
    byte[] s = new byte[len];
    System.arraycopy(zl, from, s, 0, len);
    return s;
  }
}
