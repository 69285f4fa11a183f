package io.banyan.node.command.sets;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Set commands in-process: Redis 7.0's replies for the edge cases. */
class SetsInProcessTest extends InProcessTestBase {
  @Test
  void membershipAndAlgebraWithMissingKeys() {
    InProcessClient c = client();
    assertThat(c.call("SADD", "s", "a", "b", "c")).isEqualTo(3L);
    assertThat(c.call("SADD", "s", "a")).isEqualTo(0L);
    assertThat(c.call("SMISMEMBER", "s", "a", "z")).isEqualTo(List.of(1L, 0L));
    assertThat(c.call("SINTER", "s", "missing")).isEqualTo(List.of());
    assertThat(c.call("SUNIONSTORE", "d", "s", "missing")).isEqualTo(3L);
    assertThat(c.call("SMOVE", "s", "d2", "a")).isEqualTo(1L);
    assertThat(c.call("SCARD", "missing")).isEqualTo(0L);
  }

  @Test
  void countsAndLimitsAreValidated() {
    InProcessClient c = client();
    c.call("SADD", "s", "b");
    assertThat(c.call("SPOP", "s", "-1"))
        .isEqualTo(new Err("ERR value is out of range, must be positive"));
    assertThat(c.call("SINTERCARD", "1", "s", "LIMIT", "-1"))
        .isEqualTo(new Err("ERR LIMIT can't be negative"));
    assertThat(c.call("SINTERCARD", "0", "s"))
        .isEqualTo(new Err("ERR numkeys should be greater than 0"));
    List<?> repeated = (List<?>) c.call("SRANDMEMBER", "s", "-5");
    assertThat(repeated.stream().map(o -> str(o)).toList())
        .containsExactly("b", "b", "b", "b", "b");
  }

  @Test
  void encodingsFollowTheMembers() {
    InProcessClient c = client();
    c.call("SADD", "ints", "1", "2", "3");
    assertThat(str(c.call("OBJECT", "ENCODING", "ints"))).isEqualTo("intset");
    c.call("SADD", "ints", "x");
    assertThat(str(c.call("OBJECT", "ENCODING", "ints"))).isEqualTo("hashtable");
  }

  @Test
  void resp3RepliesASet() {
    InProcessClient c = client();
    c.call("HELLO", "3");
    c.call("SADD", "s", "a", "b");
    assertThat(c.call("SMEMBERS", "missing")).isEqualTo(Set.of());
    assertThat(c.call("SMEMBERS", "s")).isEqualTo(Set.of("a", "b"));
  }
}
