package io.banyan.node.persistence.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Compares DUMP payloads the way they can be compared with Redis's. Byte equality is expected, but
 * Redis's LZF compressor does not clear its hash table between calls, so a stale entry pointing
 * into reused memory can make it find a different (equally valid) match: the compressed bytes then
 * differ while everything else is the same. This class tokenises a payload, with each LZF blob
 * replaced by what it expands to, so that such payloads still compare equal, and any other
 * difference (layout, encodings, compress-or-not decisions, content) does not.
 */
final class DumpStructure {
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] b;
  private int p;
  private final List<String> tokens = new ArrayList<>();

  private DumpStructure(byte[] payload) {
    this.b = payload;
  }

  /** Tokens of a DUMP payload of the types our encoder writes. */
  static List<String> tokens(byte[] payload) {
    DumpStructure d = new DumpStructure(payload);
    d.value();
    d.tokens.add("footer:" + HEX.formatHex(Arrays.copyOfRange(payload, d.p, payload.length - 8)));
    return d.tokens;
  }

  /**
   * Asserts that our payload equals Redis's, allowing only LZF-internal differences; returns true
   * when the bytes were identical.
   */
  static boolean assertEquivalent(byte[] ours, byte[] theirs, String what) {
    if (Arrays.equals(ours, theirs)) {
      return true;
    }
    assertThat(tokens(ours)).as(what).isEqualTo(tokens(theirs));
    return false;
  }

  private void value() {
    int type = b[p++] & 0xFF;
    tokens.add("type:" + type);
    switch (type) {
      case Rdb.TYPE_STRING, Rdb.TYPE_SET_INTSET, Rdb.TYPE_HASH_LISTPACK, Rdb.TYPE_ZSET_LISTPACK ->
          string();
      case Rdb.TYPE_LIST_QUICKLIST_2 -> {
        long nodes = length();
        for (long i = 0; i < nodes; i++) {
          length(); // container
          string();
        }
      }
      case Rdb.TYPE_SET -> {
        long n = length();
        for (long i = 0; i < n; i++) {
          string();
        }
      }
      case Rdb.TYPE_HASH -> {
        long n = length();
        for (long i = 0; i < 2 * n; i++) {
          string();
        }
      }
      case Rdb.TYPE_ZSET_2 -> {
        long n = length();
        for (long i = 0; i < n; i++) {
          string();
          tokens.add("double:" + HEX.formatHex(b, p, p + 8));
          p += 8;
        }
      }
      default -> throw new IllegalArgumentException("type " + type);
    }
  }

  private long length() {
    int first = b[p++] & 0xFF;
    long v =
        switch (first >>> 6) {
          case 0 -> first & 0x3F;
          case 1 -> ((first & 0x3F) << 8) | (b[p++] & 0xFF);
          case 2 -> {
            int n = first == 0x80 ? 4 : 8;
            long x = 0;
            for (int i = 0; i < n; i++) {
              x = (x << 8) | (b[p++] & 0xFF);
            }
            yield x;
          }
          default -> throw new IllegalStateException("encoded where a length was expected");
        };
    tokens.add("len:" + v);
    return v;
  }

  private void string() {
    int first = b[p] & 0xFF;
    if ((first >>> 6) != 3) {
      long len = lengthQuiet();
      tokens.add("raw:" + HEX.formatHex(b, p, p + (int) len));
      p += (int) len;
      return;
    }
    p++;
    int enc = first & 0x3F;
    if (enc == Rdb.ENC_LZF) {
      int clen = (int) lengthQuiet();
      int len = (int) lengthQuiet();
      byte[] packed = Arrays.copyOfRange(b, p, p + clen);
      p += clen;
      tokens.add("lzf:" + HEX.formatHex(Lzf.decompress(packed, len)));
    } else {
      int width = enc == Rdb.ENC_INT8 ? 1 : enc == Rdb.ENC_INT16 ? 2 : 4;
      tokens.add("int" + width + ":" + HEX.formatHex(b, p, p + width));
      p += width;
    }
  }

  private long lengthQuiet() {
    int before = tokens.size();
    long v = length();
    tokens.remove(before);
    return v;
  }
}
