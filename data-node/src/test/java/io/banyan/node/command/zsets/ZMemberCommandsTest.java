package io.banyan.node.command.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.type.EncodingLimits;
import io.banyan.node.testing.RespClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ZAddParams;

/** ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK and ZREVRANK. */
class ZMemberCommandsTest extends ZSetTestSupport {

  @Test
  void zaddFlagsDecideWhatIsAddedUpdatedAndCounted() {
    RespClient c = resp();
    assertThat(c.call("ZADD", "z", "1", "a", "2", "b")).isEqualTo(2L);
    assertThat(c.call("ZADD", "z", "CH", "1", "a", "3", "b", "4", "c")).isEqualTo(2L);
    assertThat(c.call("ZADD", "z", "XX", "CH", "10", "a", "10", "nope")).isEqualTo(1L);
    assertThat(c.call("ZADD", "z", "NX", "5", "a", "6", "d")).isEqualTo(1L);
    assertThat(c.call("ZADD", "z", "GT", "CH", "1", "a", "20", "b")).isEqualTo(1L);
    assertThat(c.call("ZADD", "z", "LT", "CH", "100", "a", "0", "c")).isEqualTo(1L);
    assertThat(strs(c.call("ZRANGE", "z", "0", "-1", "WITHSCORES")))
        .isEqualTo(List.of("c", "0", "d", "6", "a", "10", "b", "20"));
    // GT/LT never stop new members.
    assertThat(c.call("ZADD", "z", "gt", "1", "e")).isEqualTo(1L);
  }

  @Test
  void zaddIncrRepliesTheNewScoreOrNullWhenNothingHappened() {
    RespClient c = resp();
    c.call("ZADD", "z", "10", "a");
    assertThat(strs(c.call("ZADD", "z", "INCR", "1.5", "a"))).isEqualTo("11.5");
    assertThat(c.call("ZADD", "z", "XX", "INCR", "1", "nope")).isNull();
    assertThat(c.call("ZADD", "z", "NX", "INCR", "1", "a")).isNull();
    assertThat(c.call("ZADD", "z", "GT", "INCR", "-1", "a")).isNull();
    assertThat(c.call("ZADD", "z", "LT", "INCR", "0", "a")).isNull();
    assertThat(strs(c.call("ZADD", "z", "GT", "INCR", "0.5", "a"))).isEqualTo("12");
    assertThat(c.call("ZADD", "nokey", "XX", "INCR", "1", "a")).isNull();
    assertThat(c.call("ZADD", "nokey", "XX", "1", "a")).isEqualTo(0L);
    assertThat(c.call("ZCARD", "nokey")).isEqualTo(0L);
  }

  @Test
  void zaddIncrToNotANumberIsAnErrorAndChangesNothing() {
    RespClient c = resp();
    c.call("ZADD", "z", "INCR", "inf", "a");
    assertThat(strs(c.call("ZSCORE", "z", "a"))).isEqualTo("inf");
    assertThat(c.call("ZADD", "z", "INCR", "-inf", "a"))
        .isEqualTo(err("ERR resulting score is not a number (NaN)"));
    assertThat(c.call("ZINCRBY", "z", "-inf", "a"))
        .isEqualTo(err("ERR resulting score is not a number (NaN)"));
    assertThat(strs(c.call("ZSCORE", "z", "a"))).isEqualTo("inf");
  }

