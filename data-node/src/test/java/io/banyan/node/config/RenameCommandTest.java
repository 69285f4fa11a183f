package io.banyan.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rename-command from the configuration file. */
class RenameCommandTest extends ServerTestBase {
  @Override
  protected void configure(ServerConfig config) {
    config.renamedCommands = List.of(List.of("ECHO", "say"), List.of("config", ""));
  }

  @Test
  void renamedCommandAnswersUnderItsNewNameOnly() {
    RespClient c = resp();
    assertThat(RespClient.str(c.call("SAY", "hello"))).isEqualTo("hello");
    assertThat(c.call("ECHO", "hello"))
        .isEqualTo(new Err("ERR unknown command 'ECHO', with args beginning with: 'hello' "));
    assertThat(c.call("CONFIG", "GET", "port"))
        .isEqualTo(
            new Err("ERR unknown command 'CONFIG', with args beginning with: 'GET' 'port' "));
  }

  @Test
  void renamingAnUnknownCommandStopsStartUp() {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    config.renamedCommands = List.of(List.of("NOSUCH", "x"));
    ServerLog log = new ServerLog();
    assertThatThrownBy(() -> new BanyanServer(config, log))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Fatal config error: 'rename-command NOSUCH x': No such command in rename-command");
  }
}
