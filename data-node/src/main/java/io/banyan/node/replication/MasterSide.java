package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Engine;
import io.banyan.node.persistence.SnapshotRunner;
import io.banyan.node.persistence.Snapshots;
import io.banyan.node.persistence.rdb.RdbAux;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving side of replication: this node's replication id and offset, the backlog, the replicas
 * attached to it, and their synchronisation (PSYNC answered with a partial resync from the backlog,
 * or a full one: a point-in-time RDB snapshot followed by the writes made meanwhile).
 *
 * <p>The stream every replica receives is exactly the bytes appended to the backlog, so replica
 * offsets are byte positions of one stream (invariant I2). On a replica, this stream is the
 * master's, fed verbatim, so sub-replicas share the offsets of the whole tree. Command thread only.
 */
final class MasterSide {
  private static final byte[] CRLF = {'\r', '\n'};

  private final Engine engine;
  private final ReplicationStats stats;
  private final Map<Client, ReplicaLink> links = new LinkedHashMap<>();
  private final StreamEncoder encoder = new StreamEncoder();
  private String replId = newReplId();
  private String replId2 = "0000000000000000000000000000000000000000";
  private long secondOffset = -1;

  /** When the last replica went away (for repl-backlog-ttl), or 0 while replicas are attached. */
  private long noReplicasSinceMs;

  private long offset;
  private Backlog backlog;
  private SnapshotRunner syncJob;

  /** The offset the running {@link #syncJob} snapshot was taken at. */
  private long syncJobOffset;

  private boolean flushScheduled;
  private java.util.function.IntSupplier relayedStreamDb = () -> -1;

  MasterSide(Engine engine, ReplicationStats stats) {
    this.engine = engine;
    this.stats = stats;
  }

  /**
   * On a replica: the database the relayed stream is in (repl-stream-db of the snapshots this node
   * sends), or -1 when this node encodes its own stream.
   */
  void setRelayedStreamDb(java.util.function.IntSupplier source) {
    this.relayedStreamDb = source;
  }

