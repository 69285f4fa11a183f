package io.banyan.node.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Helpers for the byte-array keys and values the store keeps: hashing, comparison, conversion. */
public final class Bytes {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long SEED = 0x9E3779B97F4A7C15L;
  public static final byte[] EMPTY = new byte[0];

  private Bytes() {}

  /** A fast, well-mixed 32-bit hash of the whole array (reads eight bytes at a time). */
  public static int hash(byte[] b) {
    long h = SEED ^ (b.length * 0xC2B2AE3D27D4EB4FL);
    int i = 0;
    int n = b.length;
    for (; i + 8 <= n; i += 8) {
      long k = (long) LONG_LE.get(b, i);
      h = Long.rotateLeft(h ^ mix(k), 27) * 0x9FB21C651E98DF25L + 0x52DCE729L;
    }
    long tail = 0;
    for (int shift = 0; i < n; i++, shift += 8) {
      tail |= (b[i] & 0xFFL) << shift;
    }
    h ^= mix(tail);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) h;
  }

  private static long mix(long k) {
    k *= 0x87C37B91114253D5L;
    k = Long.rotateLeft(k, 31);
    return k * 0x4CF5AD432745937FL;
  }

  public static boolean equal(byte[] a, byte[] b) {
    return a.length == b.length && Arrays.equals(a, b);
  }

  /** Unsigned lexicographic comparison, as Redis's memcmp-based ordering. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** ASCII-lowercases into a String; for command names and option keywords. */
  public static String lower(byte[] b) {
    char[] c = new char[b.length];
    for (int i = 0; i < b.length; i++) {
      int ch = b[i] & 0xFF;
      c[i] = (char) (ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    return new String(c);
  }

  /** Case-insensitive comparison of an argument with an ASCII keyword given in lower case. */
  public static boolean is(byte[] arg, String lowerKeyword) {
    int n = lowerKeyword.length();
    if (arg.length != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      int ch = arg[i] & 0xFF;
      if (ch >= 'A' && ch <= 'Z') {
        ch += 32;
      }
      if (ch != lowerKeyword.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static final byte[][] SMALL_INTS = new byte[10_000][];

  static {
    for (int i = 0; i < SMALL_INTS.length; i++) {
      SMALL_INTS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  /** Decimal text of a long; small non-negative values come from a shared table. */
  public static byte[] fromLong(long v) {
    if (v >= 0 && v < SMALL_INTS.length) {
      return SMALL_INTS[(int) v];
    }
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses a strict decimal long as Redis's string2ll does: optional '-', no '+', no leading zeros,
   * no spaces, within range. Returns {@code null} when the text is not such a number.
   */
  public static Long parseLong(byte[] b) {
    int n = b.length;
    if (n == 0 || n > 20) {
      return null;
    }
    int i = 0;
    boolean negative = false;
    if (b[0] == '-') {
      negative = true;
      i = 1;
      if (n == 1) {
        return null;
      }
    }
    if (b[i] == '0') {
      return (n == 1) ? 0L : null;
    }
    long result = 0;
    for (; i < n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      // Accumulate negatively so Long.MIN_VALUE is representable.
      if (result < (Long.MIN_VALUE + d) / 10 || (result == Long.MIN_VALUE / 10 && d > 8)) {
        return null;
      }
      result = result * 10 - d;
      if (result > 0) {
        return null;
      }
    }
    if (!negative) {
      if (result == Long.MIN_VALUE) {
        return null;
      }
      return -result;
    }
    return result;
  }

  /** True when the bytes are exactly the canonical decimal form of some long. */
  public static boolean isCanonicalLong(byte[] b) {
    return parseLong(b) != null;
  }
}
