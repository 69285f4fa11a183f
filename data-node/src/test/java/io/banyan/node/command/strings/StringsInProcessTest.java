package io.banyan.node.command.strings;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import org.junit.jupiter.api.Test;

/** String commands in-process: Redis 7.0's replies and error texts for the edge cases. */
class StringsInProcessTest extends InProcessTestBase {
  @Test
  void setOptionsAndTheirConflicts() {
    InProcessClient c = client();
    assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
    assertThat(c.call("SET", "k", "v2", "NX")).isNull();
    assertThat(str(c.call("SET", "k", "v3", "XX", "GET"))).isEqualTo("v");
    assertThat(c.call("SET", "k", "v", "EX", "0"))
        .isEqualTo(new Err("ERR invalid expire time in 'set' command"));
    assertThat(c.call("SET", "k", "v", "EX", "-1"))
        .isEqualTo(new Err("ERR invalid expire time in 'set' command"));
    assertThat(c.call("SET", "k", "v", "PX", "10", "EX", "10"))
        .isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("SET", "k", "v", "KEEPTTL", "EX", "10"))
        .isEqualTo(new Err("ERR syntax error"));
    assertThat(str(c.call("GET", "k"))).isEqualTo("v3");
  }

  @Test
  void countersRefuseNonIntegersAndOverflow() {
    InProcessClient c = client();
    c.call("SET", "s", "v");
    assertThat(c.call("INCR", "s"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(c.call("INCRBYFLOAT", "s", "1"))
        .isEqualTo(new Err("ERR value is not a valid float"));
    c.call("SET", "n", Long.toString(Long.MAX_VALUE));
    assertThat(c.call("INCR", "n")).isEqualTo(new Err("ERR increment or decrement would overflow"));
    c.call("SET", "one", "1");
    assertThat(c.call("DECRBY", "one", Long.toString(Long.MIN_VALUE)))
        .isEqualTo(new Err("ERR decrement would overflow"));
    c.call("SET", "f", "10.5");
    assertThat(str(c.call("INCRBYFLOAT", "f", "0.1"))).isEqualTo("10.6");
  }

  @Test
  void rangesPadWithZeroBytesAndAreBounded() {
    InProcessClient c = client();
    c.call("SET", "k", "x");
    assertThat(c.call("SETRANGE", "k", "2", "y")).isEqualTo(3L);
    assertThat((byte[]) c.call("GET", "k")).containsExactly('x', 0, 'y');
    assertThat(c.call("SETRANGE", "k", "-1", "x")).isEqualTo(new Err("ERR offset is out of range"));
    assertThat(c.call("SETRANGE", "k", "536870912", "x"))
        .isEqualTo(new Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
    assertThat(c.call("APPEND", "k", "zz")).isEqualTo(5L);
    assertThat(str(c.call("GETRANGE", "k", "-2", "-1"))).isEqualTo("zz");
  }

  @Test
  void wrongTypeAndMultiKeyForms() {
    InProcessClient c = client();
    c.call("LPUSH", "l", "a");
    assertThat(c.call("GET", "l"))
        .isEqualTo(new Err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(c.call("MSET", "a", "1", "b"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'mset' command"));
    assertThat(c.call("MSETNX", "a", "1", "c", "2")).isEqualTo(1L);
    assertThat(c.call("MSETNX", "a", "9", "d", "2")).isEqualTo(0L);
    assertThat(c.call("MGET", "a", "c", "d", "l"))
        .asList()
        .map(o -> o == null ? null : str(o))
        .containsExactly("1", "2", null, null);
    assertThat(str(c.call("GETDEL", "a"))).isEqualTo("1");
    assertThat(c.call("GETDEL", "a")).isNull();
    assertThat(c.call("GETEX", "c", "PERSIST", "EX", "1")).isEqualTo(new Err("ERR syntax error"));
  }
}
