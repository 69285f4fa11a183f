package io.banyan.node.command.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.keys.KeyspaceTestSupport;
import io.banyan.node.command.keys.KeyspaceTestSupport.PropagationLog;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class CounterCommandsTest extends ServerTestBase {
  private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
  private static final Err OVERFLOW = new Err("ERR increment or decrement would overflow");
  private static final Err NOT_FLOAT = new Err("ERR value is not a valid float");

  private RespClient c;
  private PropagationLog propagated;

  @BeforeEach
  void connect() throws Exception {
    c = resp();
    propagated = KeyspaceTestSupport.recordPropagation(server);
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  @Test
  void incrementsThroughJedis() {
    Jedis j = jedis();
    assertThat(j.incr("n")).isEqualTo(1);
    assertThat(j.incrBy("n", 10)).isEqualTo(11);
    assertThat(j.decr("n")).isEqualTo(10);
    assertThat(j.decrBy("n", 15)).isEqualTo(-5);
    assertThat(j.get("n")).isEqualTo("-5");
    assertThat(j.incrByFloat("f", 1.5)).isEqualTo(1.5);
  }

  @Test
  void onlyCanonicalIntegersCount() {
    for (String bad :
        new String[] {" 1", "1 ", "+1", "01", "", "1.0", "abc", "99999999999999999999"}) {
      call("SET", "n", bad);
      assertThat(call("INCR", "n")).as("INCR on '%s'", bad).isEqualTo(NOT_INTEGER);
    }
    call("SET", "n", "-0");
    assertThat(call("INCR", "n")).isEqualTo(NOT_INTEGER);
    assertThat(call("INCRBY", "n", "1.5")).isEqualTo(NOT_INTEGER);
    assertThat(call("INCRBY", "n", " 1")).isEqualTo(NOT_INTEGER);
  }

  @Test
  void overflowIsRefusedAndLeavesTheValue() {
    call("SET", "n", "9223372036854775807");
    assertThat(call("INCR", "n")).isEqualTo(OVERFLOW);
    assertThat(RespClient.str(call("GET", "n"))).isEqualTo("9223372036854775807");
    call("SET", "n", "-9223372036854775808");
    assertThat(call("DECR", "n")).isEqualTo(OVERFLOW);
    assertThat(call("INCRBY", "n", "-1")).isEqualTo(OVERFLOW);
    assertThat(call("DECRBY", "n", "-9223372036854775808"))
        .isEqualTo(new Err("ERR decrement would overflow"));
    assertThat(call("INCRBY", "m", "-9223372036854775808")).isEqualTo(-9223372036854775808L);
    assertThat(call("DECRBY", "p", "9223372036854775807")).isEqualTo(-9223372036854775807L);
    assertThat(call("DECR", "p")).isEqualTo(-9223372036854775808L);
    assertThat(call("DECR", "p")).isEqualTo(OVERFLOW);
  }

  @Test
  void wrongTypeAndArgumentOrder() throws Exception {
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    Err wrongType = new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(call("INCR", "l")).isEqualTo(wrongType);
    // INCRBY validates its argument before looking at the key; INCRBYFLOAT the other way round.
    assertThat(call("INCRBY", "l", "x")).isEqualTo(NOT_INTEGER);
    assertThat(call("INCRBYFLOAT", "l", "x")).isEqualTo(wrongType);
  }

  @Test
  void countersKeepTheTimeToLive() {
    call("SET", "n", "1", "EX", "100");
    call("INCR", "n");
    call("INCRBYFLOAT", "n", "0.5");
    assertThat((Long) call("TTL", "n")).isBetween(99L, 100L);
    assertThat(RespClient.str(call("GET", "n"))).isEqualTo("2.5");
  }

  @Test
  void incrbyfloatPrintsLikeRedis() {
    assertThat(RespClient.str(call("SET", "f", "10.50"))).isEqualTo("OK");
    assertThat(RespClient.str(call("INCRBYFLOAT", "f", "0.1"))).isEqualTo("10.6");
    assertThat(RespClient.str(call("INCRBYFLOAT", "g", "0.1"))).isEqualTo("0.1");
    assertThat(RespClient.str(call("INCRBYFLOAT", "g", "0.2"))).isEqualTo("0.3");
    assertThat(RespClient.str(call("INCRBYFLOAT", "h", "5.0e3"))).isEqualTo("5000");
    assertThat(RespClient.str(call("INCRBYFLOAT", "h", "2.0e2"))).isEqualTo("5200");
    assertThat(RespClient.str(call("INCRBYFLOAT", "h", "-5200"))).isEqualTo("0");
    assertThat(RespClient.str(call("INCRBYFLOAT", "i", "1e-20"))).isEqualTo("0");
    assertThat(RespClient.str(call("INCRBYFLOAT", "j", "0x10"))).isEqualTo("16");
    assertThat(RespClient.str(call("INCRBYFLOAT", "k", "-.5"))).isEqualTo("-0.5");
    assertThat(RespClient.str(call("INCRBYFLOAT", "l", "3.0000000000000000001"))).isEqualTo("3");
    assertThat(RespClient.str(call("INCRBYFLOAT", "m", "123456789012345678901234567890")))
        .isEqualTo("123456789012345678899921813504");
  }

  @Test
  void incrbyfloatErrors() {
    call("SET", "f", "1");
    for (String bad :
        new String[] {"nan", " 1", "1 ", "", "1e", "0x", "abc", "1e5000", "1e-5000"}) {
      assertThat(call("INCRBYFLOAT", "f", bad)).as("increment '%s'", bad).isEqualTo(NOT_FLOAT);
    }
    assertThat(call("INCRBYFLOAT", "f", "inf"))
        .isEqualTo(new Err("ERR increment would produce NaN or Infinity"));
    call("SET", "s", "not a number");
    assertThat(call("INCRBYFLOAT", "s", "1")).isEqualTo(NOT_FLOAT);
    call("SET", "big", "1e4932");
    assertThat(call("INCRBYFLOAT", "big", "1e4932"))
        .isEqualTo(new Err("ERR increment would produce NaN or Infinity"));
    assertThat(RespClient.str(call("GET", "f"))).isEqualTo("1");
  }

  @Test
  void incrbyfloatPropagatesTheResultAsSetKeepttl() {
    call("INCRBYFLOAT", "f", "0.1");
    call("INCRBYFLOAT", "f", "0.2");
    call("INCR", "n");
    assertThat(propagated.entries())
        .containsExactly("0 SET f 0.1 KEEPTTL", "0 SET f 0.3 KEEPTTL", "0 INCR n");
  }

  @Test
  void incrbyfloatRepliesWithABulkStringInResp3() throws Exception {
    try (var r3 = KeyspaceTestSupport.rawResp3(server)) {
      assertThat(r3.exchange("INCRBYFLOAT", "f", "1.25")).isEqualTo("$4\r\n1.25\r\n");
      assertThat(r3.exchange("INCR", "n")).isEqualTo(":1\r\n");
    }
  }
}
