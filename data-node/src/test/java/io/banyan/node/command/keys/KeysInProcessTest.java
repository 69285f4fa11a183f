package io.banyan.node.command.keys;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Generic key commands and expiry in-process: Redis 7.0's replies for the edge cases. */
class KeysInProcessTest extends InProcessTestBase {
  @Test
  void expireOptionsCompareWithTheCurrentTtl() {
    InProcessClient c = client();
    c.call("SET", "k", "v");
    assertThat(c.call("EXPIRE", "k", "100", "NX")).isEqualTo(1L);
    assertThat(c.call("EXPIRE", "k", "100", "NX")).isEqualTo(0L);
    assertThat(c.call("EXPIRE", "k", "50", "GT")).isEqualTo(0L);
    assertThat(c.call("EXPIRE", "k", "50", "LT")).isEqualTo(1L);
    assertThat(c.call("TTL", "k")).isEqualTo(50L);
    assertThat(c.call("PEXPIRE", "k", "100", "NX", "XX"))
        .isEqualTo(new Err("ERR NX and XX, GT or LT options at the same time are not compatible"));
    assertThat(c.call("EXPIRE", "k", Long.toString(Long.MAX_VALUE)))
        .isEqualTo(new Err("ERR invalid expire time in 'expire' command"));
    assertThat(c.call("PERSIST", "k")).isEqualTo(1L);
    assertThat(c.call("TTL", "k")).isEqualTo(-1L);
    assertThat(c.call("TTL", "missing")).isEqualTo(-2L);
    assertThat(c.call("EXPIRETIME", "k")).isEqualTo(-1L);
    c.call("PEXPIREAT", "k", "99999999999999");
    assertThat(c.call("EXPIRETIME", "k")).isEqualTo(100000000000L);
  }

  @Test
  void aPastOrNegativeExpiryDeletesAtOnce() {
    InProcessClient c = client();
    c.call("SET", "a", "v");
    c.call("SET", "b", "v");
    assertThat(c.call("EXPIRE", "a", "-1")).isEqualTo(1L);
    assertThat(c.call("EXPIREAT", "b", "1")).isEqualTo(1L);
    assertThat(c.call("EXISTS", "a", "b")).isEqualTo(0L);
    assertThat(c.call("DBSIZE")).isEqualTo(0L);
  }

  @Test
  void aKeyIsGoneOnceItsTimeToLiveHasPassed() {
    InProcessClient c = client();
    assertThat(c.call("SET", "k", "v", "PX", "30")).isEqualTo("OK");
    assertThat(c.call("PTTL", "k"))
        .isInstanceOfSatisfying(Long.class, t -> assertThat(t).isBetween(0L, 30L));
    await().atMost(Duration.ofSeconds(5)).until(() -> c.call("GET", "k") == null);
    assertThat(c.call("TTL", "k")).isEqualTo(-2L);
  }

  @Test
  void renameCopyTypeAndEncoding() {
    InProcessClient c = client();
    assertThat(c.call("RENAME", "missing", "x")).isEqualTo(new Err("ERR no such key"));
    c.call("SET", "k", "v");
    c.call("SET", "n", "12345");
    assertThat(c.call("RENAMENX", "k", "k")).isEqualTo(0L);
    assertThat(c.call("TYPE", "k")).isEqualTo("string");
    assertThat(str(c.call("OBJECT", "ENCODING", "k"))).isEqualTo("embstr");
    assertThat(str(c.call("OBJECT", "ENCODING", "n"))).isEqualTo("int");
    assertThat(c.call("COPY", "k", "n")).isEqualTo(0L);
    assertThat(c.call("COPY", "k", "k2")).isEqualTo(1L);
    assertThat(str(c.call("GET", "k2"))).isEqualTo("v");
    assertThat(c.call("DEL", "k", "n", "k2", "missing")).isEqualTo(3L);
  }
}
