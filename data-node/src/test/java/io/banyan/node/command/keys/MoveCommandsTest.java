package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.keys.KeyspaceTestSupport.OtherTypeValue;
import io.banyan.node.command.keys.KeyspaceTestSupport.PropagationLog;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class MoveCommandsTest extends ServerTestBase {
  private static final Err SAME = new Err("ERR source and destination objects are the same");
  private static final Err OUT_OF_RANGE = new Err("ERR DB index is out of range");
  private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");

  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  private Object valueIn(int db, String key) throws Exception {
    return KeyspaceTestSupport.valueIn(server, db, key);
  }

  @Test
  void renameMovesValueAndTtl() {
    Jedis j = jedis();
    j.set("a", "1");
    j.pexpireAt("a", 99999999999000L);
    assertThat(j.rename("a", "b")).isEqualTo("OK");
    assertThat(j.exists("a")).isFalse();
    assertThat(j.get("b")).isEqualTo("1");
    assertThat(j.pexpireTime("b")).isEqualTo(99999999999000L);
    j.set("c", "3");
    j.expire("c", 100);
    assertThat(j.rename("b", "c")).isEqualTo("OK"); // replaces c, TTL included
    assertThat(j.get("c")).isEqualTo("1");
    assertThat(j.pexpireTime("c")).isEqualTo(99999999999000L);
    j.set("d", "4");
    assertThat(j.rename("d", "c")).isEqualTo("OK");
    assertThat(j.ttl("c")).isEqualTo(-1);
  }

  @Test
  void renameEdgeCases() throws Exception {
    assertThat(call("RENAME", "nope", "x")).isEqualTo(new Err("ERR no such key"));
    assertThat(call("RENAMENX", "nope", "x")).isEqualTo(new Err("ERR no such key"));
    call("SET", "k", "v");
    assertThat(call("RENAME", "k", "k")).isEqualTo("OK");
    assertThat(call("RENAMENX", "k", "k")).isEqualTo(0L);
    call("SET", "other", "o");
    assertThat(call("RENAMENX", "k", "other")).isEqualTo(0L);
    assertThat(RespClient.str(call("GET", "other"))).isEqualTo("o");
    assertThat(call("RENAMENX", "k", "fresh")).isEqualTo(1L);
    KeyspaceTestSupport.putOtherType(server, 0, "list", ValueType.LIST);
    assertThat(call("RENAME", "list", "list2")).isEqualTo("OK");
    assertThat(call("TYPE", "list2")).isEqualTo("list");
    call("SET", "gone", "v", "PXAT", "1");
    assertThat(call("RENAME", "gone", "x")).isEqualTo(new Err("ERR no such key"));
  }

  @Test
  void renameSignalsBothKeys() throws Exception {
    PropagationLog log = KeyspaceTestSupport.recordPropagation(server);
    call("SET", "a", "1");
    long before = KeyspaceTestSupport.dirty(server);
    call("RENAME", "a", "b");
    assertThat(KeyspaceTestSupport.dirty(server) - before).isGreaterThanOrEqualTo(2);
    call("RENAME", "b", "b");
    assertThat(log.entries()).containsExactly("0 SET a 1", "0 RENAME a b");
  }

  @Test
  void copyWithinAndAcrossDatabases() throws Exception {
    Jedis j = jedis();
    j.set("a", "1");
    j.pexpireAt("a", 99999999999000L);
    assertThat(j.copy("a", "b", false)).isTrue();
    assertThat(j.get("b")).isEqualTo("1");
    assertThat(j.pexpireTime("b")).isEqualTo(99999999999000L);
    assertThat(j.copy("a", "b", false)).isFalse();
    j.set("a", "2");
    assertThat(j.copy("a", "b", true)).isTrue();
    assertThat(j.get("b")).isEqualTo("2");
    assertThat(j.ttl("b")).isEqualTo(-1);
    assertThat(call("COPY", "a", "a", "DB", "3")).isEqualTo(1L);
    assertThat(valueIn(3, "a")).isEqualTo("2");
    assertThat(call("COPY", "a", "a", "DB", "3")).isEqualTo(0L);
    assertThat(call("COPY", "nope", "x")).isEqualTo(0L);
  }

  @Test
  void copyDuplicatesOtherTypes() throws Exception {
    KeyspaceTestSupport.putOtherType(server, 0, "h", ValueType.HASH);
    assertThat(call("COPY", "h", "h2")).isEqualTo(1L);
    Object original = valueIn(0, "h");
    Object copy = valueIn(0, "h2");
    assertThat(copy).isInstanceOf(OtherTypeValue.class).isNotSameAs(original);
    assertThat(((OtherTypeValue) copy).type()).isEqualTo(ValueType.HASH);
  }

  @Test
  void copyErrors() {
    call("SET", "a", "1");
    assertThat(call("COPY", "a", "a")).isEqualTo(SAME);
    assertThat(call("COPY", "a", "a", "DB", "0")).isEqualTo(SAME);
    assertThat(call("COPY", "a", "b", "DB", "16")).isEqualTo(OUT_OF_RANGE);
    assertThat(call("COPY", "a", "b", "DB", "-1")).isEqualTo(OUT_OF_RANGE);
    assertThat(call("COPY", "a", "b", "DB", "x")).isEqualTo(NOT_INTEGER);
    assertThat(call("COPY", "a", "b", "DB")).isEqualTo(new Err("ERR syntax error"));
    assertThat(call("COPY", "a", "b", "FOO")).isEqualTo(new Err("ERR syntax error"));
    assertThat(call("EXISTS", "b")).isEqualTo(0L);
  }

  @Test
  void moveToAnotherDatabase() throws Exception {
    call("SET", "k", "v", "PXAT", "99999999999000");
    assertThat(call("MOVE", "k", "2")).isEqualTo(1L);
    assertThat(call("EXISTS", "k")).isEqualTo(0L);
    assertThat(valueIn(2, "k")).isEqualTo("v");
    assertThat(KeyspaceTestSupport.expiryIn(server, 2, "k")).isEqualTo(99999999999000L);
    call("SET", "k", "again");
    assertThat(call("MOVE", "k", "2")).isEqualTo(0L); // already there: nothing moves
    assertThat(valueIn(2, "k")).isEqualTo("v");
    assertThat(call("MOVE", "nope", "2")).isEqualTo(0L);
    assertThat(call("MOVE", "k", "0")).isEqualTo(SAME);
    assertThat(call("MOVE", "k", "16")).isEqualTo(OUT_OF_RANGE);
    assertThat(call("MOVE", "k", "x")).isEqualTo(NOT_INTEGER);
  }

  @Test
  void swapdbExchangesContents() throws Exception {
    call("SET", "in0", "a");
    KeyspaceTestSupport.putString(server, 1, "in1", "b");
    assertThat(call("SWAPDB", "0", "1")).isEqualTo("OK");
    assertThat(RespClient.str(call("GET", "in1"))).isEqualTo("b");
    assertThat(call("EXISTS", "in0")).isEqualTo(0L);
    assertThat(valueIn(1, "in0")).isEqualTo("a");
    assertThat(call("SWAPDB", "1", "1")).isEqualTo("OK");
    assertThat(call("SWAPDB", "0", "16")).isEqualTo(OUT_OF_RANGE);
    assertThat(call("SWAPDB", "-1", "0")).isEqualTo(OUT_OF_RANGE);
    assertThat(call("SWAPDB", "a", "0")).isEqualTo(new Err("ERR invalid first DB index"));
    assertThat(call("SWAPDB", "0", "b")).isEqualTo(new Err("ERR invalid second DB index"));
  }
}
