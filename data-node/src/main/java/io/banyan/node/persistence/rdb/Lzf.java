package io.banyan.node.persistence.rdb;

import java.util.Arrays;

/**
 * LZF compression as Redis uses it for long strings in RDB files and DUMP payloads.
 *
 * <p>The compressor makes the same choices as the liblzf build inside Redis (16-bit hash table, the
 * "very fast" re-seeding after a match, a match never referring to the first input byte), so for
 * the same input it normally produces the same bytes, which keeps our DUMP output comparable with
 * Redis's. (Redis does not clear its hash table between calls, so in rare cases it finds a
 * different match than a fresh table would; the output is valid LZF either way.)
 *
 * <p>Compressed format: {@code 000LLLLL} + L+1 literal bytes; {@code LLLooooo oooooooo} a
 * back-reference of L+2 bytes at distance o+1; {@code 111ooooo LLLLLLLL oooooooo} a long
 * back-reference of L+9 bytes.
 *
 * <p>An instance keeps a reusable hash table, so it is not thread-safe: use one per thread (each
 * snapshot or command thread owns its encoder).
 */
public final class Lzf {
  private static final int HLOG = 16;
  private static final int HSIZE = 1 << HLOG;
  private static final int MAX_LIT = 1 << 5;
  private static final int MAX_OFF = 1 << 13;
  private static final int MAX_REF = (1 << 8) + (1 << 3);

  /**
   * Positions seen in the current call, stored as {@code base + position + 1} so that entries left
   * by earlier calls (at most {@code base}) read as empty without clearing the table.
   */
  private int[] table;

  private int base;

  /**
   * Compresses {@code in[0, inLen)} into at most {@code outLimit} bytes.
   *
   * @return the compressed bytes, or null when the output would not fit in {@code outLimit} bytes
   *     (which is how callers learn that compression does not pay)
   */
  public byte[] compress(byte[] in, int inLen, int outLimit) {
    if (inLen == 0 || outLimit <= 0) {
      return null;
    }
    if (table == null) {
      table = new int[HSIZE]; // allocated on first use: most encoders never compress
    } else if (base > Integer.MAX_VALUE - inLen - 2) {
      Arrays.fill(table, 0);
      base = 0;
    }
    byte[] out = new byte[outLimit + 8]; // slack: the run header may be reserved past the limit
    int n = compressInto(in, inLen, out, outLimit);
    base += inLen + 1;
    return n == 0 ? null : Arrays.copyOf(out, n);
  }

  private int lookupAndStore(int hval, int ip) {
    int slot = index(hval);
    int stored = table[slot];
    table[slot] = base + ip + 1;
    return stored > base ? stored - base - 1 : -1;
  }

  private void store(int hval, int ip) {
    table[index(hval)] = base + ip + 1;
  }

  private static int index(int h) {
    return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
  }

  private int compressInto(byte[] in, int inLen, byte[] out, int outEnd) {
    int ip = 0;
    int op = 1; // out[0] is the header of the first literal run
    int lit = 0;
    int hval = inLen >= 2 ? ((in[0] & 0xFF) << 8) | (in[1] & 0xFF) : 0;
    while (ip < inLen - 2) {
      hval = (hval << 8) | (in[ip + 2] & 0xFF);
      int ref = lookupAndStore(hval, ip);
      int off = ip - ref - 1;
      if (ref > 0
          && off < MAX_OFF
          && ip + 4 < inLen
          && in[ref] == in[ip]
          && in[ref + 1] == in[ip + 1]
          && in[ref + 2] == in[ip + 2]) {
        int len = matchLength(in, inLen, ip, ref);
        out[op - lit - 1] = (byte) (lit - 1); // close the literal run
        if (lit == 0) {
          op--; // an empty run takes no header
        }
        if (op + 3 + 1 >= outEnd) {
          return 0;
        }
        len -= 2; // stored as (matched bytes - 2)
        ip++;
        if (len < 7) {
          out[op++] = (byte) ((off >> 8) + (len << 5));
        } else {
          out[op++] = (byte) ((off >> 8) + (7 << 5));
          out[op++] = (byte) (len - 7);
        }
        out[op++] = (byte) off;
        lit = 0;
        op++; // header of the next literal run
        ip += len + 1;
        if (ip >= inLen - 2) {
          break;
        }
        // Re-seed the table with the last two positions of the match.
        ip -= 2;
        hval = ((in[ip] & 0xFF) << 8) | (in[ip + 1] & 0xFF);
        hval = (hval << 8) | (in[ip + 2] & 0xFF);
        store(hval, ip);
        ip++;
        hval = (hval << 8) | (in[ip + 2] & 0xFF);
        store(hval, ip);
        ip++;
      } else {
        if (op >= outEnd) {
          return 0;
        }
        lit++;
        out[op++] = in[ip++];
        if (lit == MAX_LIT) {
          out[op - lit - 1] = (byte) (lit - 1);
          lit = 0;
          op++;
        }
      }
    }
    if (op + 3 > outEnd) {
      return 0;
    }
    while (ip < inLen) {
      lit++;
      out[op++] = in[ip++];
      if (lit == MAX_LIT) {
        out[op - lit - 1] = (byte) (lit - 1);
        lit = 0;
        op++;
      }
    }
    out[op - lit - 1] = (byte) (lit - 1);
    if (lit == 0) {
      op--;
    }
    return op;
  }

