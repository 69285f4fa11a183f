package io.banyan.node.persistence.rdb;

/**
 * The intset blob Redis stores integer-only sets in: encoding width (uint32 LE: 2, 4 or 8), count
 * (uint32 LE), then the values in ascending order, little-endian, all in that width.
 */
public final class Intset {
  private static final int HEADER_SIZE = 8;

  private Intset() {}

  /** The intset of {@code count} values sorted ascending, in the narrowest width that fits all. */
  public static byte[] encode(long[] sorted, int count) {
    int width = 2;
    for (int i = 0; i < count; i++) {
      width = Math.max(width, widthOf(sorted[i]));
    }
    byte[] out = new byte[HEADER_SIZE + count * width];
    put(out, 0, width, 4);
    put(out, 4, count, 4);
    for (int i = 0; i < count; i++) {
      put(out, HEADER_SIZE + i * width, sorted[i], width);
    }
    return out;
  }

  private static int widthOf(long v) {
    if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      return 2;
    }
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
  }

  private static void put(byte[] b, int at, long v, int width) {
    for (int i = 0; i < width; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  /**
   * Decodes and validates an intset: a known width, a size matching the count, at least one value,
   * values strictly ascending.
   *
   * @throws IllegalArgumentException describing the first inconsistency
   */
  public static long[] decode(byte[] blob) {
    if (blob.length < HEADER_SIZE) {
      throw new IllegalArgumentException("intset shorter than its header");
    }
    long width = Listpack.readLittleEndian(blob, 0, 4);
    if (width != 2 && width != 4 && width != 8) {
      throw new IllegalArgumentException("intset has invalid encoding " + width);
    }
    long count = Listpack.readLittleEndian(blob, 4, 4);
    if (HEADER_SIZE + count * width != blob.length) {
      throw new IllegalArgumentException("intset size does not match its count");
    }
    if (count == 0) {
      throw new IllegalArgumentException("intset is empty");
    }
    long[] values = new long[(int) count];
    int shift = 64 - 8 * (int) width;
    for (int i = 0; i < count; i++) {
      long raw = Listpack.readLittleEndian(blob, HEADER_SIZE + i * (int) width, (int) width);
      values[i] = (raw << shift) >> shift;
      if (i > 0 && values[i] <= values[i - 1]) {
        throw new IllegalArgumentException("intset values are not strictly ascending");
      }
    }
    return values;
  }
}
