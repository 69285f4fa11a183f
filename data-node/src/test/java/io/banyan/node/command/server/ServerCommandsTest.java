package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class ServerCommandsTest extends ServerTestBase {
  @Test
  void dbsizeAndFlushdbArePerDatabase() {
    RespClient c = resp();
    c.call("SET", "a", "1");
    c.call("SET", "b", "1");
    c.call("SELECT", "1");
    c.call("SET", "c", "1");
    assertThat(c.call("DBSIZE")).isEqualTo(1L);
    assertThat(c.call("FLUSHDB")).isEqualTo("OK");
    assertThat(c.call("DBSIZE")).isEqualTo(0L);
    c.call("SELECT", "0");
    assertThat(c.call("DBSIZE")).isEqualTo(2L);
    assertThat(c.call("FLUSHDB", "ASYNC")).isEqualTo("OK");
    assertThat(c.call("DBSIZE")).isEqualTo(0L);
    assertThat(c.call("DBSIZE", "x"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'dbsize' command"));
  }

  @Test
  void flushallEmptiesEveryDatabase() {
    RespClient c = resp();
    c.call("SET", "a", "1");
    c.call("SELECT", "7");
    c.call("SET", "b", "1");
    assertThat(c.call("FLUSHALL", "sync")).isEqualTo("OK");
    assertThat(c.call("DBSIZE")).isEqualTo(0L);
    c.call("SELECT", "0");
    assertThat(c.call("DBSIZE")).isEqualTo(0L);
    assertThat(c.call("FLUSHALL", "foo")).isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("FLUSHALL", "sync", "async")).isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("FLUSHDB", "foo")).isEqualTo(new Err("ERR syntax error"));
  }

  @Test
  void time() {
    RespClient c = resp();
    List<?> t = (List<Object>) Plain.of(c.call("TIME"));
    assertThat(t).hasSize(2);
    long seconds = Long.parseLong((String) t.get(0));
    long micros = Long.parseLong((String) t.get(1));
    assertThat(seconds)
        .isBetween(
            System.currentTimeMillis() / 1000 - 3600, System.currentTimeMillis() / 1000 + 3600);
    assertThat(micros).isBetween(0L, 999_999L);
    assertThat(c.call("TIME", "x"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'time' command"));
  }

  @Test
  void shutdownValidatesItsOptions() {
    RespClient c = resp();
    assertThat(c.call("SHUTDOWN", "foo")).isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("SHUTDOWN", "NOSAVE", "SAVE")).isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("SHUTDOWN", "ABORT", "NOW")).isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("SHUTDOWN", "ABORT")).isEqualTo(new Err("ERR No shutdown in progress."));
    assertThat(c.call("PING")).isEqualTo("PONG");
  }
}
