package io.banyan.node.command.strings;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.keys.KeyspaceTestSupport;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.resps.LCSMatchResult;

class LcsTest extends ServerTestBase {
  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
    c.call("MSET", "a", "ohmytext", "b", "mynewtext");
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  @Test
  void stringAndLength() {
    assertThat(RespClient.str(call("LCS", "a", "b"))).isEqualTo("mytext");
    assertThat(call("LCS", "a", "b", "LEN")).isEqualTo(6L);
    assertThat(RespClient.str(call("LCS", "nope", "b"))).isEmpty();
    assertThat(call("LCS", "nope", "nope2", "LEN")).isEqualTo(0L);
  }

  @Test
  void indexesInResp2AsAFlatArray() {
    List<?> reply = (List<?>) call("LCS", "a", "b", "IDX");
    assertThat(reply).hasSize(4);
    assertThat(RespClient.str(reply.get(0))).isEqualTo("matches");
    assertThat(reply.get(1))
        .isEqualTo(
            List.of(
                List.of(List.of(4L, 7L), List.of(5L, 8L)),
                List.of(List.of(2L, 3L), List.of(0L, 1L))));
    assertThat(RespClient.str(reply.get(2))).isEqualTo("len");
    assertThat(reply.get(3)).isEqualTo(6L);
  }

  @Test
  void minMatchLenAndWithMatchLen() {
    List<?> reply = (List<?>) call("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN");
    assertThat(reply.get(1)).isEqualTo(List.of(List.of(List.of(4L, 7L), List.of(5L, 8L), 4L)));
    List<?> negative = (List<?>) call("LCS", "a", "b", "IDX", "MINMATCHLEN", "-5");
    assertThat((List<?>) negative.get(1)).hasSize(2);
    List<?> empty = (List<?>) call("LCS", "x", "y", "IDX");
    assertThat(empty.get(1)).isEqualTo(List.of());
    assertThat(empty.get(3)).isEqualTo(0L);
  }

  @Test
  void indexesInResp3AsAMap() throws Exception {
    RespClient r3 = resp();
    KeyspaceTestSupport.useResp3(server, r3);
    Object reply = r3.call("LCS", "a", "b", "IDX", "WITHMATCHLEN");
    assertThat(reply).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) reply;
    assertThat(m.get("len")).isEqualTo(6L);
    assertThat(m.get("matches"))
        .isEqualTo(
            List.of(
                List.of(List.of(4L, 7L), List.of(5L, 8L), 4L),
                List.of(List.of(2L, 3L), List.of(0L, 1L), 2L)));
  }

  @Test
  void jedisReadsTheIndexes() {
    Jedis j = jedis();
    LCSMatchResult r = j.lcs("a", "b", LCSParams.LCSParams().idx().withMatchLen());
    assertThat(r.getLen()).isEqualTo(6);
    assertThat(r.getMatches()).hasSize(2);
    assertThat(r.getMatches().get(0).getA().getStart()).isEqualTo(4);
    assertThat(r.getMatches().get(0).getMatchLen()).isEqualTo(4);
  }

  @Test
  void errors() throws Exception {
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    Err notStrings = new Err("ERR The specified keys must contain string values");
    assertThat(call("LCS", "a", "l")).isEqualTo(notStrings);
    assertThat(call("LCS", "l", "a", "FOO")).isEqualTo(notStrings);
    assertThat(call("LCS", "a", "b", "FOO")).isEqualTo(new Err("ERR syntax error"));
    assertThat(call("LCS", "a", "b", "MINMATCHLEN")).isEqualTo(new Err("ERR syntax error"));
    assertThat(call("LCS", "a", "b", "MINMATCHLEN", "x"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(call("LCS", "a", "b", "IDX", "LEN"))
        .isEqualTo(new Err("ERR If you want both the length and indexes, please just use IDX."));
    assertThat(call("LCS", "a"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'lcs' command"));
  }
}
