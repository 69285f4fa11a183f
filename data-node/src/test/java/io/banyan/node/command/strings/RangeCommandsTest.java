package io.banyan.node.command.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.keys.KeyspaceTestSupport;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RangeCommandsTest extends ServerTestBase {
  /** A small proto-max-bulk-len so the size limit can be reached cheaply. */
  private static final int LIMIT = 100_000;

  private static final Err TOO_LONG =
      new Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  private static final Err WRONG_TYPE =
      new Err("WRONGTYPE Operation against a key holding the wrong kind of value");

  private RespClient c;

  @Override
  protected void configure(ServerConfig config) {
    config.protoMaxBulkLen = LIMIT;
  }

  @BeforeEach
  void connect() {
    c = resp();
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  private String str(Object... args) {
    return RespClient.str(c.call(args));
  }

  @Test
  void appendCreatesExtendsAndKeepsTtl() {
    Jedis j = jedis();
    assertThat(j.append("k", "Hello")).isEqualTo(5);
    j.expire("k", 100);
    assertThat(j.append("k", " World")).isEqualTo(11);
    assertThat(j.get("k")).isEqualTo("Hello World");
    assertThat(j.ttl("k")).isBetween(99L, 100L);
    assertThat(j.append("k", "")).isEqualTo(11);
    assertThat(j.append("e", "")).isEqualTo(0);
    assertThat(j.exists("e")).isTrue();
  }

  @Test
  void appendRespectsTheSizeLimit() throws Exception {
    call("SET", "k", "x".repeat(LIMIT - 1));
    assertThat(call("APPEND", "k", "yy")).isEqualTo(TOO_LONG);
    assertThat(call("APPEND", "k", "y")).isEqualTo((long) LIMIT);
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("APPEND", "l", "x")).isEqualTo(WRONG_TYPE);
  }

  @Test
  void strlen() throws Exception {
    call("SET", "k", "héllo");
    assertThat(call("STRLEN", "k")).isEqualTo(6L);
    assertThat(call("STRLEN", "nope")).isEqualTo(0L);
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("STRLEN", "l")).isEqualTo(WRONG_TYPE);
  }

  @Test
  void getrangeIndexes() {
    call("SET", "k", "This is a string");
    assertThat(str("GETRANGE", "k", "0", "3")).isEqualTo("This");
    assertThat(str("GETRANGE", "k", "-3", "-1")).isEqualTo("ing");
    assertThat(str("GETRANGE", "k", "0", "-1")).isEqualTo("This is a string");
    assertThat(str("GETRANGE", "k", "10", "100")).isEqualTo("string");
    assertThat(str("GETRANGE", "k", "5", "3")).isEmpty();
    assertThat(str("GETRANGE", "k", "-1", "-5")).isEmpty();
    assertThat(str("GETRANGE", "k", "-100", "-200")).isEmpty();
    assertThat(str("GETRANGE", "k", "-200", "-100")).isEqualTo("T");
    assertThat(str("GETRANGE", "k", "100", "200")).isEmpty();
    assertThat(str("SUBSTR", "k", "0", "3")).isEqualTo("This");
    assertThat(str("GETRANGE", "nope", "0", "-1")).isEmpty();
    call("SET", "e", "");
    assertThat(str("GETRANGE", "e", "0", "-1")).isEmpty();
    assertThat(call("GETRANGE", "k", "x", "1"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
  }

  @Test
  void setrangeOverwritesAndPads() {
    call("SET", "k", "Hello World");
    assertThat(call("SETRANGE", "k", "6", "Redis")).isEqualTo(11L);
    assertThat(str("GET", "k")).isEqualTo("Hello Redis");
    assertThat(call("SETRANGE", "p", "3", "ab")).isEqualTo(5L);
    assertThat((byte[]) call("GET", "p")).containsExactly(0, 0, 0, 'a', 'b');
    assertThat(call("SETRANGE", "k", "0", "")).isEqualTo(11L);
    assertThat(call("SETRANGE", "none", "5", "")).isEqualTo(0L);
    assertThat(call("EXISTS", "none")).isEqualTo(0L);
    assertThat(call("SETRANGE", "k", "-1", "x")).isEqualTo(new Err("ERR offset is out of range"));
    assertThat(call("SETRANGE", "k", "x", "x"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
  }

  @Test
  void setrangeKeepsTtlAndChecksTheLimit() throws Exception {
    call("SET", "k", "abc", "EX", "100");
    call("SETRANGE", "k", "1", "X");
    assertThat(str("GET", "k")).isEqualTo("aXc");
    assertThat((Long) call("TTL", "k")).isBetween(99L, 100L);
    assertThat(call("SETRANGE", "k", LIMIT, "x")).isEqualTo(TOO_LONG);
    assertThat(call("SETRANGE", "k", "9223372036854775807", "x")).isEqualTo(TOO_LONG);
    assertThat(call("SETRANGE", "k", LIMIT - 1, "x")).isEqualTo((long) LIMIT);
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("SETRANGE", "l", "0", "")).isEqualTo(WRONG_TYPE);
  }

  @Test
  void largeStringsAreCopiedOnWriteWhenShared() {
    // A value stored by SET is the request's own buffer: modifying it must not leak into a copy.
    String big = "a".repeat(10_000);
    call("SET", "k", big);
    call("COPY", "k", "k2");
    call("SETRANGE", "k", "0", "b");
    call("SETRANGE", "k", "1", "c");
    assertThat(str("GETRANGE", "k", "0", "2")).isEqualTo("bca");
    assertThat(str("GETRANGE", "k2", "0", "2")).isEqualTo("aaa");
    call("COPY", "k", "k3");
    call("SETRANGE", "k", "2", "d");
    assertThat(str("GETRANGE", "k3", "0", "2")).isEqualTo("bca");
    assertThat(str("GETRANGE", "k", "0", "2")).isEqualTo("bcd");
  }
}
