package io.banyan.node.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the zipmap blobs that Redis 2.x used for small hashes (RDB type 9); Redis 7.0 still loads
 * them. Layout: a count byte (254 or more: unknown), then per field a length, the field, a length,
 * a "free" byte, the value and that many unused bytes; 0xFF ends the map. Lengths are one byte
 * below 254, else 254 followed by a uint32 LE.
 */
public final class Zipmap {
  private static final int BIGLEN = 254;
  private static final int END = 255;

  private Zipmap() {}

  /**
   * Decodes and validates a zipmap into field, value, field, value... order.
   *
   * @throws IllegalArgumentException describing the first inconsistency
   */
  public static List<byte[]> decode(byte[] zm) {
    if (zm.length < 2) {
      throw new IllegalArgumentException("zipmap shorter than its header");
    }
    int declared = zm[0] & 0xFF;
    List<byte[]> out = new ArrayList<>();
    int[] p = {1};
    while (true) {
      if (p[0] >= zm.length) {
        throw new IllegalArgumentException("zipmap is not terminated");
      }
      if ((zm[p[0]] & 0xFF) == END) {
        p[0]++;
        break;
      }
      out.add(slice(zm, p, readLength(zm, p)));
      if (p[0] >= zm.length || (zm[p[0]] & 0xFF) == END) {
        throw new IllegalArgumentException("zipmap field without a value");
      }
      int valueLen = readLength(zm, p);
      if (p[0] >= zm.length) {
        throw new IllegalArgumentException("zipmap value runs past the end");
      }
      int free = zm[p[0]++] & 0xFF;
      out.add(slice(zm, p, valueLen));
      if ((long) p[0] + free > zm.length) {
        throw new IllegalArgumentException("zipmap padding runs past the end");
      }
      p[0] += free;
    }
    if (p[0] != zm.length) {
      throw new IllegalArgumentException("zipmap has bytes after its end marker");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("zipmap is empty");
    }
    if (declared < BIGLEN && declared != out.size() / 2) {
      throw new IllegalArgumentException("zipmap header count does not match its fields");
    }
    return out;
  }

  private static int readLength(byte[] zm, int[] p) {
    int first = zm[p[0]] & 0xFF;
    if (first < BIGLEN) {
      p[0]++;
      return first;
    }
    if (first == END || p[0] + 5 > zm.length) {
      throw new IllegalArgumentException("zipmap length runs past the end");
    }
    long len = Listpack.readLittleEndian(zm, p[0] + 1, 4);
    p[0] += 5;
    if (len > zm.length) {
      throw new IllegalArgumentException("zipmap length runs past the end");
    }
    return (int) len;
  }

  private static byte[] slice(byte[] zm, int[] p, int len) {
    if ((long) p[0] + len > zm.length) {
      throw new IllegalArgumentException("zipmap string runs past the end");
    }
    byte[] s = new byte[len];
    System.arraycopy(zm, p[0], s, 0, len);
    p[0] += len;
    return s;
  }
}
