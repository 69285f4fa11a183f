package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.Test;

class TransportTest extends ServerTestBase {
  @Test
  void answersPingAndStoresStringsThroughJedis() {
    var j = jedis();
    assertThat(j.ping()).isEqualTo("PONG");
    assertThat(j.set("k", "v")).isEqualTo("OK");
    assertThat(j.get("k")).isEqualTo("v");
  }

  @Test
  void unknownCommandKeepsTheConnectionUsable() {
    RespClient c = resp();
    assertThat(c.call("nosuchcommand", "a", "b"))
        .isEqualTo(
            new RespClient.Err(
                "ERR unknown command 'nosuchcommand', with args beginning with: 'a' 'b' "));
    assertThat(c.call("PING")).isEqualTo("PONG");
  }

  @Test
  void pipelinedInlineAndMultibulkRequestsAreAnsweredInOrder() {
    RespClient c = resp();
    c.sendRaw("PING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\nGET k\r\nECHO \"a b\"\n");
    assertThat(c.read()).isEqualTo("PONG");
    assertThat(c.read()).isEqualTo("OK");
    assertThat(RespClient.str(c.read())).isEqualTo("v1");
    assertThat(RespClient.str(c.read())).isEqualTo("a b");
  }

  @Test
  void protocolErrorIsReportedThenTheConnectionClosesWhileOthersContinue() {
    RespClient bad = resp();
    RespClient good = resp();
    bad.sendRaw("*1\r\n+PING\r\n");
    assertThat(bad.read())
        .isEqualTo(new RespClient.Err("ERR Protocol error: expected '$', got '+'"));
    assertThat(bad.isClosedByServer()).isTrue();
    assertThat(good.call("PING")).isEqualTo("PONG");
  }
}
