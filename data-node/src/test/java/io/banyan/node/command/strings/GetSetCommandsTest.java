package io.banyan.node.command.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.keys.KeyspaceTestSupport;
import io.banyan.node.command.keys.KeyspaceTestSupport.PropagationLog;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

class GetSetCommandsTest extends ServerTestBase {
  private static final Err WRONG_TYPE =
      new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
  private static final Err SYNTAX = new Err("ERR syntax error");

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

  private String str(Object... args) {
    return RespClient.str(c.call(args));
  }

  @Test
  void getAndSetThroughJedis() {
    Jedis j = jedis();
    assertThat(j.get("k")).isNull();
    assertThat(j.set("k", "v")).isEqualTo("OK");
    assertThat(j.get("k")).isEqualTo("v");
    assertThat(j.set("k", "w", SetParams.setParams().nx())).isNull();
    assertThat(j.set("k", "w", SetParams.setParams().xx().ex(100))).isEqualTo("OK");
    assertThat(j.ttl("k")).isBetween(99L, 100L);
    assertThat(j.setGet("k", "x")).isEqualTo("w");
    assertThat(j.ttl("k")).isEqualTo(-1);
  }

  @Test
  void binaryValuesRoundTrip() {
    byte[] value = {0, (byte) 0xff, '\r', '\n', 7};
    assertThat(call("SET", "bin", value)).isEqualTo("OK");
    assertThat((byte[]) call("GET", "bin")).isEqualTo(value);
  }

  @Test
  void getOnOtherTypeIsWrongType() throws Exception {
    KeyspaceTestSupport.putOtherType(server, 0, "list", ValueType.LIST);
    assertThat(call("GET", "list")).isEqualTo(WRONG_TYPE);
    // SET replaces a value of any type.
    assertThat(call("SET", "list", "v")).isEqualTo("OK");
    assertThat(str("GET", "list")).isEqualTo("v");
  }

  @Test
  void setConditionsAndGet() {
    assertThat(call("SET", "k", "a", "XX")).isNull();
    assertThat(call("EXISTS", "k")).isEqualTo(0L);
    assertThat(call("SET", "k", "a", "NX")).isEqualTo("OK");
    assertThat(call("SET", "k", "b", "NX")).isNull();
    assertThat(str("SET", "k", "b", "XX", "GET")).isEqualTo("a");
    // NX with GET (allowed since 7.0): the old value comes back and nothing is stored.
    assertThat(str("SET", "k", "c", "NX", "GET")).isEqualTo("b");
    assertThat(str("GET", "k")).isEqualTo("b");
    assertThat(call("SET", "new", "v", "GET")).isNull();
    assertThat(str("GET", "new")).isEqualTo("v");
    assertThat(call("SET", "k", "v", "nx", "nx")).isNull();
  }

  @Test
  void setGetOnOtherTypeFailsWithoutStoring() throws Exception {
    KeyspaceTestSupport.putOtherType(server, 0, "h", ValueType.HASH);
    assertThat(call("SET", "h", "v", "GET")).isEqualTo(WRONG_TYPE);
    assertThat(call("TYPE", "h")).isEqualTo("hash");
  }

