package io.banyan.node.persistence.rdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The CRC-64 that Redis stores at the end of RDB files and DUMP payloads: the Jones polynomial
 * ({@code 0xad93d23594c935a9}), reflected input and output, initial value 0, no final xor. The
 * check value of {@code "123456789"} is {@code 0xe9c6d914c4b8d9ca}.
 *
 * <p>Computed eight bytes at a time with slicing tables, so checksumming a multi-gigabyte snapshot
 * costs little next to writing it. Stateless: callers carry the running value.
 */
public final class Crc64 {
  private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
  private static final long[][] TABLES = new long[8][256];
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int bit = 0; bit < 8; bit++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
      }
      TABLES[0][i] = c;
    }
    for (int k = 1; k < 8; k++) {
      for (int i = 0; i < 256; i++) {
        long prev = TABLES[k - 1][i];
        TABLES[k][i] = (prev >>> 8) ^ TABLES[0][(int) (prev & 0xFF)];
      }
    }
  }

  private Crc64() {}

  /** The CRC of {@code len} bytes of {@code b} from {@code off}, continuing from {@code crc}. */
  public static long update(long crc, byte[] b, int off, int len) {
    long[] t0 = TABLES[0];
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      crc ^= (long) LONG_LE.get(b, i);
      crc =
          TABLES[7][(int) (crc & 0xFF)]
              ^ TABLES[6][(int) ((crc >>> 8) & 0xFF)]
              ^ TABLES[5][(int) ((crc >>> 16) & 0xFF)]
              ^ TABLES[4][(int) ((crc >>> 24) & 0xFF)]
              ^ TABLES[3][(int) ((crc >>> 32) & 0xFF)]
              ^ TABLES[2][(int) ((crc >>> 40) & 0xFF)]
              ^ TABLES[1][(int) ((crc >>> 48) & 0xFF)]
              ^ t0[(int) (crc >>> 56)];
    }
    for (; i < end; i++) {
      crc = t0[(int) ((crc ^ b[i]) & 0xFF)] ^ (crc >>> 8);
    }
    return crc;
  }

  /** The CRC of one byte, continuing from {@code crc}. */
  public static long update(long crc, int b) {
    return TABLES[0][(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
  }

  /** The CRC of a whole array. */
  public static long of(byte[] b) {
    return update(0, b, 0, b.length);
  }
}
