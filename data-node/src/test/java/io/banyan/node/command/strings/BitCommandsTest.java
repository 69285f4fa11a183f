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
import redis.clients.jedis.args.BitCountOption;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.params.BitPosParams;

class BitCommandsTest extends ServerTestBase {
  private static final Err BAD_OFFSET = new Err("ERR bit offset is not an integer or out of range");
  private static final Err BAD_BIT = new Err("ERR bit is not an integer or out of range");
  private static final Err SYNTAX = new Err("ERR syntax error");
  private static final Err NOT_INTEGER = new Err("ERR value is not an integer or out of range");
  private static final Err WRONG_TYPE =
      new Err("WRONGTYPE Operation against a key holding the wrong kind of value");

  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  @Test
  void setbitAndGetbit() {
    Jedis j = jedis();
    assertThat(j.setbit("b", 7, true)).isFalse();
    assertThat(j.setbit("b", 7, true)).isTrue();
    assertThat(j.getbit("b", 7)).isTrue();
    assertThat(j.getbit("b", 6)).isFalse();
    assertThat(j.getbit("b", 1000)).isFalse();
    assertThat(j.getbit("nope", 0)).isFalse();
    assertThat(j.get("b")).isEqualTo("\u0001");
    assertThat(j.setbit("b", 0, true)).isFalse();
    assertThat((byte[]) call("GET", "b")).containsExactly(0x81);
    assertThat(j.setbit("b", 7, false)).isTrue();
    assertThat((byte[]) call("GET", "b")).containsExactly(0x80);
    assertThat(j.setbit("grow", 17, true)).isFalse();
    assertThat((byte[]) call("GET", "grow")).containsExactly(0, 0, 0x40);
  }

