package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.command.keys.KeyspaceTestSupport.PropagationLog;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ExpiryOption;

class ExpireCommandsTest extends ServerTestBase {
  private static final Err NX_CONFLICT =
      new Err("ERR NX and XX, GT or LT options at the same time are not compatible");

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

  private long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  @Test
  void expireAndTtlThroughJedis() {
    Jedis j = jedis();
    j.set("k", "v");
    assertThat(j.ttl("k")).isEqualTo(-1);
    assertThat(j.expire("k", 100)).isEqualTo(1);
    assertThat(j.ttl("k")).isBetween(99L, 100L);
    assertThat(j.pexpire("k", 50_000)).isEqualTo(1);
    assertThat(j.pttl("k")).isBetween(49_000L, 50_000L);
    assertThat(j.expireAt("k", nowSeconds() + 1000)).isEqualTo(1);
    assertThat(j.ttl("k")).isBetween(998L, 1000L);
    assertThat(j.persist("k")).isEqualTo(1);
    assertThat(j.persist("k")).isEqualTo(0);
    assertThat(j.ttl("nope")).isEqualTo(-2);
    assertThat(j.expire("nope", 100)).isEqualTo(0);
  }

  @Test
  void keysExpireLazily() {
    call("SET", "k", "v");
    assertThat(call("PEXPIRE", "k", "20")).isEqualTo(1L);
    await().atMost(Duration.ofSeconds(5)).until(() -> call("GET", "k") == null);
    assertThat(call("TTL", "k")).isEqualTo(-2L);
  }

  @Test
  void expiretimeReportsAbsoluteTimesRounded() {
    call("SET", "k", "v");
    assertThat(call("EXPIRETIME", "k")).isEqualTo(-1L);
    assertThat(call("PEXPIRETIME", "k")).isEqualTo(-1L);
    assertThat(call("EXPIRETIME", "nope")).isEqualTo(-2L);
    call("PEXPIREAT", "k", "1999999999499");
    assertThat(call("EXPIRETIME", "k")).isEqualTo(1999999999L);
    assertThat(call("PEXPIRETIME", "k")).isEqualTo(1999999999499L);
    call("PEXPIREAT", "k", "1999999999500");
    assertThat(call("EXPIRETIME", "k")).isEqualTo(2000000000L);
    call("PEXPIREAT", "k", "9223372036854775807");
    assertThat(call("EXPIRETIME", "k")).isEqualTo(9223372036854776L);
  }

  @Test
  void conditionalFlags() {
    Jedis j = jedis();
    j.set("k", "v");
    assertThat(j.expire("k", 100, ExpiryOption.XX)).isEqualTo(0);
    assertThat(j.expire("k", 100, ExpiryOption.GT)).isEqualTo(0); // no TTL counts as infinite
    assertThat(j.expire("k", 100, ExpiryOption.NX)).isEqualTo(1);
    assertThat(j.expire("k", 200, ExpiryOption.NX)).isEqualTo(0);
    assertThat(j.expire("k", 200, ExpiryOption.XX)).isEqualTo(1);
    assertThat(j.expire("k", 100, ExpiryOption.GT)).isEqualTo(0);
    assertThat(j.expire("k", 300, ExpiryOption.GT)).isEqualTo(1);
    assertThat(j.expire("k", 300, ExpiryOption.LT)).isEqualTo(0);
    assertThat(j.expire("k", 50, ExpiryOption.LT)).isEqualTo(1);
    assertThat(j.ttl("k")).isBetween(49L, 50L);
    j.persist("k");
    assertThat(j.expire("k", 50, ExpiryOption.LT)).isEqualTo(1);
    assertThat(call("EXPIRE", "k", "60", "xx", "gt")).isEqualTo(1L);
    assertThat(call("EXPIRE", "k", "70", "XX", "LT")).isEqualTo(0L);
  }

  @Test
  void flagErrors() {
    call("SET", "k", "v");
    assertThat(call("EXPIRE", "k", "10", "NX", "XX")).isEqualTo(NX_CONFLICT);
    assertThat(call("EXPIRE", "k", "10", "NX", "GT")).isEqualTo(NX_CONFLICT);
    assertThat(call("PEXPIRE", "k", "10", "LT", "NX")).isEqualTo(NX_CONFLICT);
    assertThat(call("EXPIRE", "k", "10", "GT", "LT"))
        .isEqualTo(new Err("ERR GT and LT options at the same time are not compatible"));
    assertThat(call("EXPIRE", "k", "10", "foo")).isEqualTo(new Err("ERR Unsupported option foo"));
    // Options are checked before the key: even a missing key gets the error.
    assertThat(call("EXPIRE", "nope", "10", "NX", "XX")).isEqualTo(NX_CONFLICT);
    assertThat(call("TTL", "k")).isEqualTo(-1L);
  }

