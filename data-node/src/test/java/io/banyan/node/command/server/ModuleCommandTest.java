package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * MODULE as Redis 7.0 answers it by default: LIST and HELP for everyone; LOAD, LOADEX and UNLOAD
 * refused, since enable-module-command is "no".
 */
class ModuleCommandTest extends ServerTestBase {
  static final String NOT_ALLOWED =
      "ERR MODULE command not allowed. If the enable-module-command option is set to \"local\","
          + " you can run it from a local connection, otherwise you need to set this option in the"
          + " configuration file, and then restart the server.";

  static Object module(Jedis j, String... args) {
    return j.sendCommand(() -> "MODULE".getBytes(), args);
  }

  @Test
  void loadingIsRefusedButListingIsNot() {
    Jedis j = jedis();
    assertThat((List<?>) module(j, "LIST")).isEmpty();
    assertThat((List<?>) module(j, "HELP")).hasSize(11);
    assertThatThrownBy(() -> module(j, "LOAD", "/tmp/evil.so")).hasMessage(NOT_ALLOWED);
    assertThatThrownBy(() -> module(j, "LOADEX", "/tmp/evil.so", "ARGS", "x"))
        .hasMessage(NOT_ALLOWED);
    assertThatThrownBy(() -> module(j, "UNLOAD", "search")).hasMessage(NOT_ALLOWED);
    assertThatThrownBy(() -> j.configSet("enable-module-command", "yes"))
        .hasMessageContaining("can't set immutable config");
    assertThat(j.configGet("enable-module-command")).containsEntry("enable-module-command", "no");
    assertThat(j.ping()).isEqualTo("PONG");
  }
}
