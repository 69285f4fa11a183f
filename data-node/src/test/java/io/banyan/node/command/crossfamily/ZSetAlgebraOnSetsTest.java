package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ZUNION/ZINTER/ZDIFF/ZINTERCARD and their STORE forms with plain sets as inputs (members score 1),
 * for both set encodings. Expected values measured on redis-server 7.0.15.
 */
class ZSetAlgebraOnSetsTest extends CrossFamilySupport {
  private RespClient c;

  @BeforeEach
  void data() {
    c = resp();
    c.call("SADD", "si", "1", "2", "3");
    c.call("SADD", "sh", "a", "b", "3");
    c.call("ZADD", "z", "5", "3", "7", "a", "1", "q");
    assertThat(call(c, "OBJECT", "ENCODING", "si")).isEqualTo("intset");
    assertThat(call(c, "OBJECT", "ENCODING", "sh")).isEqualTo("hashtable");
  }

  @Test
  void unionScoresSetMembersOne() {
    assertThat(call(c, "ZUNION", "2", "si", "sh", "WITHSCORES"))
        .isEqualTo(List.of("1", "1", "2", "1", "a", "1", "b", "1", "3", "2"));
    assertThat(call(c, "ZUNION", "3", "si", "sh", "z", "WITHSCORES"))
        .isEqualTo(List.of("1", "1", "2", "1", "b", "1", "q", "1", "3", "7", "a", "8"));
    assertThat(call(c, "ZUNION", "3", "si", "sh", "z", "WEIGHTS", "2", "3", "0.5", "WITHSCORES"))
        .isEqualTo(List.of("q", "0.5", "1", "2", "2", "2", "b", "3", "a", "6.5", "3", "7.5"));
    assertThat(call(c, "ZUNION", "3", "si", "sh", "z", "AGGREGATE", "MAX", "WITHSCORES"))
        .isEqualTo(List.of("1", "1", "2", "1", "b", "1", "q", "1", "3", "5", "a", "7"));
    assertThat(
            call(
                c,
                "ZUNION",
                "3",
                "si",
                "sh",
                "z",
                "AGGREGATE",
                "MIN",
                "WEIGHTS",
                "1",
                "1",
                "-1",
                "WITHSCORES"))
        .isEqualTo(List.of("a", "-7", "3", "-5", "q", "-1", "1", "1", "2", "1", "b", "1"));
  }

  @Test
  void interDiffAndIntercardWithSets() {
    assertThat(call(c, "ZINTER", "2", "si", "sh", "WITHSCORES")).isEqualTo(List.of("3", "2"));
    assertThat(call(c, "ZINTER", "3", "si", "sh", "z", "WITHSCORES")).isEqualTo(List.of("3", "7"));
    assertThat(
            call(
                c,
                "ZINTER",
                "2",
                "si",
                "z",
                "WEIGHTS",
                "10",
                "1",
                "AGGREGATE",
                "SUM",
                "WITHSCORES"))
        .isEqualTo(List.of("3", "15"));
    assertThat(call(c, "ZINTER", "2", "nokey", "si")).isEqualTo(List.of());
    assertThat(call(c, "ZDIFF", "2", "si", "sh", "WITHSCORES"))
        .isEqualTo(List.of("1", "1", "2", "1"));
    assertThat(call(c, "ZDIFF", "2", "z", "si", "WITHSCORES"))
        .isEqualTo(List.of("q", "1", "a", "7"));
    assertThat(call(c, "ZDIFF", "2", "si", "z")).isEqualTo(List.of("1", "2"));
    assertThat(c.call("ZINTERCARD", "2", "si", "sh")).isEqualTo(1L);
    assertThat(c.call("ZINTERCARD", "3", "si", "sh", "z")).isEqualTo(1L);
    assertThat(c.call("ZINTERCARD", "2", "si", "si", "LIMIT", "2")).isEqualTo(2L);
    assertThat(c.call("ZINTERCARD", "2", "si", "nokey")).isEqualTo(0L);
  }