  @Test
  void zaddOptionConflictsAndSyntaxErrorsInRedisOrder() {
    RespClient c = resp();
    assertThat(c.call("ZADD", "z", "NX", "XX", "1", "a"))
        .isEqualTo(err("ERR XX and NX options at the same time are not compatible"));
    assertThat(c.call("ZADD", "z", "NX", "GT", "1", "a"))
        .isEqualTo(err("ERR GT, LT, and/or NX options at the same time are not compatible"));
    assertThat(c.call("ZADD", "z", "GT", "LT", "x", "a"))
        .isEqualTo(err("ERR GT, LT, and/or NX options at the same time are not compatible"));
    assertThat(c.call("ZADD", "z", "NX", "XX")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZADD", "z", "1", "a", "2")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZADD", "z", "INCR", "1", "a", "2", "b"))
        .isEqualTo(err("ERR INCR option supports a single increment-element pair"));
    assertThat(c.call("ZADD", "z", "1", "a", "x", "b"))
        .isEqualTo(err("ERR value is not a valid float"));
    assertThat(c.call("ZADD", "z"))
        .isEqualTo(err("ERR wrong number of arguments for 'zadd' command"));
    assertThat(c.call("ZCARD", "z")).isEqualTo(0L); // nothing was created by the failures
  }

  @Test
  void scoresAreParsedLikeRedis() {
    RespClient c = resp();
    assertThat(
            c.call("ZADD", "z", "0x10", "hex", "infinity", "inf", "-INF", "ninf", "1e-310", "tiny"))
        .isEqualTo(4L);
    assertThat(strs(c.call("ZMSCORE", "z", "hex", "inf", "ninf", "tiny")))
        .isEqualTo(List.of("16", "inf", "-inf", "9.9999999999999694e-311"));
    for (String bad : List.of(" 1", "1 ", "", "nan", "1e400", "1e-400", "1.5p3", "abc")) {
      assertThat(c.call("ZADD", "z", bad, "m"))
          .as(bad)
          .isEqualTo(err("ERR value is not a valid float"));
    }
    assertThat(c.call("ZINCRBY", "z", "nan", "a")).isEqualTo(err("ERR value is not a valid float"));
  }

  @Test
  void scoresReplyInPercent17gAndAsRESP3Doubles() throws Exception {
    RespClient c = resp();
    c.call("ZADD", "z", "0.1", "x", "1e20", "y", "1234567", "w", "-0", "zero");
    assertThat(strs(c.call("ZRANGE", "z", "0", "-1", "WITHSCORES")))
        .isEqualTo(List.of("zero", "0", "x", "0.10000000000000001", "w", "1234567", "y", "1e+20"));
    RespClient c3 = resp3();
    assertThat(c3.call("ZSCORE", "z", "x")).isEqualTo(0.1);
    assertThat(c3.call("ZSCORE", "z", "nope")).isNull();
    assertThat(c3.call("ZMSCORE", "z", "x", "nope")).isEqualTo(java.util.Arrays.asList(0.1, null));
    assertThat(c3.call("ZINCRBY", "z", "1", "x")).isEqualTo(1.1);
    c3.sendRaw("*3\r\n$6\r\nZSCORE\r\n$1\r\nz\r\n$1\r\ny\r\n");
    assertThat(c3.read()).isEqualTo(1e20);
  }

  @Test
  void zincrbyCreatesTheMemberAndTheKey() {
    Jedis j = jedis();
    assertThat(j.zincrby("z", -0.5, "new")).isEqualTo(-0.5);
    assertThat(j.zincrby("z", 2, "new")).isEqualTo(1.5);
    assertThat(resp().call("ZINCRBY", "z", "x", "new"))
        .isEqualTo(err("ERR value is not a valid float"));
    assertThat(resp().call("ZINCRBY", "z", "1"))
        .isEqualTo(err("ERR wrong number of arguments for 'zincrby' command"));
  }

  @Test
  void scoreRankAndCardinalityReads() {
    Jedis j = jedis();
    j.zadd("z", 1, "a");
    j.zadd("z", 2, "b");
    j.zadd("z", 2, "c");
    j.zadd("z", 0, "d");
    assertThat(j.zcard("z")).isEqualTo(4);
    assertThat(j.zcard("nokey")).isZero();
    assertThat(j.zscore("z", "b")).isEqualTo(2.0);
    assertThat(j.zscore("z", "nope")).isNull();
    assertThat(j.zscore("nokey", "a")).isNull();
    assertThat(j.zmscore("z", "a", "nope", "c")).containsExactly(1.0, null, 2.0);
    assertThat(j.zmscore("nokey", "a")).containsExactly((Double) null);
    assertThat(j.zrank("z", "d")).isZero();
    assertThat(j.zrank("z", "c")).isEqualTo(3);
    assertThat(j.zrevrank("z", "c")).isZero();
    assertThat(j.zrevrank("z", "d")).isEqualTo(3);
    assertThat(j.zrank("z", "nope")).isNull();
    assertThat(j.zrank("nokey", "a")).isNull();
    RespClient c = resp();
    assertThat(c.call("ZRANK", "z", "a", "WITHSCORE"))
        .isEqualTo(err("ERR wrong number of arguments for 'zrank' command"));
    assertThat(c.call("ZMSCORE", "z"))
        .isEqualTo(err("ERR wrong number of arguments for 'zmscore' command"));
  }

  @Test
  void zremCountsRemovedMembersAndDeletesTheEmptiedKey() throws Exception {
    Jedis j = jedis();
    j.zadd("z", 1, "a");
    j.zadd("z", 2, "b");
    j.zadd("z", 3, "c");
    assertThat(j.zrem("z", "a", "nope", "c")).isEqualTo(2);
    assertThat(j.zrem("nokey", "a")).isZero();
    assertThat(j.zrem("z", "b", "b")).isEqualTo(1);
    assertThat(encoding("z")).isNull();
  }

  @Test
  void wrongTypeIsReportedByEveryMemberCommand() {
    Jedis j = jedis();
    j.set("s", "v");
    RespClient c = resp();
    RespClient.Err wrongType =
        err("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(c.call("ZADD", "s", "1", "a")).isEqualTo(wrongType);
    assertThat(c.call("ZADD", "s", "XX", "1", "a")).isEqualTo(wrongType);
    assertThat(c.call("ZINCRBY", "s", "1", "a")).isEqualTo(wrongType);
    assertThat(c.call("ZREM", "s", "a")).isEqualTo(wrongType);
    assertThat(c.call("ZCARD", "s")).isEqualTo(wrongType);
    assertThat(c.call("ZSCORE", "s", "a")).isEqualTo(wrongType);
    assertThat(c.call("ZMSCORE", "s", "a")).isEqualTo(wrongType);
    assertThat(c.call("ZRANK", "s", "a")).isEqualTo(wrongType);
    assertThat(c.call("ZREVRANK", "s", "a")).isEqualTo(wrongType);
    // Argument errors come before the type check.
    assertThat(c.call("ZADD", "s", "x", "a")).isEqualTo(err("ERR value is not a valid float"));
    assertThat(strs(c.call("GET", "s"))).isEqualTo("v");
  }

  @Test
  void encodingFollowsTheListpackLimitsOneWay() throws Exception {
    Jedis j = jedis();
    int limit = EncodingLimits.zsetMaxListpackEntries;
    for (int i = 0; i < limit; i++) {
      j.zadd("z", i, "m" + i);
    }
    assertThat(encoding("z")).isEqualTo("listpack");
    j.zadd("z", 0, "one-more");
    assertThat(encoding("z")).isEqualTo("skiplist");
    j.zremrangeByRank("z", 0, -10);
    assertThat(encoding("z")).isEqualTo("skiplist");

    j.zadd("long", 1, "x".repeat(EncodingLimits.zsetMaxListpackValue + 1));
    assertThat(encoding("long")).isEqualTo("skiplist");
    j.zadd("short", 1, "x");
    j.zadd("short", 2, "y".repeat(EncodingLimits.zsetMaxListpackValue + 1));
    assertThat(encoding("short")).isEqualTo("skiplist");
    assertThat(j.zrange("short", 0, -1)).hasSize(2);
  }

  @Test
  void negativeZeroBecomesZeroInAListpackOnly() {
    RespClient c = resp();
    c.call("ZADD", "small", "-0", "a");
    assertThat(strs(c.call("ZSCORE", "small", "a"))).isEqualTo("0");
    c.call("ZADD", "big", "-0", "x".repeat(EncodingLimits.zsetMaxListpackValue + 1));
    assertThat(strs(c.call("ZSCORE", "big", "x".repeat(EncodingLimits.zsetMaxListpackValue + 1))))
        .isEqualTo("-0");
  }

  @Test
  void writesPropagateAsIsOnlyWhenTheyChangeSomething() {
    RespClient c = resp();
    c.call("ZADD", "z", "1", "a");
    c.call("ZADD", "z", "1", "a"); // same score: no change
    c.call("ZADD", "z", "INCR", "2", "a");
    c.call("ZREM", "z", "nope");
    c.call("ZINCRBY", "z", "1", "a");
    c.call("ZREM", "z", "a");
    assertThat(propagated)
        .containsExactly("ZADD z 1 a", "ZADD z INCR 2 a", "ZINCRBY z 1 a", "ZREM z a");
  }

  @Test
  void jedisParamsRoundTrip() {
    Jedis j = jedis();
    assertThat(j.zadd("z", 5, "a", ZAddParams.zAddParams().nx())).isEqualTo(1);
    assertThat(j.zadd("z", 6, "a", ZAddParams.zAddParams().nx())).isZero();
    assertThat(j.zadd("z", 7, "a", ZAddParams.zAddParams().xx().ch())).isEqualTo(1);
    assertThat(j.zscore("z", "a")).isEqualTo(7.0);
  }
}