  static String newReplId() {
    byte[] id = new byte[20];
    new SecureRandom().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  String replId() {
    return replId;
  }

  String replId2() {
    return replId2;
  }

  long secondOffset() {
    return secondOffset;
  }

  long offset() {
    return offset;
  }

  /**
   * True when the current id has no bytes yet: the offset is still where it took over from replid2
   * (a promotion, or a restart as master that keeps its file's history as replid2), so both ids
   * describe the same data here.
   */
  boolean atIdSwitchPoint() {
    return backlog != null && secondOffset > 0 && secondOffset == offset + 1;
  }

  Backlog backlog() {
    return backlog;
  }

  /** Replicas past the handshake; rdb-only connections are not replicas (see ReplicaLink). */
  List<ReplicaLink> replicas() {
    List<ReplicaLink> out = new ArrayList<>();
    for (ReplicaLink l : links.values()) {
      if (l.state != ReplicaLink.State.HANDSHAKE && !l.rdbOnly) {
        out.add(l);
      }
    }
    return out;
  }

  /** The link of a client that used REPLCONF or PSYNC, created on first use. */
  ReplicaLink link(Client c) {
    ReplicaLink l = links.get(c);
    if (l == null) {
      l = new ReplicaLink(c, engine.nowMs());
      links.put(c, l);
      ReplicaLink added = l;
      c.connection().onClose(() -> disconnected(added));
    }
    return l;
  }

  ReplicaLink existingLink(Client c) {
    return links.get(c);
  }

  private void disconnected(ReplicaLink l) {
    if (links.remove(l.client) != null && l.state != ReplicaLink.State.HANDSHAKE) {
      engine.log().notice("Connection with replica " + l.ip() + ":" + l.listeningPort + " lost.");
    }
    abandonSyncIfUnwanted();
  }

  /** A snapshot no replica waits for any more (they all disconnected) is abandoned, not sent. */
  private void abandonSyncIfUnwanted() {
    if (syncJob == null) {
      return;
    }
    for (ReplicaLink other : links.values()) {
      if (other.state == ReplicaLink.State.SEND_BULK) {
        return;
      }
    }
    engine.log().notice("Snapshot for replica sync abandoned: no replica waits for it");
    syncJob.abort();
  }

  // ---- the stream ----------------------------------------------------------------------------

  /** A write executed on this node (master role): encoded with SELECT as needed, then fed. */
  void propagate(int db, byte[][] argv) {
    if (backlog == null) {
      return; // as Redis: no stream (and no offset progress) until a replica first attached
    }
    feed(encoder.encode(db, argv));
  }

  /** Appends raw stream bytes: to the backlog and to every replica. */
  void feed(byte[] bytes) {
    if (backlog == null) {
      backlog = new Backlog(backlogCapacity(), offset);
    }
    backlog.append(bytes, 0, bytes.length);
    offset += bytes.length;
    for (ReplicaLink l : links.values()) {
      switch (l.state) {
        case ONLINE -> l.write(bytes);
        case SEND_BULK -> {
          if (l.pending != null) { // null for an rdb-only link: it never gets the stream
            l.pending.write(bytes, 0, bytes.length);
          }
        }
        default -> {}
      }
    }
    if (!flushScheduled && !links.isEmpty()) {
      flushScheduled = true;
      engine.eventLoop().execute(this::flushAll);
    }
  }

  private void flushAll() {
    flushScheduled = false;
    for (ReplicaLink l : new ArrayList<>(links.values())) {
      // Checked before the socket takes the bytes, as Redis checks when it appends to the
      // output buffer: a replica is measured by what it has not yet received.
      enforceOutputLimit(l);
      if (l.state == ReplicaLink.State.ONLINE && l.connection().isOpen()) {
        l.flush();
      }
    }
  }

  private int backlogCapacity() {
    return (int) Math.min(Integer.MAX_VALUE - 8, engine.config().replBacklogSize);
  }

  void backlogSizeChanged() {
    if (backlog != null) {
      backlog.resize(backlogCapacity());
    }
  }

  // ---- role changes --------------------------------------------------------------------------

  /** After a full sync from a master: adopt its id and offset, with an empty backlog. */
  void adoptMaster(String masterReplId, long masterOffset) {
    replId = masterReplId;
    replId2 = "0000000000000000000000000000000000000000";
    secondOffset = -1;
    offset = masterOffset;
    backlog = new Backlog(backlogCapacity(), masterOffset);
    encoder.forgetSelectedDb();
    disconnectReplicas();
  }

  /** At start-up: the id and offset an RDB file recorded, with an empty backlog from there. */
  void restoreHistory(String savedId, long savedOffset) {
    replId = savedId;
    offset = savedOffset;
    backlog = new Backlog(backlogCapacity(), savedOffset);
    encoder.forgetSelectedDb();
  }

  /** At start-up of a master: the file's history becomes replid2; a new id starts after it. */
  void restoreAsMaster(String savedId, long savedOffset) {
    restoreHistory(savedId, savedOffset);
    promote();
  }

  /** A master changed its replication id while we followed it (+CONTINUE with a new id). */
  void switchId(String newId) {
    if (!newId.equals(replId)) {
      replId2 = replId;
      secondOffset = offset + 1;
      replId = newId;
      // Sub-replicas must learn the new id: they reconnect and continue (partial resync).
      disconnectReplicas();
    }
  }

  /** This node becomes a master (REPLICAOF NO ONE): a new history starts at the current offset. */
  void promote() {
    replId2 = replId;
    secondOffset = offset + 1;
    replId = newReplId();
    encoder.forgetSelectedDb();
  }

  void disconnectReplicas() {
    for (ReplicaLink l : new ArrayList<>(links.values())) {
      if (l.state != ReplicaLink.State.HANDSHAKE) {
        l.client.closeNow();
      }
    }
  }

  // ---- PSYNC ---------------------------------------------------------------------------------

  /** PSYNC replid offset (SYNC passes null): a partial resync when possible, else a full one. */
  void psync(Client c, String wantedId, long wantedOffset, boolean oldSync) {
    ReplicaLink l = link(c);
    if (l.state != ReplicaLink.State.HANDSHAKE) {
      return;
    }
    c.flush(); // replies to earlier commands (REPLCONF) go before the stream
    c.setReplica(true);
    // An rdb-only client asked for a snapshot: a partial resync would give it none.
    if (wantedId != null && !l.rdbOnly && tryPartial(l, wantedId, wantedOffset)) {
      return;
    }
    if (wantedId != null && !wantedId.equals("?")) {
      stats.syncPartialErr++;
    }
    stats.syncFull++;
    // The backlog exists for replicas that will continue from it; an rdb-only client never does.
    if (backlog == null && !l.rdbOnly) {
      backlog = new Backlog(backlogCapacity(), offset);
    }
    l.state = ReplicaLink.State.WAIT_BGSAVE;
    l.waitingSinceMs = engine.nowMs();
    l.oldSync = oldSync;
    l.capaEof &= !oldSync;
    engine.log().notice("Replica " + l.ip() + ":" + l.listeningPort + " asks for synchronization");
    if (syncJob != null) {
      attachToRunningSync(l, oldSync);
    } else {
      startSyncIfPossible();
    }
  }

  /** True when a replica at {@code wantedId}/{@code wantedOffset} can continue from our backlog. */
  boolean canContinue(String wantedId, long wantedOffset) {
    boolean sameHistory =
        wantedId.equalsIgnoreCase(replId)
            || (wantedId.equalsIgnoreCase(replId2) && wantedOffset <= secondOffset);
    return sameHistory && backlog != null && backlog.covers(wantedOffset);
  }

  private boolean tryPartial(ReplicaLink l, String wantedId, long wantedOffset) {
    if (!canContinue(wantedId, wantedOffset)) {
      return false;
    }
    l.state = ReplicaLink.State.ONLINE;
    l.lastAckMs = engine.nowMs();
    l.write(("+CONTINUE " + replId + "\r\n").getBytes(StandardCharsets.US_ASCII));
    if (wantedOffset <= offset) {
      l.write(backlog.from(wantedOffset));
    }
    stats.syncPartialOk++;
    enforceOutputLimit(l);
    if (l.connection().isOpen()) {
      l.flush();
    }
    engine
        .log()
        .notice(
            "Partial resynchronization request from "
                + l.ip()
                + ":"
                + l.listeningPort
                + " accepted. Sending "
                + (offset - wantedOffset + 1)
                + " bytes of backlog starting from offset "
                + wantedOffset
                + ".");
    return true;
  }

  /** Another replica joins the snapshot being sent: same offset, same writes held since. */
  private void attachToRunningSync(ReplicaLink l, boolean oldSync) {
    if (l.rdbOnly) {
      attachRdbOnly(l);
      return;
    }
    for (ReplicaLink other : links.values()) {
      if (other != l && other.state == ReplicaLink.State.SEND_BULK && other.pending != null) {
        l.state = ReplicaLink.State.SEND_BULK;
        l.pending = new ByteArrayOutputStream();
        l.pending.writeBytes(other.pending.toByteArray());
        l.capaEof = other.capaEof && l.capaEof;
        if (!l.oldSync) {
          long syncOffset = offset - other.pending.size();
          l.write(fullResync(syncOffset));
          l.flush();
        }
        return;
      }
    }
    // The running snapshot has nobody to copy from: wait for the next one (cron retries).
  }

  /**
   * An rdb-only client needs no held writes, so it can share any running replica snapshot whose RDB
   * will be sent to a waiting link (as Redis lets it attach to any BGSAVE for replication).
   */
  private void attachRdbOnly(ReplicaLink l) {
    for (ReplicaLink other : links.values()) {
      if (other != l && other.state == ReplicaLink.State.SEND_BULK) {
        l.state = ReplicaLink.State.SEND_BULK;
        l.capaEof = other.capaEof && l.capaEof;
        if (!l.oldSync) {
          l.write(fullResync(syncJobOffset));
          l.flush();
        }
        return;
      }
    }
  }

  private static byte[] fullResync(String id, long off) {
    return ("+FULLRESYNC " + id + " " + off + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] fullResync(long off) {
    return fullResync(replId, off);
  }

  /** Starts a snapshot for the replicas waiting for one, unless another snapshot runs. */
  void startSyncIfPossible() {
    if (syncJob != null || engine.keyspace().snapshot() != null) {
      return;
    }
    List<ReplicaLink> waiting = new ArrayList<>();
    for (ReplicaLink l : links.values()) {
      if (l.state == ReplicaLink.State.WAIT_BGSAVE) {
        waiting.add(l);
      }
    }
    if (waiting.isEmpty() || delayForMoreReplicas(waiting)) {
      return;
    }
    encoder.forgetSelectedDb(); // the stream after the snapshot starts with a SELECT
    long syncOffset = offset;
    for (ReplicaLink l : waiting) {
      l.state = ReplicaLink.State.SEND_BULK;
      l.pending = l.rdbOnly ? null : new ByteArrayOutputStream();
      if (l.oldSync || !l.client.connection().isOpen()) {
        continue;
      }
      l.write(fullResync(syncOffset));
      l.flush();
    }
    MemorySink sink = new MemorySink();
    RdbAux aux =
        new RdbAux(
            RdbAux.REDIS_VERSION,
            engine.nowMs() / 1000,
            engine.usedMemory(),
            false,
            new RdbAux.Replication(Math.max(0, relayedStreamDb.getAsInt()), replId, syncOffset));
    engine.log().notice("Starting BGSAVE for SYNC with target: replicas sockets");
    SnapshotRunner job = Snapshots.startRdb(engine, sink, aux, "repl-sync");
    syncJob = job;
    syncJobOffset = syncOffset;
    job.result()
        .whenComplete((n, error) -> engine.eventLoop().execute(() -> syncDone(sink, error)));
  }

  /**
   * repl-diskless-sync-delay: a diskless sync waits that many seconds after the first replica
   * asked, so that replicas arriving meanwhile share one snapshot; repl-diskless-sync-max-replicas
   * starts it as soon as that many wait. The once-a-second cron tries again.
   */
  private boolean delayForMoreReplicas(List<ReplicaLink> waiting) {
    int delaySeconds = engine.config().replDisklessSyncDelaySeconds;
    if (!engine.config().replDisklessSync || delaySeconds <= 0) {
      return false;
    }
    long oldest = Long.MAX_VALUE;
    for (ReplicaLink l : waiting) {
      if (!l.capaEof) {
        return false; // as Redis: a replica that cannot read a diskless stream is served at once
      }
      oldest = Math.min(oldest, l.waitingSinceMs);
    }
    int maxReplicas = engine.config().replDisklessSyncMaxReplicas;
    if (maxReplicas > 0 && waiting.size() >= maxReplicas) {
      return false;
    }
    return engine.nowMs() - oldest < delaySeconds * 1000L;
  }

  private void syncDone(MemorySink sink, Throwable error) {
    syncJob = null;
    byte[] rdb = sink.bytes();
    for (ReplicaLink l : new ArrayList<>(links.values())) {
      if (l.state != ReplicaLink.State.SEND_BULK) {
        continue;
      }
      if (error != null) {
        engine.log().warning("Snapshot for replica sync failed: " + error);
        l.client.closeNow();
        continue;
      }
      sendSnapshot(l, rdb);
    }
    startSyncIfPossible(); // replicas that arrived while another snapshot ran
  }

  private void sendSnapshot(ReplicaLink l, byte[] rdb) {
    if (l.capaEof && engine.config().replDisklessSync) {
      byte[] mark = newReplId().getBytes(StandardCharsets.US_ASCII);
      l.write(("$EOF:" + new String(mark, StandardCharsets.US_ASCII)).getBytes());
      l.write(CRLF);
      l.write(rdb);
      l.write(mark);
    } else {
      l.write(("$" + rdb.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      l.write(rdb);
    }
    if (l.rdbOnly) {
      closeWhenSent(l);
      return;
    }
    l.lastAckMs = engine.nowMs();
    if (l.capaEof && engine.config().replDisklessSync) {
      // A replica reading an EOF-marked snapshot may read past the mark: the stream starts only
      // when it acknowledges the load, as Redis does.
      l.awaitingAck = true;
      l.flush();
    } else {
      startStreaming(l);
    }
    engine
        .log()
        .notice("Synchronization with replica " + l.ip() + ":" + l.listeningPort + " succeeded");
  }

  /**
   * Redis 7.0 closes an rdb-only client once its RDB is sent; so do we, after the socket took the
   * bytes (closing at once would drop what is still queued). It leaves the links now: from here on
   * nothing may be written to it.
   */
  private void closeWhenSent(ReplicaLink l) {
    links.remove(l.client);
    l.state = ReplicaLink.State.HANDSHAKE;
    engine.log().notice("RDB transfer completed, rdb only replica (" + l.ip() + ") disconnected");
    l.connection().closeAfterWrites();
  }

  /** The first ACK after an EOF-marked snapshot: the held writes follow, then the live stream. */
  void firstAck(ReplicaLink l) {
    if (l.awaitingAck) {
      l.awaitingAck = false;
      startStreaming(l);
    }
  }

  private void startStreaming(ReplicaLink l) {
    l.write(l.pending.toByteArray());
    l.pending = null;
    l.state = ReplicaLink.State.ONLINE;
    l.flush();
  }

  // ---- periodic work -------------------------------------------------------------------------

  /** Once a second: pings, timeouts, output limits, pending syncs. */
  void cron(long nowMs, long seconds, boolean isReplica) {
    startSyncIfPossible();
    freeBacklogAfterTtl(nowMs, isReplica);
    if (!isReplica
        && backlog != null
        && !replicas().isEmpty()
        && seconds % Math.max(1, engine.config().replPingReplicaPeriodSeconds) == 0) {
      feed(StreamEncoder.command("PING"));
    }
    long timeoutMs = engine.config().replTimeoutSeconds * 1000L;
    for (ReplicaLink l : new ArrayList<>(links.values())) {
      boolean preparing =
          l.state == ReplicaLink.State.WAIT_BGSAVE
              || (l.state == ReplicaLink.State.SEND_BULK && !l.awaitingAck);
      if (preparing && l.connection().isOpen()) {
        // A newline keeps a waiting replica from timing out while its snapshot is prepared.
        l.write(new byte[] {'\n'});
        l.flush();
      }
      if (l.state == ReplicaLink.State.ONLINE && nowMs - l.lastAckMs > timeoutMs) {
        engine.log().warning("Disconnecting timedout replica: " + l.ip() + ":" + l.listeningPort);
        l.client.closeNow();
      } else {
        enforceOutputLimit(l);
      }
    }
  }

  /**
   * repl-backlog-ttl: a master with no replicas for that many seconds frees its backlog (0 keeps it
   * forever; a replica always keeps it, to serve partial resyncs once promoted). As Redis, the
   * replication id changes too, so nobody can continue from a history this node no longer holds.
   */
  private void freeBacklogAfterTtl(long nowMs, boolean isReplica) {
    if (!replicas().isEmpty()) {
      noReplicasSinceMs = 0;
      return;
    }
    if (noReplicasSinceMs == 0) {
      noReplicasSinceMs = nowMs;
    }
    long ttlSeconds = engine.config().replBacklogTtlSeconds;
    if (isReplica || backlog == null || ttlSeconds <= 0) {
      return;
    }
    long idleSeconds = (nowMs - noReplicasSinceMs) / 1000;
    if (idleSeconds > ttlSeconds) {
      replId = newReplId();
      replId2 = "0000000000000000000000000000000000000000";
      secondOffset = -1;
      backlog = null;
      engine
          .log()
          .notice(
              "Replication backlog freed after "
                  + idleSeconds
                  + " seconds without connected replicas.");
    }
  }

  private void enforceOutputLimit(ReplicaLink l) {
    l.enforceOutputLimit(engine.config().outputLimitReplica, engine.nowMs(), engine.log());
  }
}
