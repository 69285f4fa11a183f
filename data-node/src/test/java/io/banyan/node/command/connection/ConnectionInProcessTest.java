package io.banyan.node.command.connection;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Connection commands in-process: HELLO and the reply types it switches, names, RESET. */
class ConnectionInProcessTest extends InProcessTestBase {
  @Test
  void hello3SwitchesTheReplyTypesAndHello2SwitchesBack() {
    InProcessClient c = client();
    c.call("SADD", "s", "m");
    c.call("ZADD", "z", "1", "a");
    assertThat(c.call("HGETALL", "missing")).isEqualTo(List.of());
    assertThat(str(c.call("ZSCORE", "z", "a"))).isEqualTo("1");

    Object hello = c.call("HELLO", "3");
    assertThat(hello).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) hello).get("proto")).isEqualTo(3L);
    assertThat(((Map<?, ?>) hello).get("id"))
        .isEqualTo(node.onCommandThread(() -> c.session().id()));
    assertThat(c.call("HGETALL", "missing")).isEqualTo(Map.of());
    assertThat(c.call("SMEMBERS", "s")).isEqualTo(Set.of("m"));
    assertThat(c.call("ZSCORE", "z", "a")).isEqualTo(1.0);
    assertThat(c.call("EXISTS", "missing")).isEqualTo(0L);

    Object back = c.call("HELLO", "2");
    assertThat(back).isInstanceOf(List.class);
    assertThat(c.call("HGETALL", "missing")).isEqualTo(List.of());
  }

  @Test
  void helloRefusesUnknownVersions() {
    InProcessClient c = client();
    assertThat(c.call("HELLO", "4")).isEqualTo(new Err("NOPROTO unsupported protocol version"));
    // Still RESP2.
    assertThat(c.call("HGETALL", "missing")).isEqualTo(List.of());
  }

  @Test
  void namesArgumentsAndDatabases() {
    InProcessClient c = client();
    assertThat(c.call("CLIENT", "SETNAME", "a b"))
        .isEqualTo(
            new Err("ERR Client names cannot contain spaces, newlines or special characters."));
    assertThat(c.call("CLIENT", "GETNAME")).isNull();
    c.call("HELLO", "3", "SETNAME", "worker");
    assertThat(str(c.call("CLIENT", "GETNAME"))).isEqualTo("worker");
    assertThat(c.call("ECHO"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'echo' command"));
    assertThat(c.call("PING", "a", "b"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'ping' command"));
    assertThat(c.call("SELECT", "16")).isEqualTo(new Err("ERR DB index is out of range"));
    assertThat(c.call("SELECT", "x"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(c.call("AUTH", "x"))
        .isEqualTo(
            new Err(
                "ERR AUTH <password> called without any password configured for the default"
                    + " user. Are you sure your configuration is correct?"));
  }

  @Test
  void resetRestoresTheSessionDefaults() {
    InProcessClient c = client();
    c.call("HELLO", "3", "SETNAME", "worker");
    c.call("SELECT", "3");
    c.call("SET", "in3", "v");
    assertThat(c.call("RESET")).isEqualTo("RESET");
    assertThat(c.call("CLIENT", "GETNAME")).isNull();
    assertThat(c.call("EXISTS", "in3")).isEqualTo(0L);
    assertThat(c.call("HGETALL", "missing")).isEqualTo(List.of());
  }

  @Test
  void aProtocolErrorIsAnsweredThenTheConnectionCloses() {
    InProcessClient c = client();
    c.sendRaw("*1\r\n:1\r\n");
    assertThat(c.read()).isEqualTo(new Err("ERR Protocol error: expected '$', got ':'"));
    assertThat(c.isClosedByServer()).isTrue();
  }
}
