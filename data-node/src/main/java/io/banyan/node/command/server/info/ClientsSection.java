package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;

/** INFO clients: connection counts and limits. */
final class ClientsSection implements InfoRegistry.Section {
  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    Engine e = caller.engine();
    int connected = 0;
    long maxOutput = 0;
    for (Client c : e.clients().all()) {
      if (!c.isReplica()) {
        connected++;
      }
      maxOutput = Math.max(maxOutput, c.pendingOutputBytes());
    }
    out.add("connected_clients", connected)
        .add("cluster_connections", 0)
        .add("maxclients", e.config().maxClients)
        .add("client_recent_max_input_buffer", 0)
        .add("client_recent_max_output_buffer", maxOutput)
        .add("blocked_clients", e.blocking().blockedClients())
        .add("tracking_clients", 0)
        .add("clients_in_timeout_table", 0);
  }
}
