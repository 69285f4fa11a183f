package io.banyan.node.command.zsets;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sorted-set commands in-process: Redis 7.0's replies for the edge cases. */
class ZSetsInProcessTest extends InProcessTestBase {
  private static List<String> strings(Object reply) {
    return ((List<?>) reply).stream().map(o -> o == null ? null : str(o)).toList();
  }

  @Test
  void zaddOptionConflictsAndScores() {
    InProcessClient c = client();
    assertThat(c.call("ZADD", "z", "1", "a", "2", "b")).isEqualTo(2L);
    assertThat(c.call("ZADD", "z", "NX", "XX", "1", "a"))
        .isEqualTo(new Err("ERR XX and NX options at the same time are not compatible"));
    assertThat(c.call("ZADD", "z", "GT", "LT", "1", "a"))
        .isEqualTo(new Err("ERR GT, LT, and/or NX options at the same time are not compatible"));
    assertThat(c.call("ZADD", "z", "INCR", "1", "a", "2", "b"))
        .isEqualTo(new Err("ERR INCR option supports a single increment-element pair"));
    assertThat(c.call("ZADD", "z", "XX", "INCR", "5", "zz")).isNull();
    assertThat(c.call("ZADD", "z", "nan", "a"))
        .isEqualTo(new Err("ERR value is not a valid float"));
    c.call("ZADD", "z", "inf", "x");
    assertThat(c.call("ZINCRBY", "z", "-inf", "x"))
        .isEqualTo(new Err("ERR resulting score is not a number (NaN)"));
  }

  @Test
  void rangesByScoreLexAndRank() {
    InProcessClient c = client();
    c.call("ZADD", "z", "1", "a", "1", "b", "1", "c", "2", "d");
    assertThat(strings(c.call("ZRANGEBYSCORE", "z", "(1", "+inf"))).containsExactly("d");
    assertThat(strings(c.call("ZRANGEBYLEX", "z", "-", "+", "LIMIT", "1", "1")))
        .containsExactly("b");
    assertThat(c.call("ZRANGEBYLEX", "z", "a", "b"))
        .isEqualTo(new Err("ERR min or max not valid string range item"));
    assertThat(c.call("ZRANGE", "z", "0", "-1", "REV", "LIMIT", "0", "1"))
        .isEqualTo(
            new Err(
                "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or"
                    + " BYLEX"));
    assertThat(strings(c.call("ZRANGE", "z", "0", "0", "REV", "WITHSCORES")))
        .containsExactly("d", "2");
    assertThat(c.call("ZRANK", "z", "c")).isEqualTo(2L);
    assertThat(strings(c.call("ZMSCORE", "z", "a", "zz"))).containsExactly("1", null);
    assertThat(c.call("ZRANGESTORE", "dst", "missing", "0", "-1")).isEqualTo(0L);
  }

  @Test
  void resp3ScoresAreDoublesAndPairsNest() {
    InProcessClient c = client();
    c.call("HELLO", "3");
    c.call("ZADD", "z", "1.5", "a");
    assertThat(c.call("ZSCORE", "z", "a")).isEqualTo(1.5);
    assertThat(c.call("ZSCORE", "z", "missing")).isNull();
    List<?> withScores = (List<?>) c.call("ZRANGE", "z", "0", "-1", "WITHSCORES");
    List<?> pair = (List<?>) withScores.get(0);
    assertThat(str(pair.get(0))).isEqualTo("a");
    assertThat(pair.get(1)).isEqualTo(1.5);
  }
}