  /**
   * Bytes matching at {@code ref} and {@code ip}, the first three known equal. Mirrors liblzf's
   * unrolled loop exactly, including that it may run a little past its nominal maximum near the end
   * of the input (the bytes it counts are still compared and equal).
   */
  private static int matchLength(byte[] in, int inLen, int ip, int ref) {
    int len = 2;
    int maxlen = Math.min(inLen - ip - len, MAX_REF);
    if (maxlen > 16) {
      for (int k = 0; k < 16; k++) {
        len++;
        if (in[ref + len] != in[ip + len]) {
          return len;
        }
      }
    }
    do {
      len++;
    } while (len < maxlen && in[ref + len] == in[ip + len]);
    return len;
  }

  /**
   * Decompresses {@code in} into exactly {@code outLen} bytes.
   *
   * @throws IllegalArgumentException when the data is not valid LZF or does not expand to exactly
   *     {@code outLen} bytes
   */
  public static byte[] decompress(byte[] in, int outLen) {
    byte[] out = new byte[outLen];
    int ip = 0;
    int op = 0;
    int inEnd = in.length;
    while (ip < inEnd) {
      int ctrl = in[ip++] & 0xFF;
      if (ctrl < 32) {
        int len = ctrl + 1;
        if (op + len > outLen) {
          throw new IllegalArgumentException("LZF literal run overflows the output");
        }
        if (ip + len > inEnd) {
          throw new IllegalArgumentException("LZF literal run is truncated");
        }
        System.arraycopy(in, ip, out, op, len);
        ip += len;
        op += len;
      } else {
        int len = ctrl >>> 5;
        int ref = op - ((ctrl & 0x1F) << 8) - 1;
        if (ip >= inEnd) {
          throw new IllegalArgumentException("LZF back-reference is truncated");
        }
        if (len == 7) {
          len += in[ip++] & 0xFF;
          if (ip >= inEnd) {
            throw new IllegalArgumentException("LZF back-reference is truncated");
          }
        }
        ref -= in[ip++] & 0xFF;
        len += 2;
        if (op + len > outLen) {
          throw new IllegalArgumentException("LZF back-reference overflows the output");
        }
        if (ref < 0) {
          throw new IllegalArgumentException("LZF back-reference points before the start");
        }
        for (int i = 0; i < len; i++) {
          out[op++] = out[ref++]; // byte by byte: source and target may overlap
        }
      }
    }
    if (op != outLen) {
      throw new IllegalArgumentException(
          "LZF data expands to " + op + " bytes, expected " + outLen);
    }
    return out;
  }

  /** The most bytes {@code compressedLength} bytes of LZF can expand to (a long back-reference). */
  public static long maxExpansion(long compressedLength) {
    return compressedLength / 3 * (MAX_REF + 1) + 2 * (MAX_REF + 1);
  }
}
