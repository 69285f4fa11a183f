package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SORT and SORT_RO on lists and sets (the sorted-set family owns SORT but could test it only on
 * sorted sets), with BY/GET patterns reading hashes, and STORE replacing keys of every type.
 * Expected values measured on redis-server 7.0.15.
 */
class SortAcrossTypesTest extends CrossFamilySupport {

  @Test
  void sortsListsNumericallyAlphabeticallyAndInWindows() {
    RespClient c = resp();
    c.call("RPUSH", "l", "3", "1", "2", "10", "-5");
    assertThat(call(c, "SORT", "l")).isEqualTo(List.of("-5", "1", "2", "3", "10"));
    assertThat(call(c, "SORT", "l", "ALPHA")).isEqualTo(List.of("-5", "1", "10", "2", "3"));
    assertThat(call(c, "SORT", "l", "DESC")).isEqualTo(List.of("10", "3", "2", "1", "-5"));
    assertThat(call(c, "SORT", "l", "LIMIT", "1", "2")).isEqualTo(List.of("1", "2"));
    assertThat(call(c, "SORT", "l", "ALPHA", "DESC", "LIMIT", "2", "10"))
        .isEqualTo(List.of("10", "1", "-5"));
    assertThat(call(c, "SORT_RO", "l", "DESC", "LIMIT", "0", "1")).isEqualTo(List.of("10"));
    // SORT never changes its source.
    assertThat(call(c, "LRANGE", "l", "0", "-1")).isEqualTo(List.of("3", "1", "2", "10", "-5"));
  }

