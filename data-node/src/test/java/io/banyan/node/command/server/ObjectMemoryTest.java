package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectMemoryTest extends ServerTestBase {
  private static final int SHARED = Integer.MAX_VALUE;

  @Test
  void stringEncodings() {
    RespClient c = resp();
    String[][] cases = {
      {"100", "int"},
      {"-5", "int"},
      {"123456789012", "int"},
      {"9223372036854775807", "int"},
      {"12345678901234567890", "embstr"},
      {"007", "embstr"},
      {"a".repeat(44), "embstr"},
      {"a".repeat(45), "raw"},
      {"", "embstr"},
    };
    for (String[] cs : cases) {
      c.call("SET", "k", cs[0]);
      assertThat(RespClient.str(c.call("OBJECT", "ENCODING", "k"))).as(cs[0]).isEqualTo(cs[1]);
    }
  }

  @Test
  void refcountShowsSharedSmallIntegers() {
    RespClient c = resp();
    c.call("SET", "small", "100");
    c.call("SET", "neg", "-5");
    c.call("SET", "large", "10000");
    c.call("SET", "text", "abc");
    assertThat(c.call("OBJECT", "REFCOUNT", "small")).isEqualTo((long) SHARED);
    assertThat(c.call("OBJECT", "REFCOUNT", "neg")).isEqualTo(1L);
    assertThat(c.call("OBJECT", "REFCOUNT", "large")).isEqualTo(1L);
    assertThat(c.call("OBJECT", "REFCOUNT", "text")).isEqualTo(1L);
  }

  @Test
  void idleTimeAndFrequency() {
    RespClient c = resp();
    c.call("SET", "k", "v");
    assertThat((Long) c.call("OBJECT", "IDLETIME", "k")).isBetween(0L, 5L);
    assertThat(c.call("OBJECT", "FREQ", "k"))
        .isEqualTo(
            new Err(
                "ERR An LFU maxmemory policy is not selected, access frequency not tracked."
                    + " Please note that when switching between policies at runtime LRU and LFU"
                    + " data will take some time to adjust."));
  }

  @Test
  void missingKeysAndErrors() {
    RespClient c = resp();
    for (String sub : List.of("ENCODING", "FREQ", "IDLETIME", "REFCOUNT")) {
      assertThat(c.call("OBJECT", sub, "nokey")).as(sub).isNull();
    }
    assertThat(c.call("OBJECT", "foo"))
        .isEqualTo(new Err("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
    assertThat(c.call("OBJECT", "ENCODING"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'object|encoding' command"));
    assertThat(((List<?>) c.call("OBJECT", "HELP")).get(0))
        .isEqualTo("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  }

  @Test
  void objectLookupsCountAsKeyspaceHitsButDoNotTouch() throws Exception {
    RespClient c = resp();
    c.call("SET", "k", "v");
    long hits = server.onCommandThread(() -> server.engine().stats().keyspaceHits);
    long misses = server.onCommandThread(() -> server.engine().stats().keyspaceMisses);
    c.call("OBJECT", "ENCODING", "k");
    c.call("OBJECT", "ENCODING", "nokey");
    assertThat(server.onCommandThread(() -> server.engine().stats().keyspaceHits))
        .isEqualTo(hits + 1);
    assertThat(server.onCommandThread(() -> server.engine().stats().keyspaceMisses))
        .isEqualTo(misses + 1);
  }

  @Test
  void memoryUsage() {
    RespClient c = resp();
    c.call("SET", "small", "v");
    c.call("SET", "big", "x".repeat(5000));
    long small = (Long) c.call("MEMORY", "USAGE", "small");
    long big = (Long) c.call("MEMORY", "USAGE", "big", "SAMPLES", "0");
    assertThat(small).isPositive();
    assertThat(big).isGreaterThan(small + 4900);
    assertThat(c.call("MEMORY", "USAGE", "nokey")).isNull();
    assertThat(c.call("MEMORY", "USAGE", "small", "SAMPLES"))
        .isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("MEMORY", "USAGE", "small", "SAMPLES", "-1"))
        .isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("MEMORY", "USAGE", "small", "SAMPLES", "abc"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(c.call("MEMORY", "USAGE", "small", "foo", "1"))
        .isEqualTo(new Err("ERR syntax error"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void memoryStatsDoctorAndFriends() {
    RespClient c = resp();
    c.call("SET", "k", "v");
    Map<Object, Object> stats = Plain.pairs(c.call("MEMORY", "STATS"));
    assertThat(stats)
        .containsKeys(
            "peak.allocated",
            "total.allocated",
            "keys.count",
            "dataset.bytes",
            "fragmentation",
            "db.0");
    assertThat(stats.get("keys.count")).isEqualTo(1L);
    assertThat(Plain.pairs(stats.get("db.0"))).containsKey("overhead.hashtable.main");
    c.call("HELLO", "3");
    Map<Object, Object> resp3 = (Map<Object, Object>) Plain.of(c.call("MEMORY", "STATS"));
    assertThat(resp3.get("dataset.percentage")).isInstanceOf(Double.class);
    assertThat(resp3.get("db.0")).isInstanceOf(Map.class);
    assertThat((String) c.call("MEMORY", "DOCTOR")).isNotBlank();
    assertThat(c.call("MEMORY", "PURGE")).isEqualTo("OK");
    assertThat((String) c.call("MEMORY", "MALLOC-STATS")).isNotBlank();
    assertThat(c.call("MEMORY", "foo"))
        .isEqualTo(new Err("ERR unknown subcommand 'foo'. Try MEMORY HELP."));
  }
}