  @Test
  void timeValidation() {
    call("SET", "k", "v");
    assertThat(call("EXPIRE", "k", "abc"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(call("EXPIRE", "k", "9223372036854776"))
        .isEqualTo(new Err("ERR invalid expire time in 'expire' command"));
    assertThat(call("EXPIRE", "k", "-9223372036854776"))
        .isEqualTo(new Err("ERR invalid expire time in 'expire' command"));
    assertThat(call("PEXPIRE", "k", "9223372036854775807"))
        .isEqualTo(new Err("ERR invalid expire time in 'pexpire' command"));
    assertThat(call("EXPIREAT", "k", "9223372036854776"))
        .isEqualTo(new Err("ERR invalid expire time in 'expireat' command"));
    assertThat(call("EXPIREAT", "k", "9223372036854775")).isEqualTo(1L);
    assertThat(call("PEXPIREAT", "k", "9223372036854775807")).isEqualTo(1L);
    assertThat(call("EXPIRE", "k"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'expire' command"));
  }

  @Test
  void pastTimesDeleteTheKeyAndPropagateDel() {
    call("MSET", "a", "1", "b", "2", "c", "3");
    propagated.clear();
    assertThat(call("EXPIRE", "a", "-1")).isEqualTo(1L);
    assertThat(call("PEXPIRE", "b", "0")).isEqualTo(1L);
    assertThat(call("EXPIREAT", "c", "1")).isEqualTo(1L);
    assertThat(call("EXISTS", "a", "b", "c")).isEqualTo(0L);
    assertThat(propagated.entries()).containsExactly("0 DEL a", "0 DEL b", "0 DEL c");
  }

  @Test
  void relativeExpiriesPropagateAsPexpireat() {
    call("SET", "k", "v");
    propagated.clear();
    long before = System.currentTimeMillis();
    call("EXPIRE", "k", "100", "XX"); // no TTL yet: XX fails and nothing is propagated
    call("EXPIRE", "k", "100");
    call("PEXPIRE", "k", "200000", "gt");
    call("EXPIREAT", "k", "99999999999");
    call("PEXPIREAT", "k", "99999999999001");
    call("PERSIST", "k");
    call("PERSIST", "k");
    List<String> p = propagated.entries();
    assertThat(p).hasSize(5);
    long at = Long.parseLong(p.get(0).split(" ")[3]);
    assertThat(at).isBetween(before + 100_000, System.currentTimeMillis() + 100_000);
    assertThat(p.get(0)).isEqualTo("0 PEXPIREAT k " + at);
    assertThat(p.get(1)).matches("0 PEXPIREAT k \\d+ gt");
    assertThat(p.get(2)).isEqualTo("0 PEXPIREAT k 99999999999000");
    assertThat(p.get(3)).isEqualTo("0 PEXPIREAT k 99999999999001");
    assertThat(p.get(4)).isEqualTo("0 PERSIST k");
  }

  @Test
  void expiryChangesSignalTheKey() throws Exception {
    call("SET", "k", "v");
    long d0 = KeyspaceTestSupport.dirty(server);
    call("EXPIRE", "k", "100");
    long d1 = KeyspaceTestSupport.dirty(server);
    call("PERSIST", "k");
    long d2 = KeyspaceTestSupport.dirty(server);
    call("PERSIST", "k");
    long d3 = KeyspaceTestSupport.dirty(server);
    assertThat(d1).isGreaterThan(d0);
    assertThat(d2).isGreaterThan(d1);
    assertThat(d3).isEqualTo(d2);
  }

  @Test
  void ttlRoundsToTheNearestSecond() {
    call("SET", "k", "v", "PX", "1600");
    assertThat(call("TTL", "k")).isIn(1L, 2L);
    call("SET", "k", "v", "PX", "100400");
    assertThat(call("TTL", "k")).isEqualTo(100L);
  }
}
