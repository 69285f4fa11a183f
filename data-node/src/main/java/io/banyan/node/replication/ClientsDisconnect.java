package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.engine.Engine;
import java.util.ArrayList;

/**
 * Closes the connections of normal and pub/sub clients (after sending what they are owed) when this
 * node stops being the writable master: fenced by the operator, or demoted by REPLICAOF or
 * FAILOVER. Sentinel makes Redis do the same (CLIENT KILL TYPE normal, then pubsub, after SLAVEOF):
 * a client keeps its connection when a Kubernetes Service moves to another pod, so only a closed
 * connection makes it reconnect — to the new master. Replicas, the link to our own master and the
 * client that gave the order (as CLIENT KILL's SKIPME) keep theirs. Command thread only.
 */
final class ClientsDisconnect {
  private ClientsDisconnect() {}

  static void afterDemotion(Engine engine, Client except, String why) {
    int closed = 0;
    for (Client c : new ArrayList<>(engine.clients().all())) {
      if (c == except || c.isMaster() || (c.isReplica() && !c.isMonitor()) || c.closing()) {
        continue;
      }
      if (c.state() == ClientState.BLOCKED) {
        // A WAIT or WAITAOF still waiting (key waits were ended with UNBLOCKED just before): its
        // answer says how far a write made before the fence got, so it is sent, then the
        // connection closes.
        c.setCloseWhenUnblocked();
      } else {
        c.closeAfterReply();
      }
      closed++;
    }
    if (closed > 0) {
      engine
          .log()
          .notice("Disconnected " + closed + " client(s) " + why + ", so they reconnect elsewhere");
    }
  }
}