  @Test
  void byNosortKeepsListOrderDescReversesItAndLimitSelectsAWindow() {
    RespClient c = resp();
    c.call("RPUSH", "l", "3", "1", "2", "10", "-5");
    assertThat(call(c, "SORT", "l", "BY", "nosort")).isEqualTo(List.of("3", "1", "2", "10", "-5"));
    assertThat(call(c, "SORT", "l", "BY", "nosort", "DESC"))
        .isEqualTo(List.of("-5", "10", "2", "1", "3"));
    assertThat(call(c, "SORT", "l", "BY", "nosort", "LIMIT", "1", "3"))
        .isEqualTo(List.of("1", "2", "10"));
    assertThat(call(c, "SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "3"))
        .isEqualTo(List.of("10", "2", "1"));
    assertThat(call(c, "SORT", "l", "BY", "nosort", "LIMIT", "-1", "2"))
        .isEqualTo(List.of("3", "1"));
    assertThat(call(c, "SORT_RO", "l", "BY", "nosort", "LIMIT", "5", "-1")).isEqualTo(List.of());
  }

  @Test
  void sortsSetsOfBothEncodingsWithGetHash() {
    RespClient c = resp();
    c.call("SADD", "s", "c", "a", "b", "10", "2");
    c.call("SADD", "si", "5", "3", "9", "1");
    assertThat(call(c, "OBJECT", "ENCODING", "si")).isEqualTo("intset");
    assertThat(call(c, "SORT", "s", "ALPHA", "GET", "#"))
        .isEqualTo(List.of("10", "2", "a", "b", "c"));
    assertThat(call(c, "SORT", "si")).isEqualTo(List.of("1", "3", "5", "9"));
    assertThat(call(c, "SORT", "si", "DESC", "GET", "#", "LIMIT", "0", "2"))
        .isEqualTo(List.of("9", "5"));
    assertThat(call(c, "SORT_RO", "s", "ALPHA", "LIMIT", "0", "2")).isEqualTo(List.of("10", "2"));
    assertThat(c.call("SORT", "s"))
        .isEqualTo(err("ERR One or more scores can't be converted into double"));
  }

  @Test
  void byNosortStoreOnASetSortsAlphabeticallyForADeterministicResult() {
    RespClient c = resp();
    c.call("SADD", "s", "c", "a", "b", "10", "2");
    c.call("SADD", "si", "5", "3", "9", "1");
    assertThat(c.call("SORT", "s", "BY", "nosort", "STORE", "d1")).isEqualTo(5L);
    assertThat(call(c, "LRANGE", "d1", "0", "-1")).isEqualTo(List.of("10", "2", "a", "b", "c"));
    assertThat(c.call("SORT", "s", "BY", "nosort", "DESC", "STORE", "d1")).isEqualTo(5L);
    assertThat(call(c, "LRANGE", "d1", "0", "-1")).isEqualTo(List.of("c", "b", "a", "2", "10"));
    assertThat(c.call("SORT", "s", "BY", "nosort", "DESC", "LIMIT", "1", "2", "STORE", "d1"))
        .isEqualTo(2L);
    assertThat(call(c, "LRANGE", "d1", "0", "-1")).isEqualTo(List.of("b", "a"));
    // ALPHA, not numeric: "10" < "9" would show a numeric sort as 1 3 5 9 10.
    c.call("SADD", "si", "10");
    assertThat(c.call("SORT", "si", "BY", "nosort", "STORE", "d2")).isEqualTo(5L);
    assertThat(call(c, "LRANGE", "d2", "0", "-1")).isEqualTo(List.of("1", "10", "3", "5", "9"));
  }

  @Test
  void storeReturnsTheCountReplacesAnyTypeAndDropsTheTtl() {
    RespClient c = resp();
    c.call("RPUSH", "l", "3", "1", "2");
    fillEveryType(c);
    for (String target : EVERY_TYPE.keySet()) {
      c.call("EXPIRE", target, "1000");
      assertThat(c.call("SORT", "l", "STORE", target)).as(target).isEqualTo(3L);
      assertThat(c.call("TYPE", target)).as(target).isEqualTo("list");
      assertThat(c.call("TTL", target)).as(target).isEqualTo(-1L);
      assertThat(call(c, "LRANGE", target, "0", "-1")).as(target).isEqualTo(List.of("1", "2", "3"));
    }
    // An empty result deletes the destination.
    assertThat(c.call("SORT", "nokey", "STORE", "list")).isEqualTo(0L);
    assertThat(c.call("EXISTS", "list")).isEqualTo(0L);
    assertThat(c.call("SORT", "l", "LIMIT", "10", "1", "STORE", "l")).isEqualTo(0L);
    assertThat(c.call("EXISTS", "l")).isEqualTo(0L);
    assertThat(c.call("SORT_RO", "set", "STORE", "x")).isEqualTo(err("ERR syntax error"));
    c.call("SET", "str2", "1");
    c.call("HSET", "hash2", "f", "1");
    assertThat(c.call("SORT", "str2"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(c.call("SORT", "hash2"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void storeWritesEmptyStringsForMissingGetValues() {
    RespClient c = resp();
    c.call("SADD", "si", "5", "3", "9", "1");
    c.call("SET", "v_3", "three");
    assertThat(c.call("SORT", "si", "GET", "nokey_*", "GET", "#", "GET", "v_*", "STORE", "g"))
        .isEqualTo(12L);
    assertThat(call(c, "LRANGE", "g", "0", "-1"))
        .isEqualTo(List.of("", "1", "", "", "3", "three", "", "5", "", "", "9", ""));
    // Without STORE, the same lookups are nulls.
    assertThat(call(c, "SORT", "si", "GET", "v_*", "LIMIT", "0", "2"))
        .isEqualTo(Arrays.asList(null, "three"));
  }

  @Test
  void byAndGetPatternsReadHashFields() {
    RespClient c = resp();
    c.call("RPUSH", "ids", "1", "2", "3", "4");
    c.call("HSET", "w_1", "weight", "30", "name", "one");
    c.call("HSET", "w_2", "weight", "10", "name", "two");
    c.call("HSET", "w_3", "weight", "20", "name", "three");
    c.call("HSET", "w_4", "name", "four");
    assertThat(call(c, "SORT", "ids", "BY", "w_*->weight", "GET", "#", "GET", "w_*->name"))
        .isEqualTo(List.of("4", "four", "2", "two", "3", "three", "1", "one"));
    assertThat(call(c, "SORT", "ids", "BY", "w_*->weight", "DESC", "GET", "w_*->name"))
        .isEqualTo(List.of("one", "three", "two", "four"));
    assertThat(call(c, "SORT", "ids", "BY", "w_*->name", "ALPHA", "GET", "w_*->name"))
        .isEqualTo(List.of("four", "one", "three", "two"));
    assertThat(call(c, "SORT", "ids", "BY", "w_*->weight", "LIMIT", "0", "2", "GET", "w_*->name"))
        .isEqualTo(List.of("four", "two"));
    // A missing field weighs 0 for everyone: ties break on the element.
    assertThat(call(c, "SORT", "ids", "BY", "w_*->nofield")).isEqualTo(List.of("1", "2", "3", "4"));
    // "->" with no field name is part of the key name, which does not exist.
    assertThat(call(c, "SORT", "ids", "GET", "w_*->"))
        .isEqualTo(Arrays.asList(null, null, null, null));
    assertThat(c.call("SORT", "ids", "BY", "w_*->weight", "GET", "w_*->weight", "STORE", "out"))
        .isEqualTo(4L);
    assertThat(call(c, "LRANGE", "out", "0", "-1")).isEqualTo(List.of("", "10", "20", "30"));
    // A GET on a hash field of a key that is a list (or a string) finds nothing.
    c.call("RPUSH", "w_9", "x");
    c.call("RPUSH", "ids2", "9");
    assertThat(call(c, "SORT", "ids2", "GET", "w_*->name", "GET", "w_*"))
        .isEqualTo(Arrays.asList(null, null));
  }

  @Test
  void sortingASortedSetConvertsItAndNosortFollowsScores() {
    RespClient c = resp();
    c.call("ZADD", "z", "3", "c", "1", "a", "2", "b");
    assertThat(call(c, "OBJECT", "ENCODING", "z")).isEqualTo("listpack");
    assertThat(call(c, "SORT_RO", "z", "BY", "nosort")).isEqualTo(List.of("a", "b", "c"));
    assertThat(call(c, "OBJECT", "ENCODING", "z")).isEqualTo("skiplist");
    assertThat(call(c, "SORT", "z", "BY", "nosort", "DESC", "LIMIT", "0", "2"))
        .isEqualTo(List.of("c", "b"));
    c.call("HSET", "hdst", "f", "v");
    assertThat(c.call("SORT", "z", "BY", "nosort", "GET", "nothere", "STORE", "hdst"))
        .isEqualTo(3L);
    assertThat(call(c, "LRANGE", "hdst", "0", "-1")).isEqualTo(List.of("", "", ""));
  }
}
