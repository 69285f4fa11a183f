package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.netty.buffer.ByteBuf;

/**
 * Holds replies back until what they acknowledge is durable: with {@code appendfsync always} a
 * reply may only leave once the writes it could reflect are fsynced to the AOF. Installed on the
 * engine only while such a policy is in force, so the ordinary reply path pays one null check.
 *
 * <p>Command-execution thread only.
 */
public interface ReplyBarrier {
  /**
   * Offered every reply a client is about to send. Returns true when the barrier keeps it; it then
   * hands it back later, in the order taken, through {@link Client#releaseHeld}. Returns false to
   * let it go out now.
   */
  boolean hold(Client client, ByteBuf reply);
}
