package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SHUTDOWN stops the node; it gets a server of its own. */
class ShutdownTest extends ServerTestBase {
  @Test
  void shutdownClosesTheConnectionWithoutAReplyAndStopsTheServer() throws Exception {
    RespClient c = resp();
    c.send("SHUTDOWN", "NOSAVE");
    assertThat(c.isClosedByServer()).isTrue();
    server.stopped().get(20, TimeUnit.SECONDS);
    assertThat(server.stopped()).isDone();
  }
}
