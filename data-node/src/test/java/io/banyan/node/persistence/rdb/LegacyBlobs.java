package io.banyan.node.persistence.rdb;

import io.banyan.node.store.Bytes;
import java.util.List;

/**
 * Test-only encoders for the compact formats Redis wrote before 7.0 (ziplist, zipmap), built from
 * the format description so that files in the old layouts can be made, checked with Redis's own
 * tools, and read with ours.
 */
final class LegacyBlobs {
  private LegacyBlobs() {}

  /** A ziplist with Redis's choice of entry encodings (integers for canonical numbers). */
  static byte[] ziplist(List<byte[]> entries) {
    RdbBuffer body = new RdbBuffer();
    int prev = 0;
    int lastStart = 10;
    for (byte[] e : entries) {
      int start = body.size();
      lastStart = 10 + start;
      if (prev < 254) {
        body.write(prev);
      } else {
        body.write(254);
        body.writeLittleEndian(prev, 4);
      }
      Long v = e.length < 32 ? Bytes.parseLong(e) : null;
      if (v != null) {
        long x = v;
        if (x >= 0 && x <= 12) {
          body.write(0xF1 + (int) x);
        } else if (x >= Byte.MIN_VALUE && x <= Byte.MAX_VALUE) {
          body.write(0xFE);
          body.writeLittleEndian(x, 1);
        } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
          body.write(0xC0);
          body.writeLittleEndian(x, 2);
        } else if (x >= -(1 << 23) && x < (1 << 23)) {
          body.write(0xF0);
          body.writeLittleEndian(x, 3);
        } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
          body.write(0xD0);
          body.writeLittleEndian(x, 4);
        } else {
          body.write(0xE0);
          body.writeLittleEndian(x, 8);
        }
      } else if (e.length <= 63) {
        body.write(e.length);
        body.write(e);
      } else if (e.length <= 16383) {
        body.write(0x40 | (e.length >>> 8));
        body.write(e.length & 0xFF);
        body.write(e);
      } else {
        body.write(0x80);
        for (int shift = 24; shift >= 0; shift -= 8) {
          body.write(e.length >>> shift);
        }
        body.write(e);
      }
      prev = body.size() - start;
    }
    RdbBuffer out = new RdbBuffer();
    out.writeLittleEndian(10 + body.size() + 1, 4);
    out.writeLittleEndian(lastStart, 4);
    out.writeLittleEndian(Math.min(entries.size(), 65535), 2);
    out.write(body.array(), 0, body.size());
    out.write(0xFF);
    return out.toByteArray();
  }

  /** A zipmap of alternating fields and values, with a little free space after each value. */
  static byte[] zipmap(List<byte[]> fieldsAndValues) {
    RdbBuffer out = new RdbBuffer();
    out.write(Math.min(fieldsAndValues.size() / 2, 254));
    for (int i = 0; i < fieldsAndValues.size(); i += 2) {
      byte[] f = fieldsAndValues.get(i);
      byte[] v = fieldsAndValues.get(i + 1);
      length(out, f.length);
      out.write(f);
      length(out, v.length);
      int free = i % 4 == 0 ? 0 : 2;
      out.write(free);
      out.write(v);
      for (int k = 0; k < free; k++) {
        out.write(0);
      }
    }
    out.write(0xFF);
    return out.toByteArray();
  }

  private static void length(RdbBuffer out, int len) {
    if (len < 254) {
      out.write(len);
    } else {
      out.write(254);
      out.writeLittleEndian(len, 4);
    }
  }
}
