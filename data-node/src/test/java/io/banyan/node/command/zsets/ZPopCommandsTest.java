package io.banyan.node.command.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP. */
class ZPopCommandsTest extends ZSetTestSupport {
  private static final RespClient.Err WRONG_TYPE =
      err("WRONGTYPE Operation against a key holding the wrong kind of value");

  @Test
  void zpopReturnsFlatPairsInResp2AndDeletesTheEmptiedKey() throws Exception {
    RespClient c = resp();
    c.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
    assertThat(strs(c.call("ZPOPMIN", "z"))).isEqualTo(List.of("a", "1"));
    assertThat(strs(c.call("ZPOPMAX", "z", "2"))).isEqualTo(List.of("d", "4", "c", "3"));
    assertThat(strs(c.call("ZPOPMIN", "z", "10"))).isEqualTo(List.of("b", "2"));
    assertThat(encoding("z")).isNull();
    assertThat(strs(c.call("ZPOPMIN", "z"))).isEqualTo(List.of());
    assertThat(strs(c.call("ZPOPMIN", "z", "0"))).isEqualTo(List.of());
  }

  @Test
  void zpopNestsPairsInResp3OnlyWithACount() throws Exception {
    RespClient c3 = resp3();
    c3.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
    assertThat(strs(c3.call("ZPOPMIN", "z"))).isEqualTo(List.of("a", 1.0));
    assertThat(strs(c3.call("ZPOPMAX", "z", "1"))).isEqualTo(List.of(List.of("c", 3.0)));
    assertThat(strs(c3.call("ZPOPMIN", "nokey", "2"))).isEqualTo(List.of());
  }

