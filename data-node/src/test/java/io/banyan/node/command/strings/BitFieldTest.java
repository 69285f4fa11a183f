package io.banyan.node.command.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.keys.KeyspaceTestSupport;
import io.banyan.node.command.keys.KeyspaceTestSupport.PropagationLog;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class BitFieldTest extends ServerTestBase {
  private static final Err BAD_TYPE =
      new Err(
          "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but"
              + " i64 is.");
  private static final Err BAD_OFFSET = new Err("ERR bit offset is not an integer or out of range");
  private static final Err SYNTAX = new Err("ERR syntax error");

  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  private static List<Object> list(Object... items) {
    return Arrays.asList(items);
  }

  @Test
  void getSetIncrbyThroughJedis() {
    Jedis j = jedis();
    assertThat(j.bitfield("k", "SET", "i8", "0", "100", "GET", "i8", "0"))
        .containsExactly(0L, 100L);
    assertThat(j.bitfield("k", "INCRBY", "i8", "0", "27", "GET", "u4", "0"))
        .containsExactly(127L, 7L);
    assertThat(j.bitfieldReadonly("k", "GET", "i8", "0", "GET", "u8", "8"))
        .containsExactly(127L, 0L);
  }

  @Test
  void fieldsAtUnalignedAndHashOffsets() {
    // The second SET returns the old value of bits 3..7, already partly set by the first.
    assertThat(call("BITFIELD", "k", "SET", "u4", "#1", "15", "SET", "i5", "3", "-1"))
        .isEqualTo(list(0L, 15L));
    assertThat((byte[]) call("GET", "k")).containsExactly(0x1f);
    assertThat(call("BITFIELD", "k", "GET", "u8", "0", "GET", "i3", "5", "GET", "u1", "100"))
        .isEqualTo(list(31L, -1L, 0L));
    assertThat(call("BITFIELD", "k", "SET", "i64", "8", "-1", "GET", "u63", "9"))
        .isEqualTo(list(0L, Long.MAX_VALUE));
    assertThat(call("BITFIELD", "k", "GET", "i64", "8")).isEqualTo(list(-1L));
  }

  @Test
  void overflowPolicies() {
    assertThat(
            call(
                "BITFIELD",
                "k",
                "SET",
                "u8",
                "0",
                "-1",
                "OVERFLOW",
                "SAT",
                "SET",
                "u8",
                "8",
                "-1",
                "OVERFLOW",
                "FAIL",
                "SET",
                "u8",
                "16",
                "-1",
                "GET",
                "u16",
                "0"))
        .isEqualTo(list(0L, 0L, null, 65535L));
    assertThat(call("BITFIELD", "w", "INCRBY", "u2", "0", "5")).isEqualTo(list(1L));
    assertThat(call("BITFIELD", "w", "INCRBY", "i4", "4", "9")).isEqualTo(list(-7L));
    assertThat(call("BITFIELD", "w", "OVERFLOW", "SAT", "INCRBY", "i4", "4", "-100"))
        .isEqualTo(list(-8L));
    assertThat(call("BITFIELD", "w", "OVERFLOW", "SAT", "INCRBY", "u4", "4", "1000"))
        .isEqualTo(list(15L));
    assertThat(call("BITFIELD", "w", "OVERFLOW", "FAIL", "INCRBY", "u4", "4", "1"))
        .isEqualTo(Arrays.asList((Object) null));
    assertThat(call("BITFIELD", "w", "OVERFLOW", "SAT", "INCRBY", "u4", "4", "-100"))
        .isEqualTo(list(0L));
    assertThat(
            call(
                "BITFIELD",
                "x",
                "SET",
                "i64",
                "0",
                "9223372036854775807",
                "INCRBY",
                "i64",
                "0",
                "1"))
        .isEqualTo(list(0L, Long.MIN_VALUE));
    assertThat(
            call("BITFIELD", "x", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "-9223372036854775808"))
        .isEqualTo(list(Long.MIN_VALUE));
    assertThat(call("BITFIELD", "x", "OVERFLOW", "SAT", "SET", "i8", "0", "1000"))
        .isEqualTo(list(-128L));
    assertThat(call("BITFIELD", "x", "SET", "i8", "0", "200")).isEqualTo(list(127L));
    assertThat(call("BITFIELD", "x", "GET", "i8", "0")).isEqualTo(list(-56L));
  }

  @Test
  void readOnlyVariantAndMissingKeys() throws Exception {
    assertThat(call("BITFIELD", "nope", "GET", "u8", "0")).isEqualTo(list(0L));
    assertThat(call("BITFIELD_RO", "nope", "GET", "u8", "0")).isEqualTo(list(0L));
    assertThat(call("EXISTS", "nope")).isEqualTo(0L);
    assertThat(call("BITFIELD", "nope")).isEqualTo(list());
    assertThat(call("BITFIELD_RO", "nope", "OVERFLOW", "WRAP", "GET", "i8", "0"))
        .isEqualTo(list(0L));
    assertThat(call("BITFIELD_RO", "k", "SET", "i8", "0", "1"))
        .isEqualTo(new Err("ERR BITFIELD_RO only supports the GET subcommand"));
    assertThat(call("BITFIELD_RO", "k", "GET", "i8", "0", "INCRBY", "i8", "0", "1"))
        .isEqualTo(new Err("ERR BITFIELD_RO only supports the GET subcommand"));
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(call("BITFIELD", "l", "GET", "i8", "0"))
        .isEqualTo(new Err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void argumentErrorsChangeNothing() {
    call("SET", "k", "a");
    assertThat(call("BITFIELD", "k", "GET", "i8")).isEqualTo(SYNTAX);
    assertThat(call("BITFIELD", "k", "FOO")).isEqualTo(SYNTAX);
    assertThat(call("BITFIELD", "k", "OVERFLOW")).isEqualTo(SYNTAX);
    assertThat(call("BITFIELD", "k", "OVERFLOW", "MAYBE"))
        .isEqualTo(new Err("ERR Invalid OVERFLOW type specified"));
    for (String type : new String[] {"x8", "u64", "i65", "I8", "i0", "u", "i-1", ""}) {
      assertThat(call("BITFIELD", "k", "GET", type, "0")).as(type).isEqualTo(BAD_TYPE);
    }
    for (String offset : new String[] {"-1", "#-1", "#", "x", "4294967296", "#536870912"}) {
      assertThat(call("BITFIELD", "k", "GET", "i8", offset)).as(offset).isEqualTo(BAD_OFFSET);
    }
    assertThat(call("BITFIELD", "k", "SET", "i8", "0", "1", "SET", "i8", "0", "x"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(RespClient.str(call("GET", "k"))).isEqualTo("a");
  }

  @Test
  void failedWritesAreNullInResp3AndChangesArePropagated() throws Exception {
    PropagationLog log = KeyspaceTestSupport.recordPropagation(server);
    call("SET", "k", new byte[] {(byte) 0xff});
    log.clear();
    try (var r3 = KeyspaceTestSupport.rawResp3(server)) {
      assertThat(r3.exchange("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"))
          .isEqualTo("*1\r\n_\r\n");
    }
    assertThat(log.entries()).isEmpty();
    call("BITFIELD", "k", "SET", "u8", "0", "1");
    assertThat(log.entries()).containsExactly("0 BITFIELD k SET u8 0 1");
  }
}
