package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** enable-debug-command no (Redis 7.0's default): DEBUG is refused with Redis's error. */
class DebugNotAllowedTest extends ServerTestBase {
  @Override
  protected void configure(ServerConfig config) {
    config.enableDebugCommand = "no";
  }

  @Test
  void debugIsRefusedAndTheOptionCannotBeChangedAtRunTime() {
    Jedis j = jedis();
    assertThatThrownBy(() -> j.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"))
        .hasMessage(
            "ERR DEBUG command not allowed. If the enable-debug-command option is set to"
                + " \"local\", you can run it from a local connection, otherwise you need to set"
                + " this option in the configuration file, and then restart the server.");
    assertThatThrownBy(() -> j.configSet("enable-debug-command", "yes"))
        .hasMessageContaining("can't set immutable config");
    assertThat(j.ping()).isEqualTo("PONG");
  }
}
