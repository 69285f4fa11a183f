package io.banyan.node.command.server;

import static io.banyan.node.command.server.ModuleCommandTest.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.ServerTestBase;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * MODULE with enable-module-command yes: LOAD fails as Redis fails for a library it cannot load
 * (this server loads no native modules), UNLOAD as for a module it does not have.
 */
class ModuleCommandEnabledTest extends ServerTestBase {
  @Override
  protected void configure(ServerConfig config) {
    config.enableModuleCommand = "yes";
  }

  @Test
  void loadFailsAsForALibraryThatCannotBeLoaded() {
    Jedis j = jedis();
    assertThatThrownBy(() -> module(j, "LOAD", "/nonexistent.so", "a"))
        .hasMessage("ERR Error loading the extension. Please check the server logs.");
    assertThatThrownBy(() -> module(j, "LOADEX", "/nonexistent.so", "CONFIG", "a"))
        .hasMessage("ERR Error loading the extension. Please check the server logs.");
    assertThatThrownBy(() -> module(j, "UNLOAD", "search"))
        .hasMessage("ERR Error unloading module: no such module with that name");
    assertThatThrownBy(() -> module(j, "LOAD"))
        .hasMessage("ERR wrong number of arguments for 'module|load' command");
    assertThatThrownBy(() -> module(j, "FOO"))
        .hasMessage("ERR unknown subcommand 'FOO'. Try MODULE HELP.");
    assertThat((List<?>) module(j, "LIST")).isEmpty();
  }
}
