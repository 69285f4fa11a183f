package io.banyan.node.command.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD. */
class ZSetOperationsTest extends ZSetTestSupport {
  private RespClient c;

  @BeforeEach
  void data() {
    c = resp();
    c.call("ZADD", "a", "1", "x", "2", "y", "3", "z");
    c.call("ZADD", "b", "10", "y", "20", "z", "30", "w");
  }

  private Object call(Object... args) {
    return strs(c.call(args));
  }

  @Test
  void unionSumsByDefaultAndHonoursWeightsAndAggregate() {
    assertThat(call("ZUNION", "2", "a", "b", "WITHSCORES"))
        .isEqualTo(List.of("x", "1", "y", "12", "z", "23", "w", "30"));
    assertThat(
            call("ZUNION", "2", "a", "b", "WEIGHTS", "2", "0.5", "AGGREGATE", "MAX", "WITHSCORES"))
        .isEqualTo(List.of("x", "2", "y", "5", "z", "10", "w", "15"));
    assertThat(call("ZUNION", "2", "a", "b")).isEqualTo(List.of("x", "y", "z", "w"));
    assertThat(call("ZUNION", "2", "nokey", "nokey2")).isEqualTo(List.of());
  }

  @Test
  void intersectionAndDifference() {
    assertThat(call("ZINTER", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES"))
        .isEqualTo(List.of("y", "2", "z", "3"));
    assertThat(call("ZINTER", "2", "a", "b", "WITHSCORES", "WITHSCORES"))
        .isEqualTo(List.of("y", "12", "z", "23"));
    assertThat(call("ZINTER", "2", "a", "nokey")).isEqualTo(List.of());
    assertThat(call("ZDIFF", "2", "a", "b", "WITHSCORES")).isEqualTo(List.of("x", "1"));
    assertThat(call("ZDIFF", "2", "b", "a")).isEqualTo(List.of("w"));
    assertThat(call("ZDIFF", "1", "nokey")).isEqualTo(List.of());
  }

  @Test
  void notANumberFromInfinitiesCountsAsZero() {
    c.call("ZADD", "i", "1", "p");
    c.call("ZADD", "j", "inf", "p");
    assertThat(call("ZUNION", "2", "i", "j", "WEIGHTS", "0", "1", "WITHSCORES"))
        .isEqualTo(List.of("p", "inf"));
    assertThat(call("ZUNION", "2", "j", "j", "WEIGHTS", "-1", "1", "WITHSCORES"))
        .isEqualTo(List.of("p", "0"));
    assertThat(call("ZINTER", "2", "j", "j", "WEIGHTS", "0", "1", "WITHSCORES"))
        .isEqualTo(List.of("p", "inf"));
  }

  @Test
  void storeFormsReplaceDeleteAndCompactTheResult() throws Exception {
    assertThat(c.call("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "-1")).isEqualTo(4L);
    assertThat(call("ZRANGE", "d", "0", "-1", "WITHSCORES"))
        .isEqualTo(List.of("w", "-30", "z", "-17", "y", "-8", "x", "1"));
    assertThat(encoding("d")).isEqualTo("listpack");
    assertThat(c.call("ZINTERSTORE", "d", "2", "a", "nokey")).isEqualTo(0L);
    assertThat(encoding("d")).isNull();
    c.call("SET", "s", "v");
    assertThat(c.call("ZDIFFSTORE", "s", "1", "a")).isEqualTo(3L);
    assertThat(call("ZRANGE", "s", "0", "-1")).isEqualTo(List.of("x", "y", "z"));
    assertThat(c.call("ZINTERSTORE", "a", "2", "a", "b")).isEqualTo(2L);
    assertThat(call("ZRANGE", "a", "0", "-1", "WITHSCORES"))
        .isEqualTo(List.of("y", "12", "z", "23"));
    assertThat(propagated).contains("ZUNIONSTORE d 2 a b WEIGHTS 1 -1", "ZINTERSTORE d 2 a nokey");
  }

  @Test
  void aLargeResultIsStoredAsASkiplist() throws Exception {
    java.util.List<Object> args = new java.util.ArrayList<>(List.of("ZADD", "big"));
    for (int i = 0; i < 200; i++) {
      args.add(Integer.toString(i));
      args.add("m" + i);
    }
    c.call(args.toArray());
    assertThat(c.call("ZUNIONSTORE", "d", "2", "big", "a")).isEqualTo(203L);
    assertThat(encoding("d")).isEqualTo("skiplist");
  }

  @Test
  void intercardCountsUpToTheLimit() {
    assertThat(c.call("ZINTERCARD", "2", "a", "b")).isEqualTo(2L);
    assertThat(c.call("ZINTERCARD", "2", "a", "b", "LIMIT", "1")).isEqualTo(1L);
    assertThat(c.call("ZINTERCARD", "1", "a", "LIMIT", "0")).isEqualTo(3L);
    assertThat(c.call("ZINTERCARD", "2", "a", "nokey")).isEqualTo(0L);
    assertThat(c.call("ZINTERCARD", "1", "a", "LIMIT", "-1"))
        .isEqualTo(err("ERR LIMIT can't be negative"));
    assertThat(c.call("ZINTERCARD", "1", "a", "LIMIT", "x"))
        .isEqualTo(err("ERR LIMIT can't be negative"));
    assertThat(c.call("ZINTERCARD", "2", "a", "b", "WITHSCORES"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZINTERCARD", "0", "a"))
        .isEqualTo(err("ERR at least 1 input key is needed for 'zintercard' command"));
  }

  @Test
  void errorsInRedisOrder() throws Exception {
    c.call("SET", "s", "v");
    assertThat(c.call("ZUNION", "0", "a"))
        .isEqualTo(err("ERR at least 1 input key is needed for 'zunion' command"));
    assertThat(c.call("ZUNIONSTORE", "d", "0", "a"))
        .isEqualTo(err("ERR at least 1 input key is needed for 'zunionstore' command"));
    assertThat(c.call("ZUNION", "x", "a"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("ZUNION", "5", "a")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZINTERSTORE", "d", "2", "a")).isEqualTo(err("ERR syntax error"));
    // The input types are checked before the options.
    assertThat(c.call("ZINTER", "1", "s", "WEIGHTS", "x"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(c.call("ZINTER", "1", "a", "WEIGHTS", "x"))
        .isEqualTo(err("ERR weight value is not a float"));
    assertThat(c.call("ZUNION", "2", "a", "b", "WEIGHTS", "1")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZUNIONSTORE", "d", "2", "a", "b", "AGGREGATE", "AVG"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZDIFF", "2", "a", "b", "WEIGHTS", "1", "1"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZDIFF", "2", "a", "b", "AGGREGATE", "SUM"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZUNIONSTORE", "d", "2", "a", "b", "WITHSCORES"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZINTER", "1", "a", "LIMIT", "1")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZUNIONSTORE", "d", "2", "a", "s"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(encoding("d")).isNull();
  }

  @Test
  void resp3RepliesPairs() throws Exception {
    RespClient c3 = resp3();
    assertThat(strs(c3.call("ZINTER", "2", "a", "b", "WITHSCORES")))
        .isEqualTo(List.of(List.of("y", 12.0), List.of("z", 23.0)));
    assertThat(strs(c3.call("ZDIFF", "2", "a", "b"))).isEqualTo(List.of("x"));
  }

  @Test
  void negativeZeroSurvivesInRepliesButNotInStoredListpacks() {
    c.call("ZADD", "n", "0", "m");
    assertThat(call("ZUNION", "1", "n", "WEIGHTS", "-1", "WITHSCORES"))
        .isEqualTo(List.of("m", "-0"));
    c.call("ZUNIONSTORE", "d", "1", "n", "WEIGHTS", "-1");
    assertThat(call("ZSCORE", "d", "m")).isEqualTo("0");
  }
}
