package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Bit-level helpers over strings: offsets, ranges, counting, searching, combining. */
final class Bits {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final CommandException BAD_OFFSET =
      Errors.err("bit offset is not an integer or out of range");

  private Bits() {}

  /**
   * A bit offset argument: a non-negative integer whose byte lies within proto-max-bulk-len. With
   * {@code allowHash}, {@code #n} means n times {@code width} (BITFIELD's type-sized offsets).
   */
  static long offset(Client c, byte[] arg, boolean allowHash, int width) {
    boolean hash = allowHash && width > 0 && arg.length > 1 && arg[0] == '#';
    byte[] digits = hash ? Arrays.copyOfRange(arg, 1, arg.length) : arg;
    Long v = Bytes.parseLong(digits);
    if (v == null) {
      throw BAD_OFFSET;
    }
    long offset = hash ? v * width : v; // wraps on overflow as Redis's does; then range-checked
    long maxBytes =
        c.isMaster() ? StringWrites.MAX_ARRAY_BYTES : c.engine().config().protoMaxBulkLen;
    maxBytes = Math.min(maxBytes, StringWrites.MAX_ARRAY_BYTES);
    if (offset < 0 || (offset >>> 3) >= maxBytes) {
      throw BAD_OFFSET;
    }
    return offset;
  }

  static boolean get(byte[] v, long bit) {
    long index = bit >>> 3;
    return index < v.length && (v[(int) index] & (0x80 >>> (int) (bit & 7))) != 0;
  }

  /**
   * Converts a BITCOUNT/BITPOS range to inclusive bit positions: negative values count from the
   * end, both ends are clamped into the string, and a BYTE range covers whole bytes. The result may
   * be empty (start after end).
   */
  static long[] range(int length, long start, long end, boolean bitUnits) {
    long total = bitUnits ? (long) length * 8 : length;
    if (start < 0) {
      start = total + start;
    }
    if (end < 0) {
      end = total + end;
    }
    start = Math.max(start, 0);
    end = Math.max(end, 0);
    end = Math.min(end, total - 1);
    if (bitUnits) {
      return new long[] {start, end};
    }
    return new long[] {start * 8, end * 8 + 7};
  }

  /** Set bits in the inclusive bit range (non-empty, within the string). */
  static long count(byte[] v, long startBit, long endBit) {
    int first = (int) (startBit >>> 3);
    int last = (int) (endBit >>> 3);
    long n = countBytes(v, first, last + 1);
    // Remove the bits of the edge bytes that lie outside the range.
    int headMask = 0xFF << (8 - (int) (startBit & 7)) & 0xFF;
    int tailMask = 0xFF >>> (1 + (int) (endBit & 7));
    n -= Integer.bitCount(v[first] & headMask);
    n -= Integer.bitCount(v[last] & tailMask);
    return n;
  }

  private static long countBytes(byte[] v, int from, int to) {
    long n = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      n += Long.bitCount((long) LONG_BE.get(v, i));
    }
    for (; i < to; i++) {
      n += Integer.bitCount(v[i] & 0xFF);
    }
    return n;
  }

  /** The first bit equal to {@code wanted} in the inclusive bit range, or -1. */
  static long find(byte[] v, long startBit, long endBit, boolean wanted) {
    int skip = wanted ? 0 : 0xFF; // a byte with nothing of interest
    long bit = startBit;
    // Partial first byte, bit by bit.
    while (bit <= endBit && (bit & 7) != 0) {
      if (get(v, bit) == wanted) {
        return bit;
      }
      bit++;
    }
    // Whole bytes.
    int i = (int) (bit >>> 3);
    int lastWhole = (int) ((endBit + 1) >>> 3); // exclusive
    long skipWord = wanted ? 0L : -1L;
    while (i + 8 <= lastWhole && (long) LONG_BE.get(v, i) == skipWord) {
      i += 8;
    }
    while (i < lastWhole && (v[i] & 0xFF) == skip) {
      i++;
    }
    if (i < lastWhole) {
      int b = wanted ? v[i] & 0xFF : ~v[i] & 0xFF;
      return (long) i * 8 + Integer.numberOfLeadingZeros(b) - 24;
    }
    // Partial last byte.
    for (bit = Math.max(bit, (long) lastWhole * 8); bit <= endBit; bit++) {
      if (get(v, bit) == wanted) {
        return bit;
      }
    }
    return -1;
  }

  /** BITOP: combines sources (shorter ones padded with zero bytes) into maxLength bytes. */
  static byte[] combine(char op, byte[][] sources, int maxLength) {
    byte[] out = new byte[maxLength];
    byte[] first = sources[0];
    System.arraycopy(first, 0, out, 0, first.length);
    if (op == '~') {
      for (int i = 0; i < maxLength; i++) {
        out[i] = (byte) ~out[i];
      }
      return out;
    }
    for (int s = 1; s < sources.length; s++) {
      byte[] src = sources[s];
      int n = src.length;
      switch (op) {
        case '&' -> {
          for (int i = 0; i < n; i++) {
            out[i] &= src[i];
          }
          Arrays.fill(out, n, maxLength, (byte) 0);
        }
        case '|' -> {
          for (int i = 0; i < n; i++) {
            out[i] |= src[i];
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            out[i] ^= src[i];
          }
        }
      }
    }
    return out;
  }
}
