package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class SlowlogTest extends ServerTestBase {
  @Override
  protected void configure(ServerConfig config) {
    config.slowlogLogSlowerThanMicros = 0; // log everything
  }

  private RespClient c;

  @BeforeEach
  void freshLog() {
    c = resp();
    assertThat(c.call("SLOWLOG", "RESET")).isEqualTo("OK");
  }

  @Test
  void entriesAreNewestFirstWithRedisShape() {
    c.call("CLIENT", "SETNAME", "slowpoke");
    c.call("SET", "k", "v");
    String addr =
        RespClient.str(c.call("CLIENT", "INFO")).replaceAll("^.* addr=(\\S+) .*\\s*$", "$1");
    List<?> entries = (List<Object>) Plain.of(c.call("SLOWLOG", "GET", "2"));
    assertThat(entries).hasSize(2);
    List<?> newest = (List<?>) entries.get(0);
    List<?> older = (List<?>) entries.get(1);
    assertThat(newest).hasSize(6);
    assertThat(newest.get(3)).isEqualTo(List.of("CLIENT", "INFO"));
    assertThat(older.get(3)).isEqualTo(List.of("SET", "k", "v"));
    assertThat((Long) newest.get(0)).isEqualTo((Long) older.get(0) + 1);
    assertThat((Long) newest.get(1)).isGreaterThan(1_600_000_000L);
    assertThat((Long) newest.get(2)).isNotNegative();
    assertThat(newest.get(4)).isEqualTo(addr);
    assertThat(newest.get(5)).isEqualTo("slowpoke");
  }

  @Test
  void countsAndLength() {
    for (int i = 0; i < 12; i++) {
      c.call("PING");
    }
    assertThat((Long) c.call("SLOWLOG", "LEN")).isGreaterThanOrEqualTo(12L);
    assertThat((List<?>) c.call("SLOWLOG", "GET")).hasSize(10);
    assertThat(((List<?>) c.call("SLOWLOG", "GET", "-1")).size()).isGreaterThan(12);
    assertThat((List<?>) c.call("SLOWLOG", "GET", "0")).isEmpty();
    assertThat(c.call("SLOWLOG", "RESET")).isEqualTo("OK");
    assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(1L); // the RESET itself
  }

  @Test
  void longCommandsAreTruncated() {
    Object[] many = new Object[40];
    many[0] = "PING"; // runs (and fails inside the command), so it is logged
    for (int i = 1; i < many.length; i++) {
      many[i] = "a" + i;
    }
    c.call(many);
    c.call("ECHO", "x".repeat(200));
    List<?> entries = (List<Object>) Plain.of(c.call("SLOWLOG", "GET", "2"));
    List<?> echo = (List<?>) ((List<?>) entries.get(0)).get(3);
    assertThat(echo.get(1)).isEqualTo("x".repeat(128) + "... (72 more bytes)");
    List<?> ping = (List<?>) ((List<?>) entries.get(1)).get(3);
    assertThat(ping).hasSize(32);
    assertThat(ping.get(30)).isEqualTo("a30");
    assertThat(ping.get(31)).isEqualTo("... (9 more arguments)");
  }

  @Test
  void badArguments() {
    assertThat(c.call("SLOWLOG", "GET", "abc"))
        .isEqualTo(new Err("ERR count should be greater than or equal to -1"));
    assertThat(c.call("SLOWLOG", "GET", "-2"))
        .isEqualTo(new Err("ERR count should be greater than or equal to -1"));
    assertThat(c.call("SLOWLOG", "GET", "1", "2"))
        .isEqualTo(
            new Err(
                "ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG"
                    + " HELP."));
    assertThat(c.call("SLOWLOG", "LEN", "x"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'slowlog|len' command"));
    assertThat(c.call("SLOWLOG", "foo"))
        .isEqualTo(new Err("ERR unknown subcommand 'foo'. Try SLOWLOG HELP."));
    assertThat(((List<?>) c.call("SLOWLOG", "HELP")).get(0))
        .isEqualTo("SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  }
}