  @Test
  void storeFormsAcceptSetsAndMayOverwriteTheirInput() {
    assertThat(c.call("ZUNIONSTORE", "dst", "2", "si", "sh", "WEIGHTS", "2", "2")).isEqualTo(5L);
    assertThat(call(c, "ZRANGE", "dst", "0", "-1", "WITHSCORES"))
        .isEqualTo(List.of("1", "2", "2", "2", "a", "2", "b", "2", "3", "4"));
    assertThat(call(c, "OBJECT", "ENCODING", "dst")).isEqualTo("listpack");
    assertThat(c.call("ZINTERSTORE", "dst2", "2", "sh", "z", "AGGREGATE", "MAX")).isEqualTo(2L);
    assertThat(call(c, "ZRANGE", "dst2", "0", "-1", "WITHSCORES"))
        .isEqualTo(List.of("3", "5", "a", "7"));
    assertThat(c.call("ZDIFFSTORE", "dst3", "2", "sh", "si")).isEqualTo(2L);
    assertThat(call(c, "ZRANGE", "dst3", "0", "-1", "WITHSCORES"))
        .isEqualTo(List.of("a", "1", "b", "1"));
    assertThat(c.call("ZDIFFSTORE", "dst3", "2", "si", "si")).isEqualTo(0L);
    assertThat(c.call("EXISTS", "dst3")).isEqualTo(0L);
    // The destination may be one of the inputs, a set, which becomes a sorted set.
    assertThat(c.call("ZUNIONSTORE", "si", "2", "si", "sh")).isEqualTo(5L);
    assertThat(c.call("TYPE", "si")).isEqualTo("zset");
    assertThat(call(c, "ZRANGE", "si", "0", "-1", "WITHSCORES"))
        .isEqualTo(List.of("1", "1", "2", "1", "a", "1", "b", "1", "3", "2"));
  }

  @Test
  void largeHashtableSetsOfIntegersAndStrings() {
    List<Object> ints = new ArrayList<>(List.of("SADD", "bigint"));
    List<Object> strs = new ArrayList<>(List.of("SADD", "bigstr"));
    long maxIntset =
        Long.parseLong(
            (String) ((List<?>) call(c, "CONFIG", "GET", "set-max-intset-entries")).get(1));
    for (int i = 0; i <= maxIntset; i++) {
      ints.add(String.valueOf(i));
      if (i % 2 == 0) {
        strs.add("m" + i);
      }
    }
    strs.add("7");
    c.call(ints.toArray());
    c.call(strs.toArray());
    assertThat(call(c, "OBJECT", "ENCODING", "bigint")).isEqualTo("hashtable");
    assertThat(c.call("ZINTERCARD", "2", "bigint", "si")).isEqualTo(3L);
    assertThat(c.call("ZINTERCARD", "3", "bigint", "bigstr", "z")).isEqualTo(0L);
    assertThat(call(c, "ZINTER", "2", "bigint", "bigstr", "WITHSCORES"))
        .isEqualTo(List.of("7", "2"));
    assertThat(c.call("ZUNIONSTORE", "u", "2", "bigint", "bigstr"))
        .isEqualTo(maxIntset + 1 + maxIntset / 2 + 1);
    assertThat(call(c, "OBJECT", "ENCODING", "u")).isEqualTo("skiplist");
    assertThat(call(c, "ZSCORE", "u", "7")).isEqualTo("2");
    assertThat(c.call("ZDIFFSTORE", "d", "3", "bigint", "bigstr", "si"))
        .isEqualTo(maxIntset + 1 - 4);
  }

  @Test
  void otherTypesAreWrongType() {
    c.call("SET", "str", "x");
    c.call("RPUSH", "lst", "a");
    c.call("HSET", "h", "f", "v");
    for (String k : List.of("str", "lst", "h")) {
      RespClient.Err wrongType =
          err("WRONGTYPE Operation against a key holding the wrong kind of value");
      assertThat(c.call("ZUNION", "2", "si", k)).as(k).isEqualTo(wrongType);
      assertThat(c.call("ZINTERSTORE", "dst", "2", "si", k)).as(k).isEqualTo(wrongType);
      assertThat(c.call("ZDIFF", "2", "si", k)).as(k).isEqualTo(wrongType);
      assertThat(c.call("ZINTERCARD", "2", "si", k)).as(k).isEqualTo(wrongType);
    }
    assertThat(c.call("EXISTS", "dst")).isEqualTo(0L);
  }

  @Test
  void resp3RepliesPairsWithDoubles() {
    RespClient r = resp3();
    assertThat(call(r, "ZUNION", "2", "sh", "nokey", "WITHSCORES"))
        .isEqualTo(List.of(List.of("3", 1.0), List.of("a", 1.0), List.of("b", 1.0)));
    assertThat(call(r, "ZINTER", "2", "si", "z", "WITHSCORES"))
        .isEqualTo(List.of(List.of("3", 6.0)));
  }
}