  @Test
  void setOptionConflictsAreSyntaxErrors() {
    assertThat(call("SET", "k", "v", "NX", "XX")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "XX", "NX")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "KEEPTTL", "EX", "10")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "EX", "10", "KEEPTTL")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "EX", "10", "PX", "10")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "EXAT", "10", "PXAT", "10")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "EX")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "PERSIST")).isEqualTo(SYNTAX);
    assertThat(call("SET", "k", "v", "FOO")).isEqualTo(SYNTAX);
    assertThat(call("EXISTS", "k")).isEqualTo(0L);
    // The same expiry option twice is fine: the last one wins.
    assertThat(call("SET", "k", "v", "EX", "10", "EX", "1000")).isEqualTo("OK");
    assertThat((Long) call("TTL", "k")).isBetween(999L, 1000L);
  }

  @Test
  void setExpiryValidation() {
    Err invalid = new Err("ERR invalid expire time in 'set' command");
    assertThat(call("SET", "k", "v", "EX", "0")).isEqualTo(invalid);
    assertThat(call("SET", "k", "v", "PX", "-1")).isEqualTo(invalid);
    assertThat(call("SET", "k", "v", "EX", "9223372036854776")).isEqualTo(invalid);
    assertThat(call("SET", "k", "v", "PX", "9223372036854775807")).isEqualTo(invalid);
    assertThat(call("SET", "k", "v", "EX", "abc"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(call("SET", "k", "v", "EX", " 10"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(call("EXISTS", "k")).isEqualTo(0L);
    assertThat(call("SET", "k", "v", "PXAT", "9223372036854775807")).isEqualTo("OK");
    assertThat(call("PEXPIRETIME", "k")).isEqualTo(9223372036854775807L);
  }

  @Test
  void setExpiryFormsAndKeepTtl() {
    long now = System.currentTimeMillis();
    assertThat(call("SET", "k", "v", "PX", "50000")).isEqualTo("OK");
    assertThat((Long) call("PTTL", "k")).isBetween(49_000L, 50_000L);
    assertThat(call("SET", "k", "v2", "KEEPTTL")).isEqualTo("OK");
    assertThat((Long) call("PTTL", "k")).isBetween(49_000L, 50_000L);
    assertThat(call("SET", "k", "v3")).isEqualTo("OK");
    assertThat(call("PTTL", "k")).isEqualTo(-1L);
    long at = now / 1000 + 1000;
    assertThat(call("SET", "k", "v", "EXAT", at)).isEqualTo("OK");
    assertThat(call("EXPIRETIME", "k")).isEqualTo(at);
    assertThat(call("SET", "k", "v", "PXAT", at * 1000 + 7)).isEqualTo("OK");
    assertThat(call("PEXPIRETIME", "k")).isEqualTo(at * 1000 + 7);
    // An absolute time in the past stores a key that is already gone.
    assertThat(call("SET", "gone", "v", "PXAT", "1")).isEqualTo("OK");
    assertThat(call("GET", "gone")).isNull();
  }

  @Test
  void setPropagatesRelativeExpiryAsAbsolutePxat() {
    call("SET", "a", "1", "EX", "100");
    call("SET", "b", "2", "PXAT", "99999999999999");
    call("SET", "c", "3", "EXAT", "99999999999");
    call("SET", "d", "4");
    call("SET", "d", "5", "NX");
    List<String> p = propagated.entries();
    assertThat(p).hasSize(4);
    assertThat(p.get(0)).matches("0 SET a 1 PXAT \\d{13}");
    long at = Long.parseLong(p.get(0).substring(p.get(0).lastIndexOf(' ') + 1));
    assertThat(at)
        .isCloseTo(
            System.currentTimeMillis() + 100_000, org.assertj.core.data.Offset.offset(5_000L));
    assertThat(p.get(1)).isEqualTo("0 SET b 2 PXAT 99999999999999");
    assertThat(p.get(2)).isEqualTo("0 SET c 3 PXAT 99999999999000");
    assertThat(p.get(3)).isEqualTo("0 SET d 4");
  }

  @Test
  void setnxSetexPsetex() {
    assertThat(call("SETNX", "k", "a")).isEqualTo(1L);
    assertThat(call("SETNX", "k", "b")).isEqualTo(0L);
    assertThat(str("GET", "k")).isEqualTo("a");
    assertThat(call("SETEX", "k", "100", "b")).isEqualTo("OK");
    assertThat((Long) call("TTL", "k")).isBetween(99L, 100L);
    assertThat(call("PSETEX", "k", "100000", "c")).isEqualTo("OK");
    assertThat((Long) call("PTTL", "k")).isBetween(99_000L, 100_000L);
    assertThat(call("SETEX", "k", "0", "x"))
        .isEqualTo(new Err("ERR invalid expire time in 'setex' command"));
    assertThat(call("PSETEX", "k", "-5", "x"))
        .isEqualTo(new Err("ERR invalid expire time in 'psetex' command"));
    assertThat(call("SETEX", "k", "x", "x"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(call("SETEX", "k", "10"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'setex' command"));
    assertThat(str("GET", "k")).isEqualTo("c");
    assertThat(propagated.entries().get(1)).matches("0 SET k b PXAT \\d+");
  }

  @Test
  void getsetReturnsOldValueAndClearsTtl() throws Exception {
    assertThat(call("GETSET", "k", "a")).isNull();
    call("EXPIRE", "k", "100");
    assertThat(str("GETSET", "k", "b")).isEqualTo("a");
    assertThat(call("TTL", "k")).isEqualTo(-1L);
    KeyspaceTestSupport.putOtherType(server, 0, "s", ValueType.SET);
    assertThat(call("GETSET", "s", "x")).isEqualTo(WRONG_TYPE);
    assertThat(propagated.entries()).contains("0 SET k b");
  }

  @Test
  void getdelReturnsAndDeletes() throws Exception {
    call("SET", "k", "v");
    assertThat(str("GETDEL", "k")).isEqualTo("v");
    assertThat(call("EXISTS", "k")).isEqualTo(0L);
    assertThat(call("GETDEL", "k")).isNull();
    KeyspaceTestSupport.putOtherType(server, 0, "z", ValueType.ZSET);
    assertThat(call("GETDEL", "z")).isEqualTo(WRONG_TYPE);
    assertThat(propagated.entries()).containsExactly("0 SET k v", "0 DEL k");
  }

  @Test
  void getexChangesExpiry() {
    Jedis j = jedis();
    j.set("k", "v");
    assertThat(j.getEx("k", GetExParams.getExParams().ex(100))).isEqualTo("v");
    assertThat(j.ttl("k")).isBetween(99L, 100L);
    assertThat(j.getEx("k", GetExParams.getExParams().persist())).isEqualTo("v");
    assertThat(j.ttl("k")).isEqualTo(-1L);
    assertThat(j.getEx("k", GetExParams.getExParams().px(5000))).isEqualTo("v");
    assertThat(j.pttl("k")).isBetween(4000L, 5000L);
    assertThat(str("GETEX", "k")).isEqualTo("v");
    assertThat((Long) call("PTTL", "k")).isPositive();
    long at = System.currentTimeMillis() / 1000 + 500;
    assertThat(str("GETEX", "k", "EXAT", at)).isEqualTo("v");
    assertThat(call("EXPIRETIME", "k")).isEqualTo(at);
    assertThat(call("GETEX", "missing", "EX", "10")).isNull();
  }

  @Test
  void getexErrorsAndOrder() throws Exception {
    call("SET", "k", "v");
    assertThat(call("GETEX", "k", "EX", "10", "PX", "10")).isEqualTo(SYNTAX);
    assertThat(call("GETEX", "k", "PERSIST", "EX", "10")).isEqualTo(SYNTAX);
    assertThat(call("GETEX", "k", "KEEPTTL")).isEqualTo(SYNTAX);
    assertThat(call("GETEX", "k", "NX")).isEqualTo(SYNTAX);
    assertThat(call("GETEX", "k", "EX", "0"))
        .isEqualTo(new Err("ERR invalid expire time in 'getex' command"));
    // The expiry is validated only for an existing string.
    assertThat(call("GETEX", "missing", "EX", "0")).isNull();
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("GETEX", "l", "EX", "0")).isEqualTo(WRONG_TYPE);
  }

  @Test
  void getexPropagation() {
    call("SET", "k", "v");
    propagated.clear();
    call("GETEX", "k");
    call("GETEX", "k", "EX", "100");
    call("GETEX", "k", "PXAT", "99999999999999");
    call("GETEX", "k", "PERSIST");
    call("GETEX", "k", "PERSIST"); // no expiry left: nothing to propagate
    call("GETEX", "k", "EXAT", "1");
    List<String> p = propagated.entries();
    assertThat(p).hasSize(4);
    assertThat(p.get(0)).matches("0 PEXPIREAT k \\d{13}");
    assertThat(p.get(1)).isEqualTo("0 GETEX k PXAT 99999999999999");
    assertThat(p.get(2)).isEqualTo("0 PERSIST k");
    assertThat(p.get(3)).isEqualTo("0 DEL k");
    assertThat(call("EXISTS", "k")).isEqualTo(0L);
  }

  @Test
  void mgetMsetMsetnx() throws Exception {
    assertThat(call("MSET", "a", "1", "b", "2", "a", "3")).isEqualTo("OK");
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    List<?> values = (List<?>) call("MGET", "a", "b", "l", "nope");
    assertThat(values).hasSize(4);
    assertThat(RespClient.str(values.get(0))).isEqualTo("3");
    assertThat(RespClient.str(values.get(1))).isEqualTo("2");
    assertThat(values.get(2)).isNull();
    assertThat(values.get(3)).isNull();
    assertThat(call("MSETNX", "c", "1", "a", "9")).isEqualTo(0L);
    assertThat(call("EXISTS", "c")).isEqualTo(0L);
    assertThat(call("MSETNX", "c", "1", "d", "2")).isEqualTo(1L);
    assertThat(str("GET", "d")).isEqualTo("2");
    assertThat(call("MSET", "a", "1", "b"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'mset' command"));
    assertThat(call("MSETNX", "a"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'msetnx' command"));
    assertThat(call("MSETNX", "x", "1", "y"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'msetnx' command"));
  }

  @Test
  void nullRepliesInBothProtocols() throws Exception {
    try (var r2 = new KeyspaceTestSupport.RawConnection(port());
        var r3 = KeyspaceTestSupport.rawResp3(server)) {
      r2.exchange("SET", "k", "v");
      assertThat(r2.exchange("SET", "k", "w", "NX")).isEqualTo("$-1\r\n");
      assertThat(r3.exchange("SET", "k", "w", "NX")).isEqualTo("_\r\n");
      assertThat(r2.exchange("GET", "nope")).isEqualTo("$-1\r\n");
      assertThat(r3.exchange("GET", "nope")).isEqualTo("_\r\n");
      assertThat(r3.exchange("MGET", "k", "nope")).isEqualTo("*2\r\n$1\r\nv\r\n_\r\n");
      assertThat(r2.exchange("MGET", "k", "nope")).isEqualTo("*2\r\n$1\r\nv\r\n$-1\r\n");
    }
  }

  @Test
  void wrongArity() {
    assertThat(call("GET")).isEqualTo(new Err("ERR wrong number of arguments for 'get' command"));
    assertThat(call("SET", "k"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'set' command"));
    assertThat(call("GETDEL", "a", "b"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'getdel' command"));
    assertThat(call("MGET")).isEqualTo(new Err("ERR wrong number of arguments for 'mget' command"));
  }
}
