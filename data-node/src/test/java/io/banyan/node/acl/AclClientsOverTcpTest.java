package io.banyan.node.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.testing.ServerTestBase;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/** ACL users as real clients use them: Jedis, Lettuce (HELLO 3 with AUTH) and redis-cli. */
class AclClientsOverTcpTest extends ServerTestBase {

  @BeforeEach
  void createUser() {
    try (Jedis admin = jedis()) {
      admin.aclSetUser(
          "app",
          "reset",
          "on",
          ">app-pw",
          "+@read",
          "+@write",
          "+acl|whoami",
          "+client|list",
          "~app:*",
          "&app:*");
    }
  }

  @Test
  void jedisSignsInAsAUserAndGetsNopermErrors() {
    try (Jedis j = new Jedis("127.0.0.1", port())) {
      assertThatThrownBy(() -> j.auth("app", "wrong"))
          .isInstanceOf(JedisAccessControlException.class)
          .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
      assertThat(j.auth("app", "app-pw")).isEqualTo("OK");
      assertThat(j.aclWhoAmI()).isEqualTo("app");
      assertThat(j.set("app:1", "v")).isEqualTo("OK");
      assertThatThrownBy(() -> j.set("other", "v"))
          .isInstanceOf(JedisDataException.class)
          .hasMessage(
              "NOPERM this user has no permissions to access one of the keys used as arguments");
      assertThatThrownBy(() -> j.configGet("maxmemory"))
          .hasMessage("NOPERM this user has no permissions to run the 'config|get' command");
    }
  }

  @Test
  void lettuceAuthenticatesWithHelloAsAUser() {
    RedisClient client =
        RedisClient.create(
            RedisURI.builder()
                .withHost("127.0.0.1")
                .withPort(port())
                .withAuthentication("app", "app-pw".toCharArray())
                .build());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      assertThat(c.sync().set("app:lettuce", "v")).isEqualTo("OK");
      assertThat(c.sync().get("app:lettuce")).isEqualTo("v");
      assertThat(c.sync().clientList()).contains("user=app");
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  @Test
  void redisCliSignsInWithUserAndPass() throws Exception {
    Process p =
        new ProcessBuilder(
                "redis-cli",
                "-p",
                Integer.toString(port()),
                "--user",
                "app",
                "--pass",
                "app-pw",
                "--no-auth-warning",
                "ACL",
                "WHOAMI")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
        .isEqualTo("app");
  }
}
