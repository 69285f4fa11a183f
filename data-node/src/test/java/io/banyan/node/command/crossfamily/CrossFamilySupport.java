package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Helpers for the tests that combine command families: reply conversion to plain Strings, RESP3
 * connections, and fixtures holding one key of every type.
 */
@ResourceLock(value = "EncodingLimits", mode = ResourceAccessMode.READ)
abstract class CrossFamilySupport extends ServerTestBase {
  /**
   * When set (e.g. {@code -Dbanyan.compare.port=16320}), the tests that need only connections talk
   * to a real redis-server on that port instead of the node, to check the expected values against
   * Redis itself. Run one class at a time then: they share that server.
   */
  static final Integer COMPARE_PORT = Integer.getInteger("banyan.compare.port");

  /** True when the tests run against a real Redis (see {@link #COMPARE_PORT}). */
  static boolean againstRedis() {
    return COMPARE_PORT != null;
  }

  @Override
  protected int port() {
    return againstRedis() ? COMPARE_PORT : super.port();
  }

  @BeforeEach
  void flushComparisonServer() {
    if (againstRedis()) {
      try (RespClient c = new RespClient("127.0.0.1", COMPARE_PORT)) {
        c.call("FLUSHALL");
        c.call("CONFIG", "RESETSTAT");
      }
    }
  }

  static RespClient.Err err(String message) {
    return new RespClient.Err(message);
  }

  /** A reply with every bulk string turned into a String, recursively (lists, sets, maps). */
  static Object s(Object reply) {
    if (reply instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(s(o));
      }
      return out;
    }
    if (reply instanceof Set<?> set) {
      Set<Object> out = new LinkedHashSet<>();
      for (Object o : set) {
        out.add(s(o));
      }
      return out;
    }
    if (reply instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(s(k), s(v)));
      return out;
    }
    if (reply instanceof RespClient.Push p) {
      return new RespClient.Push(((List<?>) s(p.items())).stream().map(o -> (Object) o).toList());
    }
    return reply;
  }

  /** Calls and converts the reply with {@link #s}. */
  static Object call(RespClient c, Object... args) {
    return s(c.call(args));
  }

  /** A connection switched to RESP3 with HELLO 3. */
  protected RespClient resp3() {
    RespClient c = resp();
    assertThat(c.call("HELLO", "3")).isInstanceOf(Map.class);
    return c;
  }

  /** One key of every type in the current database: str, list, set, zset, hash. */
  static void fillEveryType(RespClient c) {
    assertThat(c.call("SET", "str", "v")).isEqualTo("OK");
    assertThat(c.call("RPUSH", "list", "a", "b", "c")).isEqualTo(3L);
    assertThat(c.call("SADD", "set", "x", "y")).isEqualTo(2L);
    assertThat(c.call("ZADD", "zset", "1", "m", "2", "n")).isEqualTo(2L);
    assertThat(c.call("HSET", "hash", "f", "v", "g", "w")).isEqualTo(2L);
  }

  /** The keys {@link #fillEveryType} creates, with their TYPE names. */
  static final Map<String, String> EVERY_TYPE =
      orderedMap("str", "string", "list", "list", "set", "set", "zset", "zset", "hash", "hash");

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The content of any key as a comparable value, read with the type's own command. */
  static Object content(RespClient c, String key) {
    String type = (String) c.call("TYPE", key);
    return switch (type) {
      case "string" -> call(c, "GET", key);
      case "list" -> call(c, "LRANGE", key, "0", "-1");
      case "set" -> new java.util.TreeSet<>(asStrings(call(c, "SMEMBERS", key)));
      case "zset" -> call(c, "ZRANGE", key, "0", "-1", "WITHSCORES");
      case "hash" -> new java.util.TreeMap<>(pairs(call(c, "HGETALL", key)));
      case "none" -> null;
      default -> throw new IllegalStateException(type);
    };
  }

  @SuppressWarnings("unchecked")
  private static List<String> asStrings(Object reply) {
    return new ArrayList<>((java.util.Collection<String>) reply);
  }

  private static Map<String, String> pairs(Object reply) {
    if (reply instanceof Map<?, ?> m) {
      Map<String, String> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, (String) v));
      return out;
    }
    List<String> l = asStrings(reply);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < l.size(); i += 2) {
      out.put(l.get(i), l.get(i + 1));
    }
    return out;
  }
}
