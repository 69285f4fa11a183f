package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.client.Connection;
import io.banyan.node.log.ServerLog;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;

/**
 * A replica connected to this node, as the master sees it: what it announced with REPLCONF, where
 * it is in its synchronisation, the stream bytes held for it while its snapshot is prepared, and
 * the offset it last acknowledged.
 */
final class ReplicaLink {
  /** Redis's replica states as INFO reports them. */
  enum State {
    HANDSHAKE("handshake"),
    WAIT_BGSAVE("wait_bgsave"),
    SEND_BULK("send_bulk"),
    ONLINE("online");

    final String infoName;

    State(String infoName) {
      this.infoName = infoName;
    }
  }

  final Client client;
  State state = State.HANDSHAKE;
  int listeningPort;
  String announcedIp;
  boolean capaEof;

  /** The zone it announced (REPLCONF banyan-zone, a Banyan replica), or null when unknown. */
  String zone;

  /**
   * REPLCONF rdb-only 1 (Redis 7.0; redis-cli --rdb, the operator's backups): the connection wants
   * one full-sync snapshot and nothing after it. It is never a replica for INFO, the write quorum,
   * WAIT or the backlog, receives no stream, and is closed once its snapshot is sent.
   */
  boolean rdbOnly;

  boolean oldSync;
  boolean awaitingAck;
  long ackOffset;

  /** The replication offset up to which the replica's AOF is fsynced (REPLCONF ACK ... FACK). */
  long aofAckOffset;

  long lastAckMs;
  long softLimitSinceMs;

  /** When the replica started waiting for a snapshot (repl-diskless-sync-delay counts from it). */
  long waitingSinceMs;

  /** Stream bytes produced since the snapshot's offset, sent after the snapshot. */
  ByteArrayOutputStream pending;

  ReplicaLink(Client client, long nowMs) {
    this.client = client;
    this.lastAckMs = nowMs;
  }

  Connection connection() {
    return client.connection();
  }

  /** The address INFO and ROLE report: the announced one, or the connection's. */
  String ip() {
    if (announcedIp != null) {
      return announcedIp;
    }
    return client.remoteIp();
  }

  /** Queues bytes on the socket; {@link #flush} sends them. */
  void write(byte[] bytes) {
    Connection c = connection();
    if (c.isOpen()) {
      c.write(Unpooled.wrappedBuffer(bytes));
    }
  }

  void flush() {
    connection().flush();
  }

  /** Bytes waiting for this replica: on the socket and, during a sync, held back. */
  long bufferedBytes() {
    long socket = connection().pendingOutboundBytes();
    return socket + (pending == null ? 0 : pending.size());
  }

  /**
   * client-output-buffer-limit replica: closes the link at once past the hard limit, or once it has
   * stayed past the soft limit for its seconds, rather than buffer without bound for a replica that
   * cannot keep up.
   *
   * @param limit hard bytes, soft bytes, soft seconds (0 disables a limit)
   */
  void enforceOutputLimit(long[] limit, long nowMs, ServerLog log) {
    if (state == State.HANDSHAKE || !connection().isOpen()) {
      return;
    }
    long used = bufferedBytes();
    boolean overSoft = limit[1] > 0 && used > limit[1];
    if (!overSoft) {
      softLimitSinceMs = 0;
    } else if (softLimitSinceMs == 0) {
      softLimitSinceMs = nowMs;
    }
    boolean hard = limit[0] > 0 && used > limit[0];
    boolean soft = overSoft && nowMs - softLimitSinceMs > limit[2] * 1000;
    if (hard || soft) {
      log.warning(
          "Client "
              + client.remoteAddress()
              + " scheduled to be closed ASAP for overcoming of output buffer limits.");
      client.closeNow();
    }
  }
}