  @Test
  void setbitErrors() throws Exception {
    assertThat(call("SETBIT", "b", "0", "2")).isEqualTo(BAD_BIT);
    assertThat(call("SETBIT", "b", "0", "-1")).isEqualTo(BAD_BIT);
    assertThat(call("SETBIT", "b", "0", "x")).isEqualTo(BAD_BIT);
    assertThat(call("SETBIT", "b", "-1", "1")).isEqualTo(BAD_OFFSET);
    assertThat(call("SETBIT", "b", "x", "1")).isEqualTo(BAD_OFFSET);
    assertThat(call("SETBIT", "b", "#1", "1")).isEqualTo(BAD_OFFSET);
    assertThat(call("SETBIT", "b", "4294967296", "1")).isEqualTo(BAD_OFFSET);
    assertThat(call("GETBIT", "b", "4294967296")).isEqualTo(BAD_OFFSET);
    assertThat(call("GETBIT", "b", "-1")).isEqualTo(BAD_OFFSET);
    assertThat(call("EXISTS", "b")).isEqualTo(0L);
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("SETBIT", "l", "0", "1")).isEqualTo(WRONG_TYPE);
    assertThat(call("GETBIT", "l", "0")).isEqualTo(WRONG_TYPE);
  }

  @Test
  void setbitKeepsTtlAndPropagatesOnlyChanges() throws Exception {
    PropagationLog log = KeyspaceTestSupport.recordPropagation(server);
    call("SET", "b", "\u0000", "EX", "100");
    log.clear();
    call("SETBIT", "b", "3", "1");
    call("SETBIT", "b", "3", "1"); // no change: nothing to propagate
    assertThat((Long) call("TTL", "b")).isBetween(99L, 100L);
    assertThat(log.entries()).containsExactly("0 SETBIT b 3 1");
  }

  @Test
  void bitmapsBuiltBySetbitStayIndependentOfCopies() {
    call("SETBIT", "m", "80000", "1"); // 10001 bytes: modified in place from now on
    call("COPY", "m", "m2");
    call("SETBIT", "m", "5", "1");
    assertThat(call("BITCOUNT", "m")).isEqualTo(2L);
    assertThat(call("BITCOUNT", "m2")).isEqualTo(1L);
    call("SETBIT", "m", "80000", "0");
    assertThat(call("GETBIT", "m2", "80000")).isEqualTo(1L);
    assertThat(call("GETBIT", "m", "80000")).isEqualTo(0L);
  }

  @Test
  void bitcountRanges() {
    Jedis j = jedis();
    j.set("s", "foobar");
    assertThat(j.bitcount("s")).isEqualTo(26);
    assertThat(j.bitcount("s", 0, 0)).isEqualTo(4);
    assertThat(j.bitcount("s", 1, 1)).isEqualTo(6);
    assertThat(j.bitcount("s", 1, 1, BitCountOption.BYTE)).isEqualTo(6);
    assertThat(j.bitcount("s", 5, 30, BitCountOption.BIT)).isEqualTo(17);
    assertThat(j.bitcount("s", -2, -1, BitCountOption.BIT)).isEqualTo(1);
    assertThat(j.bitcount("s", -1, -2)).isEqualTo(0);
    assertThat(j.bitcount("s", -200, -100)).isEqualTo(4); // both clamp to byte 0
    assertThat(j.bitcount("s", -100, -200)).isEqualTo(0);
    assertThat(j.bitcount("s", 0, 1000)).isEqualTo(26);
    assertThat(j.bitcount("nope")).isEqualTo(0);
    j.set("e", "");
    assertThat(j.bitcount("e")).isEqualTo(0);
  }

  @Test
  void bitcountArgumentErrors() throws Exception {
    call("SET", "s", "foobar");
    assertThat(call("BITCOUNT", "s", "0")).isEqualTo(SYNTAX);
    assertThat(call("BITCOUNT", "s", "0", "1", "2")).isEqualTo(SYNTAX);
    assertThat(call("BITCOUNT", "s", "0", "1", "BIT", "x")).isEqualTo(SYNTAX);
    assertThat(call("BITCOUNT", "s", "a", "1")).isEqualTo(NOT_INTEGER);
    // A missing key answers 0 before its arguments are even looked at, as in Redis.
    assertThat(call("BITCOUNT", "nope", "a", "b")).isEqualTo(0L);
    assertThat(call("BITCOUNT", "nope", "0")).isEqualTo(0L);
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("BITCOUNT", "l", "a", "b")).isEqualTo(WRONG_TYPE);
  }

  @Test
  void bitposFindsSetAndClearBits() {
    Jedis j = jedis();
    j.set("s", "foobar");
    assertThat(j.bitpos("s", true)).isEqualTo(1);
    assertThat(j.bitpos("s", false)).isEqualTo(0);
    assertThat(j.bitpos("s", true, new BitPosParams(2, -1).modifier(BitCountOption.BIT)))
        .isEqualTo(2);
    assertThat(j.bitpos("s", false, new BitPosParams(2, -1).modifier(BitCountOption.BIT)))
        .isEqualTo(3);
    assertThat(j.bitpos("s", true, new BitPosParams(-100, -200))).isEqualTo(1);
    assertThat(j.bitpos("nope", true)).isEqualTo(-1);
    assertThat(j.bitpos("nope", false)).isEqualTo(0);
    byte[] ones = {(byte) 0xff, (byte) 0xff};
    j.set("ones".getBytes(), ones);
    // No clear bit: without an end the string continues with zeros; with an end there is none.
    assertThat(j.bitpos("ones", false)).isEqualTo(16);
    assertThat(j.bitpos("ones", false, new BitPosParams(1))).isEqualTo(16);
    assertThat(j.bitpos("ones", false, new BitPosParams(0, -1))).isEqualTo(-1);
    assertThat(j.bitpos("ones", false, new BitPosParams(3, 12).modifier(BitCountOption.BIT)))
        .isEqualTo(-1);
    j.set("zeros".getBytes(), new byte[3]);
    assertThat(j.bitpos("zeros", true)).isEqualTo(-1);
    assertThat(j.bitpos("zeros", false, new BitPosParams(9, 20).modifier(BitCountOption.BIT)))
        .isEqualTo(9);
    j.set("e", "");
    assertThat(j.bitpos("e", false)).isEqualTo(-1);
    assertThat(j.bitpos("e", true)).isEqualTo(-1);
  }

  @Test
  void bitposFindsBitsInsideLongRuns() {
    byte[] v = new byte[4096];
    v[3000] = 0x01;
    jedis().set("long".getBytes(), v);
    assertThat(call("BITPOS", "long", "1")).isEqualTo(3000L * 8 + 7);
    assertThat(call("BITPOS", "long", "1", "3001")).isEqualTo(-1L);
    assertThat(call("BITPOS", "long", "1", "24007", "24007", "BIT")).isEqualTo(24007L);
    assertThat(call("BITPOS", "long", "1", "0", "24006", "BIT")).isEqualTo(-1L);
  }

  @Test
  void bitposErrors() throws Exception {
    call("SET", "s", "foobar");
    assertThat(call("BITPOS", "s", "2")).isEqualTo(new Err("ERR The bit argument must be 1 or 0."));
    assertThat(call("BITPOS", "s", "x")).isEqualTo(NOT_INTEGER);
    assertThat(call("BITPOS", "s", "1", "x")).isEqualTo(NOT_INTEGER);
    assertThat(call("BITPOS", "s", "1", "0", "x")).isEqualTo(NOT_INTEGER);
    assertThat(call("BITPOS", "s", "1", "0", "-1", "foo")).isEqualTo(SYNTAX);
    assertThat(call("BITPOS", "s", "1", "0", "-1", "BIT", "5")).isEqualTo(SYNTAX);
    assertThat(call("BITPOS", "nope", "0", "x")).isEqualTo(0L);
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("BITPOS", "l", "0")).isEqualTo(WRONG_TYPE);
  }

  @Test
  void bitopCombinesAndStores() {
    Jedis j = jedis();
    j.set("a".getBytes(), new byte[] {(byte) 0xf0, 0x0f});
    j.set("b".getBytes(), new byte[] {(byte) 0xff});
    assertThat(j.bitop(BitOP.AND, "d", "a", "b")).isEqualTo(2);
    assertThat(j.get("d".getBytes())).containsExactly(0xf0, 0x00);
    assertThat(j.bitop(BitOP.OR, "d", "a", "b")).isEqualTo(2);
    assertThat(j.get("d".getBytes())).containsExactly(0xff, 0x0f);
    assertThat(j.bitop(BitOP.XOR, "d", "a", "b", "nope")).isEqualTo(2);
    assertThat(j.get("d".getBytes())).containsExactly(0x0f, 0x0f);
    assertThat(j.bitop(BitOP.NOT, "d", "a")).isEqualTo(2);
    assertThat(j.get("d".getBytes())).containsExactly(0x0f, 0xf0);
    assertThat(j.bitop(BitOP.AND, "d", "a", "nope")).isEqualTo(2);
    assertThat(j.get("d".getBytes())).containsExactly(0, 0);
  }

  @Test
  void bitopReplacesTheDestinationAndDeletesIt() throws Exception {
    call("SET", "a", "x");
    call("SET", "d", "old", "EX", "100");
    assertThat(call("BITOP", "OR", "d", "a")).isEqualTo(1L);
    assertThat(call("TTL", "d")).isEqualTo(-1L);
    KeyspaceTestSupport.putOtherType(server, 0, "h", ValueType.HASH);
    assertThat(call("BITOP", "OR", "h", "a")).isEqualTo(1L);
    assertThat(call("TYPE", "h")).isEqualTo("string");
    // Only empty or missing sources: the destination is removed.
    assertThat(call("BITOP", "AND", "d", "nope", "nope2")).isEqualTo(0L);
    assertThat(call("EXISTS", "d")).isEqualTo(0L);
  }

  @Test
  void bitopErrors() throws Exception {
    assertThat(call("BITOP", "NAND", "d", "a")).isEqualTo(SYNTAX);
    assertThat(call("BITOP", "NOT", "d", "a", "b"))
        .isEqualTo(new Err("ERR BITOP NOT must be called with a single source key."));
    assertThat(call("BITOP", "AND", "d"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'bitop' command"));
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    call("SET", "d", "keep");
    assertThat(call("BITOP", "AND", "d", "l")).isEqualTo(WRONG_TYPE);
    assertThat(RespClient.str(call("GET", "d"))).isEqualTo("keep");
  }
}
