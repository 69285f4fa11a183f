package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DEBUG. The expected digests are what DEBUG DIGEST and DIGEST-VALUE answer on a real Redis 7.0.15
 * holding the same data.
 */
@SuppressWarnings("unchecked")
class DebugCommandTest extends ServerTestBase {
  private static final String ZEROS = "0000000000000000000000000000000000000000";

  @Override
  protected void configure(ServerConfig config) {
    config.slowlogLogSlowerThanMicros = 50_000;
  }

  private void expire(String key, int db) throws Exception {
    server.onCommandThread(
        () ->
            server
                .engine()
                .keyspace()
                .db(db)
                .setExpiry(key.getBytes(), System.currentTimeMillis() + 1_000_000));
  }

  @Test
  void digestOfStringsMatchesRedis() throws Exception {
    RespClient c = resp();
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo(ZEROS);
    assertThat(c.call("DEBUG", "POPULATE", "3")).isEqualTo("OK");
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo("f25db52166a7d712fb7362fd197165342e2b7442");
    assertThat(c.call("DEBUG", "DIGEST-VALUE", "key:0", "key:1", "nokey"))
        .isEqualTo(
            List.of(
                "c15f34c747bf411833c10208c03e1da1bb7da7cf",
                "ec4b7bec343ec862c8bd5dd8feab05ec1e9e6703",
                ZEROS));
    c.call("SET", "e", "1");
    assertThat(c.call("DEBUG", "DIGEST-VALUE", "e"))
        .isEqualTo(List.of("b4fc66738120fba0b5aa500ab5c2bf89cea1c5da"));
    expire("e", 0);
    assertThat(c.call("DEBUG", "DIGEST-VALUE", "e"))
        .isEqualTo(List.of("5279988c5d1911f474bcbbf2f0a87012d40f8459"));
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo("615fd2faf01d34aac7c6244a1d566b783331f62a");
    c.call("SELECT", "5");
    c.call("SET", "other", "val");
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo("911c322dfedf544c462e9ddbf4ef5c3925178921");
  }

  @Test
  void theDatabaseNumberIsPartOfTheDigest() {
    RespClient c = resp();
    c.call("SET", "a", "1");
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo("943d800368fb9c0e951138f1bc0e313ac769d91f");
    c.call("FLUSHALL");
    c.call("SELECT", "1");
    c.call("SET", "a", "1");
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo("8c8a6be2ca87c2882fea78af15ce43b8c3792dad");
  }

  @Test
  void digestDoesNotDependOnInsertionOrder() {
    RespClient c = resp();
    c.call("SET", "key:2", "value:2");
    c.call("SET", "key:1", "value:1");
    c.call("SET", "key:0", "value:0");
    assertThat(c.call("DEBUG", "DIGEST")).isEqualTo("f25db52166a7d712fb7362fd197165342e2b7442");
  }

  @Test
  void populate() {
    RespClient c = resp();
    c.call("SET", "key:1", "mine");
    assertThat(c.call("DEBUG", "POPULATE", "3")).isEqualTo("OK");
    assertThat(c.call("DBSIZE")).isEqualTo(3L);
    assertThat(RespClient.str(c.call("GET", "key:0"))).isEqualTo("value:0");
    assertThat(RespClient.str(c.call("GET", "key:1"))).isEqualTo("mine"); // existing keys stay
    assertThat(c.call("DEBUG", "POPULATE", "2", "pre", "3")).isEqualTo("OK");
    assertThat(RespClient.str(c.call("GET", "pre:1"))).isEqualTo("val");
    assertThat(c.call("DEBUG", "POPULATE", "1", "pad", "10")).isEqualTo("OK");
    assertThat(RespClient.str(c.call("GET", "pad:0"))).isEqualTo("value:0\0\0\0");
    assertThat(c.call("DEBUG", "POPULATE", "0")).isEqualTo("OK");
    Err positive = new Err("ERR value is out of range, must be positive");
    assertThat(c.call("DEBUG", "POPULATE", "-1")).isEqualTo(positive);
    assertThat(c.call("DEBUG", "POPULATE", "abc")).isEqualTo(positive);
    assertThat(c.call("DEBUG", "POPULATE", "1", "p", "-3")).isEqualTo(positive);
  }

  @Test
  void sleepMakesASlowCommand() {
    RespClient c = resp();
    c.call("SLOWLOG", "RESET");
    assertThat(c.call("DEBUG", "SLEEP", "0")).isEqualTo("OK");
    assertThat(c.call("DEBUG", "SLEEP", "0.1")).isEqualTo("OK");
    List<?> entries = (List<Object>) Plain.of(c.call("SLOWLOG", "GET"));
    assertThat(entries).hasSize(1);
    List<?> entry = (List<?>) entries.get(0);
    assertThat(entry.get(3)).isEqualTo(List.of("DEBUG", "SLEEP", "0.1"));
    assertThat((Long) entry.get(2)).isGreaterThanOrEqualTo(100_000L);
  }

  @Test
  void setActiveExpire() throws Exception {
    RespClient c = resp();
    assertThat(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("OK");
    assertThat(server.onCommandThread(() -> server.engine().activeExpireEnabled())).isFalse();
    assertThat(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1")).isEqualTo("OK");
    assertThat(server.onCommandThread(() -> server.engine().activeExpireEnabled())).isTrue();
  }

  @Test
  void objectDescribesTheValue() {
    RespClient c = resp();
    c.call("SET", "n", "100");
    c.call("SET", "s", "value:0");
    c.call("SET", "big", "123456789012");
    assertThat((String) c.call("DEBUG", "OBJECT", "n"))
        .matches(
            "Value at:0x[0-9a-f]+ refcount:2147483647 encoding:int serializedlength:2 lru:\\d+"
                + " lru_seconds_idle:\\d+");
    assertThat((String) c.call("DEBUG", "OBJECT", "s"))
        .contains(" refcount:1 encoding:embstr serializedlength:8 ");
    assertThat((String) c.call("DEBUG", "OBJECT", "big")).contains(" serializedlength:13 ");
    assertThat(c.call("DEBUG", "OBJECT", "nokey")).isEqualTo(new Err("ERR no such key"));
  }

  @Test
  void errorsAndHelp() {
    RespClient c = resp();
    assertThat(c.call("DEBUG", "ERROR", "WRONGTYPE custom")).isEqualTo(new Err("WRONGTYPE custom"));
    assertThat(c.call("DEBUG", "foo"))
        .isEqualTo(
            new Err(
                "ERR unknown subcommand or wrong number of arguments for 'foo'. Try DEBUG HELP."));
    assertThat(c.call("DEBUG", "SLEEP"))
        .isEqualTo(
            new Err(
                "ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG"
                    + " HELP."));
    assertThat(c.call("DEBUG"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'debug' command"));
    assertThat(((List<?>) c.call("DEBUG", "HELP")).get(0))
        .isEqualTo("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  }
}
