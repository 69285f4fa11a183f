package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.engine.Engine;
import java.util.ArrayList;

/**
 * What Redis 7.0 does to blocked clients when a node starts following a master (REPLICAOF host
 * port, FAILOVER): whatever they waited for (keys, replicas' ACKs, fsyncs) was asked of the node in
 * its former role, so every one of them (BLPOP, WAIT, WAITAOF, ...) is answered with an UNBLOCKED
 * error and disconnected once the error is sent. Clients held by CLIENT PAUSE have not started
 * their command: they run it later against the new role.
 */
final class BlockedClientsReset {
  static final String UNBLOCKED =
      "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)";

  private BlockedClientsReset() {}

  static void unblockAll(Engine engine) {
    unblock(engine, false);
  }

  /**
   * When the node is fenced: clients waiting on keys can only be served by a write, which a fenced
   * node refuses, so they are unblocked; WAIT and WAITAOF keep waiting for their answer (how far a
   * write made before the fence got), after which their connection closes.
   */
  static void unblockKeyWaiters(Engine engine) {
    unblock(engine, true);
  }

  private static void unblock(Engine engine, boolean keysOnly) {
    for (Client c : new ArrayList<>(engine.clients().all())) {
      if (c.state() != ClientState.BLOCKED
          || (keysOnly && !io.banyan.node.engine.BlockingService.blockedOnKeys(c))) {
        continue;
      }
      // Out of the key queues, if it waits on keys; WAIT and WAITAOF drop a client that no longer
      // points at their entry.
      engine.blocking().disconnected(c);
      c.setState(ClientState.NORMAL, null);
      c.reply().error(UNBLOCKED);
      c.closeAfterReply();
    }
  }
}
