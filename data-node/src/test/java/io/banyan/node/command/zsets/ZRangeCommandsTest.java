package io.banyan.node.command.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ZRANGE in all its forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*. */
class ZRangeCommandsTest extends ZSetTestSupport {
  private RespClient c;

  @BeforeEach
  void data() {
    c = resp();
    c.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
    c.call("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "f", "0", "g");
  }

  private Object range(Object... args) {
    return strs(c.call(args));
  }

  @Test
  void byRankWithNegativeIndexesClampingAndReverse() {
    assertThat(range("ZRANGE", "z", "1", "-2")).isEqualTo(List.of("b", "c", "d"));
    assertThat(range("ZRANGE", "z", "-100", "100", "REV"))
        .isEqualTo(List.of("e", "d", "c", "b", "a"));
    assertThat(range("ZRANGE", "z", "3", "1")).isEqualTo(List.of());
    assertThat(range("ZRANGE", "z", "5", "10")).isEqualTo(List.of());
    assertThat(range("ZREVRANGE", "z", "0", "1", "WITHSCORES"))
        .isEqualTo(List.of("e", "5", "d", "4"));
    assertThat(range("ZRANGE", "nokey", "0", "-1")).isEqualTo(List.of());
  }

  @Test
  void byScoreWithExclusiveBoundsInfinitiesLimitAndReverse() {
    assertThat(range("ZRANGE", "z", "2", "+inf", "BYSCORE", "LIMIT", "1", "2", "WITHSCORES"))
        .isEqualTo(List.of("c", "3", "d", "4"));
    assertThat(range("ZRANGE", "z", "(4", "2", "BYSCORE", "REV")).isEqualTo(List.of("c", "b"));
    assertThat(range("ZRANGE", "z", "(1", "(5", "BYSCORE")).isEqualTo(List.of("b", "c", "d"));
    assertThat(range("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "2", "-1"))
        .isEqualTo(List.of("c", "d", "e"));
    assertThat(range("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2"))
        .isEqualTo(List.of());
    assertThat(range("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "0", "0")).isEqualTo(List.of());
    assertThat(range("ZREVRANGEBYSCORE", "z", "4", "(1", "WITHSCORES", "LIMIT", "0", "2"))
        .isEqualTo(List.of("d", "4", "c", "3"));
    assertThat(range("ZRANGEBYSCORE", "z", "(3", "(3")).isEqualTo(List.of());
    assertThat(range("ZRANGEBYSCORE", "z", "3", "3")).isEqualTo(List.of("c"));
    // strtod quirks: leading space, hex, and an empty bound meaning 0.
    assertThat(range("ZRANGEBYSCORE", "z", " 2", "0x3")).isEqualTo(List.of("b", "c"));
    assertThat(range("ZRANGEBYSCORE", "z", "(", "1")).isEqualTo(List.of("a"));
  }

  @Test
  void byLexWithLimitAndReverse() {
    assertThat(range("ZRANGE", "l", "[b", "(e", "BYLEX")).isEqualTo(List.of("b", "c", "d"));
    assertThat(range("ZRANGE", "l", "(e", "[b", "BYLEX", "REV", "LIMIT", "1", "5"))
        .isEqualTo(List.of("c", "b"));
    assertThat(range("ZRANGEBYLEX", "l", "-", "[c", "LIMIT", "1", "1")).isEqualTo(List.of("b"));
    assertThat(range("ZREVRANGEBYLEX", "l", "+", "-", "LIMIT", "0", "3"))
        .isEqualTo(List.of("g", "f", "e"));
    assertThat(range("ZRANGEBYLEX", "l", "+", "-")).isEqualTo(List.of());
    assertThat(range("ZREVRANGEBYLEX", "l", "[a", "(c")).isEqualTo(List.of());
    assertThat(range("ZRANGEBYLEX", "l", "-", "+", "LIMIT", "1", "-1"))
        .isEqualTo(List.of("b", "c", "d", "e", "f", "g"));
  }

  @Test
  void optionErrors() {
    assertThat(c.call("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"))
        .isEqualTo(
            err(
                "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or"
                    + " BYLEX"));
    assertThat(c.call("ZREVRANGE", "z", "0", "1", "LIMIT", "0", "1"))
        .isEqualTo(
            err(
                "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or"
                    + " BYLEX"));
    assertThat(c.call("ZRANGE", "l", "[a", "[b", "BYLEX", "WITHSCORES"))
        .isEqualTo(err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
    assertThat(c.call("ZRANGEBYLEX", "l", "-", "+", "WITHSCORES"))
        .isEqualTo(err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
    assertThat(c.call("ZRANGE", "z", "a", "b", "BYLEX"))
        .isEqualTo(err("ERR min or max not valid string range item"));
    assertThat(c.call("ZRANGEBYLEX", "l", "+x", "+"))
        .isEqualTo(err("ERR min or max not valid string range item"));
    assertThat(c.call("ZRANGE", "z", "x", "1", "BYSCORE"))
        .isEqualTo(err("ERR min or max is not a float"));
    assertThat(c.call("ZRANGEBYSCORE", "z", "(nan", "1"))
        .isEqualTo(err("ERR min or max is not a float"));
    assertThat(c.call("ZRANGEBYSCORE", "z", "1 ", "2"))
        .isEqualTo(err("ERR min or max is not a float"));
    assertThat(c.call("ZRANGE", "z", "x", "1"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("ZRANGE", "z", "0", "1", "REV", "REV")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZRANGE", "z", "0", "1", "LIMIT", "0")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "x", "1"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("ZRANGEBYSCORE", "z", "0", "1", "REV")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZRANGEBYSCORE", "z", "0", "1", "BYSCORE"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZRANGESTORE", "d", "z", "0", "1", "WITHSCORES"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZRANGE", "z", "0"))
        .isEqualTo(err("ERR wrong number of arguments for 'zrange' command"));
    // Arguments are checked before the key, even a missing one.
    assertThat(c.call("ZRANGE", "nokey", "0", "1", "LIMIT", "1", "1"))
        .isEqualTo(
            err(
                "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or"
                    + " BYLEX"));
    c.call("SET", "s", "v");
    assertThat(c.call("ZRANGE", "s", "0", "1"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void withScoresInResp3IsAnArrayOfPairs() throws Exception {
    RespClient c3 = resp3();
    assertThat(strs(c3.call("ZRANGE", "z", "0", "1", "WITHSCORES")))
        .isEqualTo(List.of(List.of("a", 1.0), List.of("b", 2.0)));
    assertThat(strs(c3.call("ZREVRANGEBYSCORE", "z", "+inf", "4", "WITHSCORES")))
        .isEqualTo(List.of(List.of("e", 5.0), List.of("d", 4.0)));
    assertThat(strs(c3.call("ZRANGE", "z", "0", "1"))).isEqualTo(List.of("a", "b"));
    assertThat(strs(c3.call("ZRANGE", "nokey", "0", "1", "WITHSCORES"))).isEqualTo(List.of());
  }

  @Test
  void zrangestoreStoresReplacesAndDeletes() throws Exception {
    assertThat(c.call("ZRANGESTORE", "dst", "z", "1", "3", "BYSCORE", "REV")).isEqualTo(0L);
    assertThat(c.call("ZRANGESTORE", "dst", "z", "3", "1", "BYSCORE", "REV")).isEqualTo(3L);
    assertThat(range("ZRANGE", "dst", "0", "-1", "WITHSCORES"))
        .isEqualTo(List.of("a", "1", "b", "2", "c", "3"));
    assertThat(encoding("dst")).isEqualTo("listpack");
    c.call("SET", "str", "v");
    assertThat(c.call("ZRANGESTORE", "str", "l", "[f", "+", "BYLEX")).isEqualTo(2L);
    assertThat(range("ZRANGE", "str", "0", "-1")).isEqualTo(List.of("f", "g"));
    assertThat(c.call("ZRANGESTORE", "dst", "z", "10", "20")).isEqualTo(0L);
    assertThat(encoding("dst")).isNull();
    assertThat(c.call("ZRANGESTORE", "str", "nokey", "0", "-1")).isEqualTo(0L);
    assertThat(encoding("str")).isNull();
    assertThat(c.call("ZRANGESTORE", "z", "z", "0", "0")).isEqualTo(1L);
    assertThat(range("ZRANGE", "z", "0", "-1")).isEqualTo(List.of("a"));
  }

  @Test
  void zcountAndZlexcount() {
    assertThat(c.call("ZCOUNT", "z", "(1", "3")).isEqualTo(2L);
    assertThat(c.call("ZCOUNT", "z", "3", "1")).isEqualTo(0L);
    assertThat(c.call("ZCOUNT", "z", "-inf", "+inf")).isEqualTo(5L);
    assertThat(c.call("ZCOUNT", "nokey", "-inf", "+inf")).isEqualTo(0L);
    assertThat(c.call("ZCOUNT", "z", "x", "1")).isEqualTo(err("ERR min or max is not a float"));
    assertThat(c.call("ZLEXCOUNT", "l", "-", "+")).isEqualTo(7L);
    assertThat(c.call("ZLEXCOUNT", "l", "(a", "[c")).isEqualTo(2L);
    assertThat(c.call("ZLEXCOUNT", "l", "[c", "(a")).isEqualTo(0L);
    assertThat(c.call("ZLEXCOUNT", "l", "a", "c"))
        .isEqualTo(err("ERR min or max not valid string range item"));
  }

  @Test
  void zremrangeByRankScoreAndLex() {
    assertThat(c.call("ZREMRANGEBYRANK", "z", "-2", "-1")).isEqualTo(2L);
    assertThat(c.call("ZREMRANGEBYSCORE", "z", "(1", "2")).isEqualTo(1L);
    assertThat(range("ZRANGE", "z", "0", "-1")).isEqualTo(List.of("a", "c"));
    assertThat(c.call("ZREMRANGEBYRANK", "z", "5", "10")).isEqualTo(0L);
    assertThat(c.call("ZREMRANGEBYLEX", "l", "[b", "(d")).isEqualTo(2L);
    assertThat(range("ZRANGE", "l", "0", "-1")).isEqualTo(List.of("a", "d", "e", "f", "g"));
    assertThat(c.call("ZREMRANGEBYLEX", "l", "-", "+")).isEqualTo(5L);
    assertThat(c.call("ZCARD", "l")).isEqualTo(0L);
    assertThat(c.call("ZREMRANGEBYSCORE", "nokey", "-inf", "+inf")).isEqualTo(0L);
    assertThat(c.call("ZREMRANGEBYRANK", "z", "x", "1"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("ZREMRANGEBYSCORE", "z", "x", "1"))
        .isEqualTo(err("ERR min or max is not a float"));
    assertThat(c.call("ZREMRANGEBYLEX", "z", "x", "1"))
        .isEqualTo(err("ERR min or max not valid string range item"));
    assertThat(c.call("ZREMRANGEBYSCORE", "z", "-inf", "+inf")).isEqualTo(2L);
    assertThat(c.call("ZCARD", "z")).isEqualTo(0L);
    assertThat(propagated)
        .contains("ZREMRANGEBYRANK z -2 -1")
        .doesNotContain("ZREMRANGEBYRANK z 5 10");
  }

  /** Range queries against a TreeMap-free model: every member has score i/3, with ties. */
  @ParameterizedTest
  @ValueSource(ints = {50, 400})
  void rangesAgreeWithAModelInBothEncodings(int size) throws Exception {
    java.util.List<String> members = new java.util.ArrayList<>();
    java.util.List<Object> args = new java.util.ArrayList<>(List.of("ZADD", "big"));
    for (int i = 0; i < size; i++) {
      String m = String.format("m%04d", i);
      members.add(m);
      args.add(Integer.toString(i / 3));
      args.add(m);
    }
    c.call(args.toArray());
    assertThat(encoding("big")).isEqualTo(size > 128 ? "skiplist" : "listpack");
    java.util.Random rnd = new java.util.Random(size);
    for (int t = 0; t < 200; t++) {
      int lo = rnd.nextInt(size / 3 + 2) - 1;
      int hi = rnd.nextInt(size / 3 + 2) - 1;
      boolean loEx = rnd.nextBoolean();
      boolean hiEx = rnd.nextBoolean();
      int offset = rnd.nextInt(5);
      int count = rnd.nextInt(8) - 1;
      boolean rev = rnd.nextBoolean();
      java.util.List<String> expected = new java.util.ArrayList<>();
      for (int i = 0; i < size; i++) {
        int s = i / 3;
        if ((loEx ? s > lo : s >= lo) && (hiEx ? s < hi : s <= hi)) {
          expected.add(members.get(i));
        }
      }
      if (rev) {
        java.util.Collections.reverse(expected);
      }
      java.util.List<String> limited =
          expected.subList(Math.min(offset, expected.size()), expected.size());
      if (count >= 0) {
        limited = limited.subList(0, Math.min(count, limited.size()));
      }
      String min = (loEx ? "(" : "") + lo;
      String max = (hiEx ? "(" : "") + hi;
      Object got =
          rev
              ? range("ZRANGE", "big", max, min, "BYSCORE", "REV", "LIMIT", offset, count)
              : range("ZRANGE", "big", min, max, "BYSCORE", "LIMIT", offset, count);
      assertThat(got)
          .as("%s %s rev=%s limit %d %d", min, max, rev, offset, count)
          .isEqualTo(limited);
      assertThat(c.call("ZCOUNT", "big", min, max)).isEqualTo((long) expected.size());
      int start = rnd.nextInt(size * 2) - size;
      int stop = rnd.nextInt(size * 2) - size;
      int s0 = start < 0 ? Math.max(0, start + size) : start;
      int s1 = Math.min(size - 1, stop < 0 ? stop + size : stop);
      java.util.List<String> byRank =
          s0 > s1 || s0 >= size ? List.of() : members.subList(s0, s1 + 1);
      assertThat(range("ZRANGE", "big", start, stop)).isEqualTo(byRank);
    }
  }
}
