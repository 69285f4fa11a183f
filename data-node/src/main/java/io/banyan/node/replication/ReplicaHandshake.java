package io.banyan.node.replication;

import io.banyan.node.client.Client;

/**
 * What a replica tells its master with REPLCONF, applied to the replica's link on the master side:
 * during the handshake (listening port, announced address, capabilities, zone, rdb-only) and
 * afterwards (acknowledged offsets). The command layer parses REPLCONF and calls these. Command
 * thread only.
 */
public final class ReplicaHandshake {
  private final Replication replication;

  ReplicaHandshake(Replication replication) {
    this.replication = replication;
  }

  public void listeningPort(Client c, int port) {
    link(c).listeningPort = port;
  }

  public void announcedIp(Client c, String ip) {
    link(c).announcedIp = ip;
  }

  /** {@code capa eof}: the replica accepts a full sync streamed with an EOF mark, unsized. */
  public void acceptsEofSync(Client c) {
    link(c).capaEof = true;
  }

  /**
   * A Banyan extension: the replica's zone, for {@code banyan-min-replicas-scope other-zones}; sent
   * in the handshake and again when the replica's {@code banyan-zone} changes. Empty: no zone.
   */
  public void zone(Client c, String zone) {
    link(c).zone = zone.isEmpty() ? null : zone;
  }

  /** {@code rdb-only 1}: a snapshot and nothing else (see {@link ReplicaLink#rdbOnly}). */
  public void rdbOnly(Client c, boolean only) {
    link(c).rdbOnly = only;
  }

  /**
   * REPLCONF ACK from a synchronised replica: how far it applied the stream and, with Redis 7.2's
   * FACK, how far its AOF is fsynced (-1 when it did not say). Ignored from anyone else.
   */
  public void ack(Client c, long offset, long aofOffset) {
    ReplicaLink l = replication.master().existingLink(c);
    if (l != null && c.isReplica()) {
      replication.acked(l, offset, aofOffset);
    }
  }

  private ReplicaLink link(Client c) {
    return replication.master().link(c);
  }
}
