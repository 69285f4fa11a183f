package io.banyan.node.command.transactions;

import io.banyan.node.client.Client;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RespClient;
import java.util.Comparator;

/** Helpers for tests that need a connection in RESP3 without depending on HELLO. */
public final class TestClients {
  private TestClients() {}

  /**
   * Switches the most recently connected client (the one just opened by the test) to RESP3 on the
   * server side, as HELLO 3 would. The PING round trip guarantees the connection is registered.
   */
  public static RespClient resp3(BanyanServer server, RespClient fresh) throws Exception {
    fresh.call("PING");
    switchNewestToResp3(server);
    return fresh;
  }

  /** Switches the most recently connected client to RESP3; it must have completed a command. */
  public static void switchNewestToResp3(BanyanServer server) throws Exception {
    server.onCommandThread(
        () -> {
          Client newest =
              server.engine().clients().all().stream()
                  .max(Comparator.comparingLong(Client::id))
                  .orElseThrow();
          newest.reply().setProtocol(3);
          return null;
        });
  }
}
