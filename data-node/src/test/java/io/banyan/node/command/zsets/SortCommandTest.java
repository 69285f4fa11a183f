package io.banyan.node.command.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SORT and SORT_RO on sorted sets, with BY and GET patterns reading string keys. */
class SortCommandTest extends ZSetTestSupport {
  private RespClient c;

  @BeforeEach
  void data() {
    c = resp();
    c.call("ZADD", "nums", "1", "3", "2", "1", "3", "2", "4", "10", "5", "-0.5");
    c.call("ZADD", "z", "3", "a", "1", "b", "2", "c", "10", "d");
  }

  private Object call(Object... args) {
    return strs(c.call(args));
  }

  @Test
  void sortsNumericallyByDefaultWithLimitAndDirection() {
    assertThat(call("SORT", "nums")).isEqualTo(List.of("-0.5", "1", "2", "3", "10"));
    assertThat(call("SORT", "nums", "DESC", "LIMIT", "1", "2")).isEqualTo(List.of("3", "2"));
    assertThat(call("SORT", "nums", "LIMIT", "-5", "2")).isEqualTo(List.of("-0.5", "1"));
    assertThat(call("SORT", "nums", "LIMIT", "10", "2")).isEqualTo(List.of());
    assertThat(call("SORT", "nums", "LIMIT", "0", "0")).isEqualTo(List.of());
    assertThat(call("SORT", "nums", "LIMIT", "3", "9223372036854775807"))
        .isEqualTo(List.of("3", "10"));
    assertThat(call("SORT", "nums", "ASC", "DESC", "ASC"))
        .isEqualTo(List.of("-0.5", "1", "2", "3", "10"));
    assertThat(call("SORT", "nokey")).isEqualTo(List.of());
  }

  @Test
  void alphaSortsByBytes() {
    assertThat(call("SORT", "nums", "ALPHA")).isEqualTo(List.of("-0.5", "1", "10", "2", "3"));
    assertThat(call("SORT", "z", "ALPHA", "DESC")).isEqualTo(List.of("d", "c", "b", "a"));
    assertThat(call("SORT_RO", "z", "ALPHA", "LIMIT", "0", "1")).isEqualTo(List.of("a"));
  }

  @Test
  void nonNumericElementsOrWeightsAreAnError() {
    assertThat(c.call("SORT", "z"))
        .isEqualTo(err("ERR One or more scores can't be converted into double"));
    c.call("SET", "w_3", "1");
    c.call("SET", "w_1", "2");
    c.call("SET", "w_2", "3");
    c.call("SET", "w_10", "x");
    assertThat(c.call("SORT", "nums", "BY", "w_*"))
        .isEqualTo(err("ERR One or more scores can't be converted into double"));
    c.call("SET", "w_10", "1e400");
    assertThat(c.call("SORT", "nums", "BY", "w_*"))
        .isEqualTo(err("ERR One or more scores can't be converted into double"));
  }

  @Test
  void byPatternWeightsMissingOnesCountAsZeroAndTiesCompareElements() {
    c.call("SET", "w_3", "1");
    c.call("SET", "w_1", "2");
    c.call("SET", "w_2", "3");
    c.call("SET", "w_10", " 0");
    assertThat(call("SORT", "nums", "BY", "w_*", "GET", "#", "GET", "w_*"))
        .isEqualTo(Arrays.asList("-0.5", null, "10", " 0", "3", "1", "1", "2", "2", "3"));
    assertThat(call("SORT", "nums", "BY", "w_*", "LIMIT", "0", "2"))
        .isEqualTo(List.of("-0.5", "10"));
    // A hash dereference on keys that are not hashes finds nothing: everything weighs 0.
    assertThat(call("SORT", "nums", "BY", "w_*->f"))
        .isEqualTo(List.of("-0.5", "1", "10", "2", "3"));
    c.call("SET", "w_a", "5");
    c.call("SET", "w_b", "-1");
    c.call("SET", "w_c", "2.5");
    c.call("SET", "w_d", "6");
    assertThat(call("SORT", "z", "BY", "w_*", "DESC")).isEqualTo(List.of("d", "a", "c", "b"));
    assertThat(call("SORT", "z", "BY", "w_*", "ALPHA")).isEqualTo(List.of("b", "c", "a", "d"));
  }

  @Test
  void byPatternWithoutStarKeepsTheSortedSetOrder() throws Exception {
    c.call("SET", "o_3", "three");
    c.call("SET", "o_10", "ten");
    assertThat(call("SORT", "z", "BY", "nosort")).isEqualTo(List.of("b", "c", "a", "d"));
    assertThat(call("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"))
        .isEqualTo(List.of("a", "c"));
    assertThat(call("SORT", "nums", "BY", "nosort", "GET", "o_*", "LIMIT", "1", "3"))
        .isEqualTo(Arrays.asList(null, null, "ten")); // members "1", "2", "10"
    // Once a pattern without '*' was given, sorting stays off.
    assertThat(call("SORT", "z", "BY", "nosort", "BY", "w_*"))
        .isEqualTo(List.of("b", "c", "a", "d"));
    // Redis 7.0 converts a sorted set to its skiplist encoding when sorting it.
    assertThat(encoding("z")).isEqualTo("skiplist");
  }

  @Test
  void getPatterns() throws Exception {
    c.call("SET", "o_a", "A");
    c.call("SET", "o_b", "B");
    c.call("ZADD", "a", "1", "x"); // key "a" holds a sorted set
    assertThat(call("SORT", "z", "ALPHA", "GET", "o_*", "GET", "#", "GET", "fixed"))
        .isEqualTo(Arrays.asList("A", "a", null, "B", "b", null, null, "c", null, null, "d", null));
    // A GET key that holds another type gives null.
    assertThat(call("SORT", "z", "ALPHA", "LIMIT", "0", "1", "GET", "*"))
        .isEqualTo(Arrays.asList((Object) null));
    RespClient c3 = resp3();
    assertThat(strs(c3.call("SORT", "z", "ALPHA", "LIMIT", "0", "1", "GET", "nokey_*")))
        .isEqualTo(Arrays.asList((Object) null));
  }

  @Test
  void syntaxErrorsAndTypes() {
    c.call("SET", "s", "v");
    assertThat(c.call("SORT", "nums", "GET")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("SORT", "nums", "STORE")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("SORT", "nums", "LIMIT", "1")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("SORT", "nums", "LIMIT", "1", "x"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("SORT_RO", "nums", "STORE", "d")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("SORT", "nums", "FOO")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("SORT", "s"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(c.call("SORT")).isEqualTo(err("ERR wrong number of arguments for 'sort' command"));
  }

  @Test
  void storeOfAnEmptyResultDeletesTheDestination() throws Exception {
    c.call("SET", "dst", "v");
    assertThat(c.call("SORT", "nokey", "STORE", "dst")).isEqualTo(0L);
    assertThat(c.call("GET", "dst")).isNull();
    assertThat(c.call("SORT", "nums", "LIMIT", "0", "0", "STORE", "dst")).isEqualTo(0L);
  }
}
