package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * OBJECT ENCODING of every type at the conversion thresholds read from CONFIG GET, conversions made
 * by commands of other families (SORT, COPY, the STORE forms), and CONFIG SET of a threshold. The
 * thresholds are process-wide statics shared by every node of the test JVM, so this class holds the
 * "EncodingLimits" lock exclusively; the classes that depend on them hold it to read. Expected
 * values measured on redis-server 7.0.15.
 */
@ResourceLock(value = "EncodingLimits", mode = ResourceAccessMode.READ_WRITE)
class EncodingThresholdsTest extends CrossFamilySupport {
  private static final List<String> THRESHOLDS =
      List.of(
          "hash-max-listpack-entries",
          "hash-max-listpack-value",
          "set-max-intset-entries",
          "zset-max-listpack-entries",
          "zset-max-listpack-value");

  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
  }

  private int limit(String name) {
    List<?> reply = (List<?>) call(c, "CONFIG", "GET", name);
    return Integer.parseInt((String) reply.get(1));
  }

  private String enc(String key) {
    return (String) call(c, "OBJECT", "ENCODING", key);
  }

  /** Calls a command whose arguments are a prefix then n generated ones. */
  private Object callWith(
      List<Object> prefix, int n, java.util.function.IntFunction<List<String>> gen) {
    List<Object> args = new ArrayList<>(prefix);
    for (int i = 0; i < n; i++) {
      args.addAll(gen.apply(i));
    }
    return c.call(args.toArray());
  }

  @Test
  void hashesConvertPastTheEntryAndValueLimits() {
    int entries = limit("hash-max-listpack-entries");
    int value = limit("hash-max-listpack-value");
    callWith(List.of("HSET", "h"), entries, i -> List.of("f" + i, "v"));
    assertThat(enc("h")).isEqualTo("listpack");
    c.call("HSET", "h", "one-more", "v");
    assertThat(enc("h")).isEqualTo("hashtable");
    c.call("DEL", "h");
    c.call("HSET", "h", "f", "x".repeat(value), "x".repeat(value), "v");
    assertThat(enc("h")).isEqualTo("listpack");
    c.call("HSET", "h", "f", "x".repeat(value + 1));
    assertThat(enc("h")).isEqualTo("hashtable");
    c.call("HSETNX", "h2", "x".repeat(value + 1), "v");
    assertThat(enc("h2")).isEqualTo("hashtable");
    c.call("HINCRBYFLOAT", "h3", "x".repeat(value + 1), "1.5");
    assertThat(enc("h3")).isEqualTo("hashtable");
    // One-way: shrinking back keeps the hash table.
    c.call("HDEL", "h", "f");
    assertThat(c.call("HLEN", "h")).isEqualTo(1L);
    assertThat(enc("h")).isEqualTo("hashtable");
  }

  @Test
  void setsLeaveTheIntsetPastTheLimitOrForANonInteger() {
    int intset = limit("set-max-intset-entries");
    callWith(List.of("SADD", "s"), intset, i -> List.of(String.valueOf(i)));
    assertThat(enc("s")).isEqualTo("intset");
    c.call("SADD", "s", String.valueOf(intset));
    assertThat(enc("s")).isEqualTo("hashtable");
    c.call("SREM", "s", "0", "1", "2");
    assertThat(enc("s")).isEqualTo("hashtable");
    c.call("SADD", "small", "1", "2");
    c.call("SADD", "str", "a");
    assertThat(enc("small")).isEqualTo("intset");
    c.call("SMOVE", "str", "small", "a");
    assertThat(enc("small")).isEqualTo("hashtable");
    // Store results start as an intset and convert like any set.
    c.call("SADD", "mixed", "a", "5", "6");
    assertThat(c.call("SDIFFSTORE", "d", "mixed", "str")).isEqualTo(3L);
    assertThat(enc("d")).isEqualTo("hashtable");
    assertThat(c.call("SINTERSTORE", "d", "mixed", "s")).isEqualTo(2L);
    assertThat(enc("d")).isEqualTo("intset");
    assertThat(c.call("SUNIONSTORE", "d", "s", "mixed")).isEqualTo(intset - 1L);
    assertThat(enc("d")).isEqualTo("hashtable");
  }

  @Test
  void sortedSetsConvertPastTheEntryAndValueLimits() {
    int entries = limit("zset-max-listpack-entries");
    int value = limit("zset-max-listpack-value");
    callWith(List.of("ZADD", "z"), entries, i -> List.of(String.valueOf(i), "m" + i));
    assertThat(enc("z")).isEqualTo("listpack");
    c.call("ZADD", "z", "0", "one-more");
    assertThat(enc("z")).isEqualTo("skiplist");
    c.call("ZADD", "z2", "1", "x".repeat(value));
    assertThat(enc("z2")).isEqualTo("listpack");
    c.call("ZINCRBY", "z2", "1", "x".repeat(value + 1));
    assertThat(enc("z2")).isEqualTo("skiplist");
    c.call("ZREM", "z2", "x".repeat(value + 1));
    assertThat(enc("z2")).isEqualTo("skiplist");
    // Store forms size their result: a small result of a skiplist is a listpack.
    assertThat(c.call("ZRANGESTORE", "r", "z", "0", "1")).isEqualTo(2L);
    assertThat(enc("r")).isEqualTo("listpack");
    assertThat(c.call("ZINTERSTORE", "i", "2", "z", "z2")).isEqualTo(0L);
    c.call("ZADD", "z3", "1", "m1");
    assertThat(c.call("ZINTERSTORE", "i", "2", "z", "z3")).isEqualTo(1L);
    assertThat(enc("i")).isEqualTo("listpack");
    assertThat(c.call("ZUNIONSTORE", "u", "1", "z")).isEqualTo(entries + 1L);
    assertThat(enc("u")).isEqualTo("skiplist");
    // COPY keeps the encoding.
    c.call("COPY", "z2", "z2copy");
    assertThat(enc("z2copy")).isEqualTo("skiplist");
  }

  @Test
  void sortConvertsASortedSetAndListsAndStringsHaveTheirEncodings() {
    c.call("ZADD", "z", "1", "a", "2", "b");
    assertThat(enc("z")).isEqualTo("listpack");
    c.call("SORT_RO", "z", "ALPHA");
    assertThat(enc("z")).isEqualTo("skiplist");
    c.call("ZADD", "z2", "1", "a");
    c.call("SORT", "z2", "BY", "nosort", "STORE", "l");
    assertThat(enc("z2")).isEqualTo("skiplist");
    assertThat(enc("l")).isEqualTo("quicklist");
    c.call("RPUSH", "l2", "a");
    assertThat(enc("l2")).isEqualTo("quicklist");
    c.call("SET", "i", "123");
    c.call("SET", "e", "x".repeat(44));
    c.call("SET", "r", "x".repeat(45));
    assertThat(List.of(enc("i"), enc("e"), enc("r"))).isEqualTo(List.of("int", "embstr", "raw"));
    // Counters and values set whole are encoded by their content.
    c.call("INCR", "n");
    c.call("APPEND", "a", "12");
    c.call("INCRBYFLOAT", "f", "1.5");
    assertThat(List.of(enc("n"), enc("a"), enc("f"))).isEqualTo(List.of("int", "int", "embstr"));
  }

  @Test
  void configSetOfAThresholdChangesLaterConversions() {
    Map<String, String> saved = new TreeMap<>();
    for (String name : THRESHOLDS) {
      saved.put(name, String.valueOf(limit(name)));
    }
    try {
      assertThat(
              c.call(
                  "CONFIG",
                  "SET",
                  "zset-max-listpack-entries",
                  "3",
                  "zset-max-listpack-value",
                  "5",
                  "hash-max-listpack-entries",
                  "3",
                  "hash-max-listpack-value",
                  "5",
                  "set-max-intset-entries",
                  "3"))
          .isEqualTo("OK");
      c.call("HSET", "h", "a", "1", "b", "2", "c", "3");
      assertThat(enc("h")).isEqualTo("listpack");
      c.call("HSET", "h", "d", "4");
      assertThat(enc("h")).isEqualTo("hashtable");
      c.call("HSET", "h2", "a", "12345");
      assertThat(enc("h2")).isEqualTo("listpack");
      c.call("HSET", "h2", "b", "123456");
      assertThat(enc("h2")).isEqualTo("hashtable");
      c.call("SADD", "s", "1", "2", "3");
      assertThat(enc("s")).isEqualTo("intset");
      c.call("SADD", "s", "4");
      assertThat(enc("s")).isEqualTo("hashtable");
      c.call("SADD", "sx", "1", "2", "5", "9");
      c.call("SADD", "s1", "1");
      assertThat(c.call("SDIFFSTORE", "sd", "sx", "s1")).isEqualTo(3L);
      assertThat(enc("sd")).isEqualTo("intset");
      c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
      assertThat(enc("z")).isEqualTo("listpack");
      c.call("ZADD", "z", "4", "d");
      assertThat(enc("z")).isEqualTo("skiplist");
      c.call("ZADD", "z2", "1", "abcde");
      assertThat(enc("z2")).isEqualTo("listpack");
      c.call("ZADD", "z2", "1", "abcdef");
      assertThat(enc("z2")).isEqualTo("skiplist");
      assertThat(c.call("ZRANGESTORE", "zr", "z", "0", "1")).isEqualTo(2L);
      assertThat(enc("zr")).isEqualTo("listpack");
      assertThat(c.call("ZUNIONSTORE", "zs", "1", "sx")).isEqualTo(4L);
      assertThat(enc("zs")).isEqualTo("skiplist");
      // Raising the limit does not convert existing values back.
      c.call("CONFIG", "SET", "zset-max-listpack-entries", "128");
      assertThat(enc("z")).isEqualTo("skiplist");
    } finally {
      List<Object> restore = new ArrayList<>(List.of("CONFIG", "SET"));
      saved.forEach(
          (k, v) -> {
            restore.add(k);
            restore.add(v);
          });
      assertThat(c.call(restore.toArray())).isEqualTo("OK");
    }
    c.call("ZADD", "z9", "1", "a", "2", "b", "3", "c", "4", "d");
    assertThat(enc("z9")).isEqualTo("listpack");
  }
}
