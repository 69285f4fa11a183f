package io.banyan.node.command.hashes;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hash commands in-process: Redis 7.0's replies for the edge cases. */
class HashesInProcessTest extends InProcessTestBase {
  @Test
  void incrementsKeepTheirOwnErrorTexts() {
    InProcessClient c = client();
    assertThat(c.call("HSET", "h", "f", "1", "g", "2")).isEqualTo(2L);
    assertThat(c.call("HSET", "h", "f"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hset' command"));
    assertThat(c.call("HINCRBY", "h", "f", "x"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(str(c.call("HINCRBYFLOAT", "h", "f", "1.5"))).isEqualTo("2.5");
    assertThat(c.call("HINCRBY", "h", "f", "1"))
        .isEqualTo(new Err("ERR hash value is not an integer"));
    assertThat(c.call("HSETNX", "h", "f", "3")).isEqualTo(0L);
    assertThat(c.call("HSTRLEN", "h", "f")).isEqualTo(3L);
  }

  @Test
  void randomFieldsWithANegativeCountRepeat() {
    InProcessClient c = client();
    c.call("HSET", "h", "f", "v");
    List<?> reply = (List<?>) c.call("HRANDFIELD", "h", "-3", "WITHVALUES");
    assertThat(reply.stream().map(o -> str(o)).toList())
        .containsExactly("f", "v", "f", "v", "f", "v");
    assertThat(c.call("HRANDFIELD", "missing")).isNull();
  }

  @Test
  void theLastFieldDeletedDeletesTheKey() {
    InProcessClient c = client();
    c.call("HSET", "h", "f", "1", "g", "2");
    assertThat(c.call("HDEL", "h", "f", "g", "zz")).isEqualTo(2L);
    assertThat(c.call("EXISTS", "h")).isEqualTo(0L);
    assertThat(c.call("HGETALL", "h")).isEqualTo(List.of());
  }

  @Test
  void resp3RepliesAMap() {
    InProcessClient c = client();
    c.call("HELLO", "3");
    c.call("HSET", "h", "f", "1");
    assertThat(c.call("HGETALL", "missing")).isEqualTo(Map.of());
    Map<?, ?> h = (Map<?, ?>) c.call("HGETALL", "h");
    assertThat(h.keySet()).isEqualTo(java.util.Set.of("f"));
    assertThat(str(h.get("f"))).isEqualTo("1");
  }
}
