package io.banyan.node.persistence.rdb;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.EncodingLimits;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * Values for RDB tests: random values of every type around the sizes where encodings change, a
 * canonical comparable form of a value (ours or read from Redis through Jedis), and loading our
 * values into a real Redis with ordinary commands.
 */
final class RdbTestData {
  private RdbTestData() {}

  /**
   * Sets the encoding thresholds to redis-server 7.0's defaults (what every test server also
   * applies), so that our values and Redis's choose the same encodings.
   */
  static void useRedisDefaultLimits() {
    EncodingLimits.hashMaxListpackEntries = 512;
    EncodingLimits.hashMaxListpackValue = 64;
    EncodingLimits.setMaxIntsetEntries = 512;
    EncodingLimits.zsetMaxListpackEntries = 128;
    EncodingLimits.zsetMaxListpackValue = 64;
  }

  /** Bytes as a String, one char per byte, so binary values compare and print exactly. */
  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static byte[] raw(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  // ---- canonical forms -----------------------------------------------------------------------

  /**
   * A value's content in a form with value equality: "string:..." for strings, the element list for
   * lists, a sorted set of members, a sorted field map, or the (member, score) list.
   */
  static Object canonical(Object value) {
    return switch (value) {
      case byte[] s -> "string:" + text(s);
      case ListValue l -> {
        List<String> out = new ArrayList<>();
        l.forEach(e -> out.add(text(e)));
        yield out;
      }
      case SetValue s -> {
        TreeSet<String> out = new TreeSet<>();
        s.forEach(m -> out.add(text(m)));
        yield out;
      }
      case HashValue h -> {
        TreeMap<String, String> out = new TreeMap<>();
        h.forEach((f, v) -> out.put(text(f), text(v)));
        yield out;
      }
      case ZSetValue z -> {
        List<String> out = new ArrayList<>();
        z.forEach((m, score) -> out.add(text(m) + "=" + Double.doubleToLongBits(score)));
        yield out;
      }
      default -> throw new IllegalArgumentException(value.getClass().getName());
    };
  }

  /** The canonical form of key's value read from Redis, or null when the key is absent. */
  static Object canonical(Jedis redis, byte[] key) {
    String type = redis.type(key);
    return switch (type) {
      case "none" -> null;
      case "string" -> "string:" + text(redis.get(key));
      case "list" -> redis.lrange(key, 0, -1).stream().map(RdbTestData::text).toList();
      case "set" -> {
        TreeSet<String> out = new TreeSet<>();
        redis.smembers(key).forEach(m -> out.add(text(m)));
        yield out;
      }
      case "hash" -> {
        TreeMap<String, String> out = new TreeMap<>();
        redis.hgetAll(key).forEach((f, v) -> out.put(text(f), text(v)));
        yield out;
      }
      case "zset" -> {
        List<String> out = new ArrayList<>();
        for (Tuple t : redis.zrangeWithScores(key, 0, -1)) {
          out.add(text(t.getBinaryElement()) + "=" + Double.doubleToLongBits(t.getScore()));
        }
        yield out;
      }
      default -> throw new IllegalArgumentException("unexpected type " + type);
    };
  }

  // ---- loading into Redis --------------------------------------------------------------------

  /**
   * Creates key in Redis with the same content, added in the same order (so compact encodings have
   * the same layout as ours).
   */
  static void store(Jedis redis, byte[] key, Object value) {
    switch (value) {
      case byte[] s -> redis.set(key, s);
      case ListValue l -> {
        byte[][] all = l.toArray();
        for (int i = 0; i < all.length; i += 1000) {
          redis.rpush(key, java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 1000)));
        }
      }
      case SetValue s -> s.forEach(m -> redis.sadd(key, m));
      case HashValue h -> h.forEach((f, v) -> redis.hset(key, f, v));
      case ZSetValue z -> z.forEach((m, score) -> redis.zadd(key, score, m));
      default -> throw new IllegalArgumentException(value.getClass().getName());
    }
  }

  // ---- generators ----------------------------------------------------------------------------

  /** Integers at the edges of every integer encoding (RDB 8/16/32-bit, listpack, intset). */
  static final long[] EDGE_INTEGERS = {
    0,
    1,
    -1,
    12,
    13,
    127,
    128,
    -128,
    -129,
    255,
    256,
    4095,
    4096,
    -4096,
    -4097,
    32767,
    32768,
    -32768,
    -32769,
    8388607,
    8388608,
    -8388608,
    -8388609,
    Integer.MAX_VALUE,
    Integer.MAX_VALUE + 1L,
    Integer.MIN_VALUE,
    Integer.MIN_VALUE - 1L,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    1L << 40
  };

  /** Strings that look numeric but are not canonical integers, so stay strings. */
  static final String[] NEAR_INTEGERS = {
    "007", "-0", "+1", " 1", "1 ", "1.0", "9223372036854775808", "-9223372036854775809", "0x10", ""
  };

  static byte[] randomBytes(Random r, int len) {
    byte[] b = new byte[len];
    r.nextBytes(b);
    return b;
  }

  /** A string: integer edge, near-integer, short text, binary, long compressible or not. */
  static byte[] randomString(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> Bytes.fromLong(EDGE_INTEGERS[r.nextInt(EDGE_INTEGERS.length)]).clone();
      case 1 -> Bytes.utf8(NEAR_INTEGERS[r.nextInt(NEAR_INTEGERS.length)]);
      case 2 -> randomBytes(r, r.nextInt(30));
      case 3 -> Bytes.utf8("abc".repeat(1 + r.nextInt(200)));
      case 4 -> randomBytes(r, 15 + r.nextInt(20)); // around the 20-byte compression threshold
      case 5 -> Bytes.utf8("x".repeat(r.nextInt(3) + 19)); // 19..21 bytes of one letter
      case 6 -> randomBytes(r, 60 + r.nextInt(10)); // around listpack's 63/64 string boundary
      default -> Bytes.utf8("k" + r.nextInt(1_000_000));
    };
  }

  /** An element for collections: strings and integers at the listpack encoding edges. */
  static byte[] randomElement(Random r) {
    return switch (r.nextInt(4)) {
      case 0 ->
          Bytes.fromLong(EDGE_INTEGERS[r.nextInt(EDGE_INTEGERS.length)] + r.nextInt(3) - 1).clone();
      case 1 -> Bytes.fromLong(r.nextLong()).clone();
      case 2 -> randomBytes(r, r.nextInt(70));
      default -> Bytes.utf8("member:" + r.nextInt(100_000));
    };
  }

  static ListValue randomList(Random r, int size) {
    ListValue l = new ListValue();
    for (int i = 0; i < size; i++) {
      l.addLast(r.nextInt(50) == 0 ? randomBytes(r, 4000 + r.nextInt(9000)) : randomElement(r));
    }
    return l;
  }

  static SetValue randomIntSet(Random r, int size) {
    SetValue s = new SetValue();
    while (s.size() < size) {
      long v =
          r.nextBoolean() ? r.nextInt(100_000) : EDGE_INTEGERS[r.nextInt(EDGE_INTEGERS.length)];
      s.add(Bytes.fromLong(v).clone());
    }
    return s;
  }

  static SetValue randomSet(Random r, int size) {
    SetValue s = new SetValue();
    while (s.size() < size) {
      s.add(randomElement(r));
    }
    return s;
  }

  static HashValue randomHash(Random r, int size, int maxValueLength) {
    HashValue h = new HashValue();
    while (h.size() < size) {
      h.put(Bytes.utf8("f" + r.nextInt(1_000_000)), randomBytes(r, r.nextInt(maxValueLength + 1)));
    }
    return h;
  }

  static final double[] EDGE_SCORES = {
    0.0,
    -0.0,
    1,
    -1,
    0.1,
    1.5,
    1e-300,
    1e300,
    123456789.125,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    4503599627370496.0,
    -4503599627370495.0,
    1e17,
    3.0000000000000004
  };

  static ZSetValue randomZSet(Random r, int size, int maxMemberLength) {
    ZSetValue z = new ZSetValue();
    Map<String, Double> seen = new LinkedHashMap<>();
    while (seen.size() < size) {
      byte[] m = randomBytes(r, 1 + r.nextInt(Math.max(1, maxMemberLength)));
      double score =
          r.nextBoolean() ? EDGE_SCORES[r.nextInt(EDGE_SCORES.length)] : r.nextGaussian() * 1e6;
      seen.put(text(m), score);
      z.add(m, score);
    }
    return z;
  }
}
