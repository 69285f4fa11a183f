package io.banyan.node.command.server;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;

/**
 * The {@code serializedlength} of DEBUG OBJECT: the bytes a value would take in an RDB file. Exact
 * for strings except that LZF compression (Redis tries it on strings over 20 bytes) is not applied;
 * for collections, an element-by-element estimate.
 */
final class SerializedLength {
  private SerializedLength() {}

  static long of(Object value) {
    if (value instanceof byte[] b) {
      return ofString(b);
    }
    CompositeValue c = (CompositeValue) value;
    long[] total = {lengthPrefix(c.size())};
    switch (c.type()) {
      case LIST -> ((ListValue) c).forEach(e -> total[0] += ofString(e));
      case SET -> ((SetValue) c).forEach(e -> total[0] += ofString(e));
      case HASH -> ((HashValue) c).forEach((f, v) -> total[0] += ofString(f) + ofString(v));
      case ZSET -> ((ZSetValue) c).forEach((m, s) -> total[0] += ofString(m) + 8);
      default -> {}
    }
    return total[0];
  }

  /** A string is stored as a small integer when it is one, otherwise length-prefixed. */
  static long ofString(byte[] b) {
    if (b.length <= 11) {
      Long v = Bytes.parseLong(b);
      if (v != null) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
          return 2;
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
          return 3;
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
          return 5;
        }
      }
    }
    return lengthPrefix(b.length) + b.length;
  }

  private static int lengthPrefix(long n) {
    if (n < 64) {
      return 1;
    }
    if (n < 16384) {
      return 2;
    }
    return n <= 0xFFFFFFFFL ? 5 : 9;
  }
}
