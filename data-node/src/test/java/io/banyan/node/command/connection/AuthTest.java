package io.banyan.node.command.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class AuthTest extends ServerTestBase {
  private static final Err NOAUTH = new Err("NOAUTH Authentication required.");
  private static final Err WRONGPASS =
      new Err("WRONGPASS invalid username-password pair or user is disabled.");

  @Override
  protected void configure(ServerConfig config) {
    config.requirePass = "s3cret";
    config.slowlogLogSlowerThanMicros = 0;
  }

  @Test
  void credentialsAreRedactedInTheSlowLogAndMonitor() {
    RespClient monitor = resp();
    assertThat(monitor.call("AUTH", "s3cret")).isEqualTo("OK");
    assertThat(monitor.call("MONITOR")).isEqualTo("OK");
    RespClient c = resp();
    assertThat(c.call("AUTH", "default", "s3cret")).isEqualTo("OK");
    assertThat(c.call("HELLO", "2", "AUTH", "default", "s3cret"))
        .isInstanceOf(java.util.List.class);
    assertThat((String) monitor.read()).endsWith("] \"AUTH\" \"(redacted)\" \"(redacted)\"");
    assertThat((String) monitor.read())
        .endsWith("] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"");
    java.util.List<?> log = (java.util.List<?>) c.call("SLOWLOG", "GET", "2");
    String text =
        log.stream()
            .map(
                e ->
                    ((java.util.List<?>) ((java.util.List<?>) e).get(3))
                        .stream().map(RespClient::str).toList().toString())
            .toList()
            .toString();
    assertThat(text).contains("(redacted)").doesNotContain("s3cret");
  }

  @Test
  void commandsNeedAuthenticationFirst() {
    RespClient c = resp();
    assertThat(c.call("GET", "k")).isEqualTo(NOAUTH);
    assertThat(c.call("PING")).isEqualTo(NOAUTH);
    assertThat(c.call("AUTH", "wrong")).isEqualTo(WRONGPASS);
    assertThat(c.call("GET", "k")).isEqualTo(NOAUTH);
    assertThat(c.call("AUTH", "s3cret")).isEqualTo("OK");
    assertThat(c.call("GET", "k")).isNull();
  }

  @Test
  void authWithTheDefaultUserName() {
    RespClient c = resp();
    assertThat(c.call("AUTH", "default", "wrong")).isEqualTo(WRONGPASS);
    assertThat(c.call("AUTH", "admin", "s3cret")).isEqualTo(WRONGPASS);
    assertThat(c.call("AUTH", "default", "s3cret")).isEqualTo("OK");
    assertThat(c.call("PING")).isEqualTo("PONG");
  }

  @Test
  void helloBeforeAuthenticationIsRefusedUnlessItAuthenticates() {
    RespClient c = resp();
    Object refused = c.call("HELLO", "3");
    assertThat(refused).isInstanceOf(Err.class);
    assertThat(((Err) refused).message())
        .startsWith("NOAUTH HELLO must be called with the client already authenticated");
    assertThat(c.call("HELLO", "3", "AUTH", "default", "nope")).isEqualTo(WRONGPASS);
    Object hello = c.call("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "svc");
    assertThat(hello).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) hello).get("proto")).isEqualTo(3L);
    assertThat(RespClient.str(c.call("CLIENT", "GETNAME"))).isEqualTo("svc");
  }

  @Test
  void resetSignsTheConnectionOut() {
    RespClient c = resp();
    assertThat(c.call("AUTH", "s3cret")).isEqualTo("OK");
    assertThat(c.call("RESET")).isEqualTo("RESET");
    assertThat(c.call("GET", "k")).isEqualTo(NOAUTH);
  }

  @Test
  void quitWorksWithoutAuthentication() {
    RespClient c = resp();
    assertThat(c.call("QUIT")).isEqualTo("OK");
    assertThat(c.isClosedByServer()).isTrue();
  }

  @Test
  void jedisAuthenticates() {
    Jedis j = jedis();
    org.assertj.core.api.Assertions.assertThatThrownBy(j::ping)
        .isInstanceOf(JedisDataException.class)
        .hasMessageContaining("NOAUTH");
    assertThat(j.auth("s3cret")).isEqualTo("OK");
    assertThat(j.ping()).isEqualTo("PONG");
  }
}