  @Test
  void zpopErrors() {
    RespClient c = resp();
    c.call("SET", "s", "v");
    assertThat(c.call("ZPOPMIN", "z", "-1"))
        .isEqualTo(err("ERR value is out of range, must be positive"));
    assertThat(c.call("ZPOPMIN", "z", "x"))
        .isEqualTo(err("ERR value is out of range, must be positive"));
    assertThat(c.call("ZPOPMIN", "z", "1", "2")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZPOPMAX", "s")).isEqualTo(WRONG_TYPE);
    assertThat(c.call("ZPOPMIN", "s", "0")).isEqualTo(WRONG_TYPE);
    assertThat(c.call("ZPOPMIN"))
        .isEqualTo(err("ERR wrong number of arguments for 'zpopmin' command"));
  }

  @Test
  void zmpopPopsFromTheFirstNonEmptyKeyAndPropagatesAsZpop() throws Exception {
    RespClient c = resp();
    c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
    assertThat(strs(c.call("ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "2")))
        .isEqualTo(List.of("z", List.of(List.of("c", "3"), List.of("b", "2"))));
    assertThat(strs(c.call("ZMPOP", "1", "z", "min", "COUNT", "10")))
        .isEqualTo(List.of("z", List.of(List.of("a", "1"))));
    assertThat(c.call("ZMPOP", "1", "z", "MIN")).isNull();
    assertThat(propagated).containsExactly("ZADD z 1 a 2 b 3 c", "ZPOPMAX z 2", "ZPOPMIN z 1");
    RespClient c3 = resp3();
    c3.call("ZADD", "k", "5", "x");
    assertThat(strs(c3.call("ZMPOP", "1", "k", "MIN")))
        .isEqualTo(List.of("k", List.of(List.of("x", 5.0))));
    assertThat(c3.call("ZMPOP", "1", "k", "MIN")).isNull();
  }

  @Test
  void zmpopErrors() {
    RespClient c = resp();
    c.call("SET", "s", "v");
    assertThat(c.call("ZMPOP", "0", "z", "MIN"))
        .isEqualTo(err("ERR numkeys should be greater than 0"));
    assertThat(c.call("ZMPOP", "x", "z", "MIN"))
        .isEqualTo(err("ERR numkeys should be greater than 0"));
    assertThat(c.call("ZMPOP", "2", "z", "MIN")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZMPOP", "1", "z", "foo")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZMPOP", "1", "z", "MIN", "COUNT", "0"))
        .isEqualTo(err("ERR count should be greater than 0"));
    assertThat(c.call("ZMPOP", "1", "z", "MIN", "COUNT", "x"))
        .isEqualTo(err("ERR count should be greater than 0"));
    assertThat(c.call("ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1"))
        .isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZMPOP", "1", "z", "COUNT", "1", "MIN")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZMPOP", "2", "nokey", "s", "MIN")).isEqualTo(WRONG_TYPE);
    assertThat(c.call("ZMPOP", "1", "z"))
        .isEqualTo(err("ERR wrong number of arguments for 'zmpop' command"));
  }

  @Test
  void bzpopWithDataAnswersAtOnceAndPropagatesAsZpop() {
    RespClient c = resp();
    c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
    assertThat(strs(c.call("BZPOPMIN", "nokey", "z", "0"))).isEqualTo(List.of("z", "a", "1"));
    assertThat(strs(c.call("BZPOPMAX", "z", "0"))).isEqualTo(List.of("z", "c", "3"));
    assertThat(strs(c.call("BZMPOP", "0", "1", "z", "MIN", "COUNT", "5")))
        .isEqualTo(List.of("z", List.of(List.of("b", "2"))));
    assertThat(propagated)
        .containsExactly("ZADD z 1 a 2 b 3 c", "ZPOPMIN z", "ZPOPMAX z", "ZPOPMIN z 1");
  }

  @Test
  void bzpopErrorsAndWrongType() {
    RespClient c = resp();
    c.call("SET", "s", "v");
    assertThat(c.call("BZPOPMIN", "z", "x"))
        .isEqualTo(err("ERR timeout is not a float or out of range"));
    assertThat(c.call("BZPOPMIN", "z", "-1")).isEqualTo(err("ERR timeout is negative"));
    assertThat(c.call("BZPOPMIN", "nokey", "s", "1")).isEqualTo(WRONG_TYPE);
    assertThat(c.call("BZMPOP", "1", "2", "nokey", "s", "MIN")).isEqualTo(WRONG_TYPE);
    // BZMPOP checks its other arguments before the timeout.
    assertThat(c.call("BZMPOP", "x", "0", "z", "MIN"))
        .isEqualTo(err("ERR numkeys should be greater than 0"));
    assertThat(c.call("BZMPOP", "x", "1", "z", "MIN"))
        .isEqualTo(err("ERR timeout is not a float or out of range"));
    assertThat(c.call("BZMPOP", "-1", "1", "z", "foo")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("BZMPOP", "0", "1", "z", "MIN", "COUNT", "0"))
        .isEqualTo(err("ERR count should be greater than 0"));
    assertThat(c.call("BZPOPMIN", "z"))
        .isEqualTo(err("ERR wrong number of arguments for 'bzpopmin' command"));
  }

  @Test
  void bzpopTimesOutWithANullArray() throws Exception {
    RespClient c = resp();
    RespClient c3 = resp3();
    assertThat(c.call("BZPOPMIN", "z", "0.05")).isNull();
    assertThat(c3.call("BZPOPMAX", "z", "0.05")).isNull();
    assertThat(c.call("BZMPOP", "0.05", "1", "z", "MIN")).isNull();
    c.sendRaw("*3\r\n$8\r\nBZPOPMIN\r\n$1\r\nz\r\n$4\r\n0.01\r\n");
    // Exact RESP2 bytes: a null array, not a null bulk string.
    c.sendRaw("*2\r\n$4\r\nECHO\r\n$4\r\ndone\r\n");
    assertThat(c.read()).isNull();
    assertThat(strs(c.read())).isEqualTo("done");
    assertThat(blockedClients()).isZero();
    assertThat(propagated).isEmpty();
  }

  @Test
  void waitersAreServedInArrivalOrderOneMemberEach() throws Exception {
    RespClient first = resp();
    RespClient second = resp();
    RespClient third = resp();
    first.send("BZPOPMIN", "z", "0");
    awaitBlocked(1);
    second.send("BZPOPMIN", "other", "z", "0");
    awaitBlocked(2);
    third.send("BZPOPMAX", "z", "0");
    awaitBlocked(3);
    RespClient writer = resp();
    assertThat(writer.call("ZADD", "z", "1", "a", "2", "b")).isEqualTo(2L);
    assertThat(strs(first.read())).isEqualTo(List.of("z", "a", "1"));
    assertThat(strs(second.read())).isEqualTo(List.of("z", "b", "2"));
    awaitBlocked(1);
    writer.call("ZADD", "z", "9", "c");
    assertThat(strs(third.read())).isEqualTo(List.of("z", "c", "9"));
    awaitBlocked(0);
    assertThat(propagated)
        .containsExactly("ZADD z 1 a 2 b", "ZPOPMIN z", "ZPOPMIN z", "ZADD z 9 c", "ZPOPMAX z");
    assertThat(encoding("z")).isNull();
  }

  @Test
  void aWaiterIsServedFromWhicheverKeyReceivesData() throws Exception {
    RespClient waiter = resp3();
    waiter.send("BZPOPMAX", "k1", "k2", "0");
    awaitBlocked(1);
    RespClient writer = resp();
    writer.call("SET", "k1", "not-a-zset"); // another type on a waited key is passed over
    writer.call("ZADD", "k2", "3", "x");
    assertThat(strs(waiter.read())).isEqualTo(List.of("k2", "x", 3.0));
    assertThat(blockedClients()).isZero();
  }

  @Test
  void bzmpopWaitsThenPopsUpToCountAndPropagatesThePoppedCount() throws Exception {
    RespClient waiter = resp();
    waiter.send("BZMPOP", "0", "2", "a", "b", "MAX", "COUNT", "10");
    awaitBlocked(1);
    resp().call("ZADD", "b", "1", "x", "2", "y");
    assertThat(strs(waiter.read()))
        .isEqualTo(List.of("b", List.of(List.of("y", "2"), List.of("x", "1"))));
    assertThat(propagated).containsExactly("ZADD b 1 x 2 y", "ZPOPMAX b 2");
  }

  @Test
  void aServedClientRunsTheCommandsItPipelinedMeanwhile() throws Exception {
    RespClient waiter = resp();
    waiter.send("BZPOPMIN", "z", "0");
    awaitBlocked(1);
    waiter.send("ZCARD", "z");
    resp().call("ZADD", "z", "1", "a", "2", "b");
    assertThat(strs(waiter.read())).isEqualTo(List.of("z", "a", "1"));
    assertThat(waiter.read()).isEqualTo(1L);
  }

  @Test
  void aWaiterThatTimesOutLeavesNoTraceAndLaterDataStays() throws Exception {
    RespClient waiter = resp();
    waiter.send("BZPOPMIN", "z", "0.1");
    assertThat(waiter.read()).isNull();
    awaitBlocked(0);
    RespClient writer = resp();
    writer.call("ZADD", "z", "1", "a");
    assertThat(writer.call("ZCARD", "z")).isEqualTo(1L);
  }

  @Test
  void aDisconnectedWaiterIsForgotten() throws Exception {
    RespClient waiter = resp();
    waiter.send("BZPOPMIN", "z", "0");
    awaitBlocked(1);
    waiter.close();
    awaitBlocked(0);
    RespClient writer = resp();
    writer.call("ZADD", "z", "1", "a");
    assertThat(writer.call("ZCARD", "z")).isEqualTo(1L);
  }
}
