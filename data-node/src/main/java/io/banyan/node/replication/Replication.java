package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.engine.ReplicaAcks;
import io.banyan.node.fencing.Fence;
import io.banyan.node.persistence.Persistence;
import io.banyan.node.persistence.rdb.RdbAux;
import java.util.function.IntSupplier;

/**
 * A node's replication: the serving side ({@link MasterSide}: id, offset, backlog, attached
 * replicas) and, when it follows a master, the replica side ({@link ReplicaRole}). What it offers
 * the engine — a receiver of the write stream ({@link #propagate}), the FENCED/NOREPLICAS/READONLY
 * write guards, the INFO replication section and the replication counters of INFO stats, cron tasks
 * (pings, ACKs, timeouts, reconnection; FAILOVER's progress) — the node's assembly registers.
 * Replication sits above persistence: it uses the {@link Persistence} it is given (the RDB's
 * replication position, the AOF's fsync offsets). Command thread only.
 */
public final class Replication {
  static final String READONLY = "READONLY You can't write against a read only replica.";
  static final String NOREPLICAS = "NOREPLICAS Not enough good replicas to write.";
  static final String MASTERDOWN =
      "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

  private final Engine engine;
  private final Persistence persistence;
  private final ReplicationStats stats = new ReplicationStats();
  private final MasterSide master;
  private final ReplicaRole replica;
  private final Failover failover;
  private final ReplicaHandshake handshake = new ReplicaHandshake(this);
  private final Fence fence;
  private final AckClock ackClock = new AckClock();
  private final Readiness readiness = new Readiness(this);
  private long lastSecondMs;
  private long seconds;
  private boolean getAckScheduled;
  private final ReplicaAcks acks = new Acks();

  public Replication(Engine engine, Persistence persistence, IntSupplier listeningPort) {
    this.engine = engine;
    this.persistence = persistence;
    this.master = new MasterSide(engine, stats);
    this.failover = new Failover(this);
    this.replica = new ReplicaRole(engine, master, persistence, failover, listeningPort);
    this.fence =
        new Fence(engine.config().banyanStartFenced, engine.log(), () -> engine.config().dir);
    master.setRelayedStreamDb(() -> replica.active() ? replica.streamDb() : -1);
    engine.config().registry().onChange("repl-backlog-size", c -> master.backlogSizeChanged());
    engine.config().registry().onChange("banyan-zone", c -> replica.zoneChanged());
  }

  /** The TLS contexts a replica's link uses when tls-replication is on. */
  public void useTls(io.banyan.node.tls.TlsContexts tls) {
    replica.tls = tls;
  }

  /** INFO replication. */
  public InfoRegistry.Section info() {
    return new ReplicationInfo(this);
  }

  /** The replication counters of INFO stats (sync_full, sync_partial_ok, sync_partial_err). */
  public InfoRegistry.Section statsInfo() {
    return (c, out) ->
        out.add("sync_full", stats.syncFull)
            .add("sync_partial_ok", stats.syncPartialOk)
            .add("sync_partial_err", stats.syncPartialErr);
  }

  /** Starts following the master of the replicaof option, once the node serves clients. */
  public void startFromConfig() {
    String host = engine.config().replicaOfHost;
    RdbAux.Replication saved = persistence.loadedReplication();
    if (host == null && saved != null) {
      // As Redis 7.0: a restarted master keeps the history of its file as replid2, so its
      // replicas continue with a partial resync.
      master.restoreAsMaster(saved.replId(), saved.offset());
      replica.rememberDb(saved.streamDb()); // for a PSYNC that continues the saved history
      engine
          .log()
          .notice(
              "Keeping replication history "
                  + saved.replId()
                  + ":"
                  + saved.offset()
                  + " from "
                  + persistence.loadedReplicationSource()
                  + " as the secondary id");
    }
    if (host != null) {
      engine.keyspace().setExpiryFollower(true);
      if (saved != null) {
        // As Redis 7.0: a restarted replica continues the history its RDB file recorded, so
        // its first PSYNC can be answered with a partial resync.
        master.restoreHistory(saved.replId(), saved.offset());
        replica.restoreHistory(saved.streamDb());
        engine
            .log()
            .notice(
                "Continuing replication history "
                    + saved.replId()
                    + ":"
                    + saved.offset()
                    + " from "
                    + persistence.loadedReplicationSource());
      }
      replica.follow(host, engine.config().replicaOfPort, false);
    }
  }

  Engine engine() {
    return engine;
  }

  MasterSide master() {
    return master;
  }

  ReplicaRole replica() {
    return replica;
  }

  /** FAILOVER's state machine. */
  public Failover failover() {
    return failover;
  }

  /** Whether this node should receive traffic (HTTP /readyz). */
  public Readiness readiness() {
    return readiness;
  }

  /** The operator's fence (BANYAN FENCE / ADMIT). */
  public Fence fence() {
    return fence;
  }

  ReplicationStats stats() {
    return stats;
  }

  public boolean isReplica() {
    return replica.active();
  }

  /** Replicas attached to this node as their master now (INFO's connected_slaves). */
  public int connectedReplicas() {
    return master.replicas().size();
  }

  /** The end of this node's replication stream (what a client's write offset for WAIT is). */
  public long offset() {
    return master.offset();
  }

  /**
   * Whether min-replicas-to-write and a lag bound are both set (Redis's condition, with
   * banyan-min-replicas-max-lag-ms standing in for min-replicas-max-lag when set).
   */
  boolean minReplicasActive() {
    return engine.config().minReplicasToWrite > 0
        && (engine.config().minReplicasMaxLagSeconds > 0
            || engine.config().banyanMinReplicasMaxLagMs > 0);
  }

  /**
   * Online replicas that count for the write quorum (see {@link #counts}) whose last ACK is within
   * the lag bound: banyan-min-replicas-max-lag-ms when set, else min-replicas-max-lag seconds
   * compared in whole seconds as Redis does.
   */
  int goodReplicas() {
    long now = engine.nowMs();
    long maxLagMs = engine.config().banyanMinReplicasMaxLagMs;
    int good = 0;
    for (ReplicaLink l : master.replicas()) {
      if (l.state != ReplicaLink.State.ONLINE || !counts(l)) {
        continue;
      }
      boolean recent =
          maxLagMs > 0
              ? now - l.lastAckMs <= maxLagMs
              : now / 1000 - l.lastAckMs / 1000 <= engine.config().minReplicasMaxLagSeconds;
      if (recent) {
        good++;
      }
    }
    return good;
  }

  /**
   * Whether a replica counts for min-replicas-to-write, WAIT and WAITAOF. With
   * banyan-min-replicas-scope other-zones only a replica that announced a zone other than this
   * node's (non-empty) zone does: a write must reach another zone to survive the loss or the
   * partition of the master's (design invariant I4). A replica of unknown zone (a Redis replica, or
   * a Banyan one without a zone) never counts then, nor does any when this node has no zone.
   */
  private boolean counts(ReplicaLink l) {
    if (!"other-zones".equals(engine.config().banyanMinReplicasScope)) {
      return true;
    }
    String own = engine.config().banyanZone;
    return l.zone != null && own != null && !own.isEmpty() && !l.zone.equals(own);
  }

  /** The engine's propagator: every write, fed to the backlog and the replicas (as a master). */
  public void propagate(int db, byte[][] argv) {
    if (!replica.active()) {
      master.propagate(db, argv);
    }
  }

  /** The engine's write guard: NOREPLICAS, READONLY and MASTERDOWN, as Redis. */
  public String refusal(Client c, CommandSpec spec) {
    if (!replica.active()
        && spec.isWrite()
        && minReplicasActive()
        && goodReplicas() < engine.config().minReplicasToWrite) {
      return NOREPLICAS;
    }
    if (replica.active() && engine.config().replicaReadOnly && !c.isMaster() && spec.isWrite()) {
      return READONLY;
    }
    if (replica.active()
        && !replica.linkUp()
        && !engine.config().replicaServeStaleData
        && !c.isMaster()
        && !spec.has(CommandFlag.STALE)) {
      return MASTERDOWN;
    }
    return null;
  }

  /**
   * What an RDB file written now records: with the replication id and offset, so that a restarted
   * node can continue with a partial resync (the RDB's aux source).
   */
  public RdbAux rdbAux() {
    RdbAux plain = RdbAux.now(engine.usedMemory());
    if (master.backlog() == null) {
      return plain;
    }
    if (replica.active() && replica.link() != null && replica.link().inTransaction()) {
      // Our offset already counts the master's MULTI and the commands queued after it, which are
      // not in the dataset yet: resuming from it would skip them. No position: a full resync.
      return plain;
    }
    return new RdbAux(
        plain.redisVersion(),
        plain.ctimeSeconds(),
        plain.usedMemory(),
        false,
        new RdbAux.Replication(
            replica.active() ? replica.streamDb() : 0, master.replId(), master.offset()));
  }

  /** The engine's cron task: pings, ACKs, timeouts and reconnection, once a second. */
  public void cron() {
    long now = engine.nowMs();
    ackClock.tick(now, tickPeriodMs());
    if (now - lastSecondMs < 1000) {
      return;
    }
    lastSecondMs = now;
    seconds++;
    replica.cron(now);
    master.cron(now, seconds, replica.active());
  }

  // ---- commands ------------------------------------------------------------------------------

  /** REPLICAOF host port, as FAILOVER gives it. Returns the status reply. */
  public String replicaOf(String host, int port) {
    return replicaOf(host, port, null);
  }

  /**
   * REPLICAOF host port from {@code caller} (null for FAILOVER). A master that becomes a replica
   * also disconnects its normal and pub/sub clients, the caller excepted. Returns the status reply.
   */
  public String replicaOf(String host, int port, Client caller) {
    if (replica.active() && host.equalsIgnoreCase(replica.host()) && port == replica.port()) {
      return "OK Already connected to specified master";
    }
    boolean wasMaster = !replica.active();
    BlockedClientsReset.unblockAll(engine); // as Redis 7.0: they waited on the former role
    engine.config().replicaOfHost = host;
    engine.config().replicaOfPort = port;
    engine.keyspace().setExpiryFollower(true);
    replica.follow(host, port, wasMaster);
    // As Redis: our own replicas resync with us (partially when they can) to learn any new id.
    master.disconnectReplicas();
    engine.log().notice("REPLICAOF " + host + ":" + port + " enabled");
    if (wasMaster) {
      ClientsDisconnect.afterDemotion(engine, caller, "on becoming a replica of " + host);
    }
    return "OK";
  }

  /** BANYAN FENCE fenced a node that was not: its clients must reconnect elsewhere. */
  public void fenced(Client caller) {
    BlockedClientsReset.unblockKeyWaiters(engine);
    ClientsDisconnect.afterDemotion(engine, caller, "on being fenced");
  }

  /**
   * BANYAN PROMOTE epoch: the operator's one idempotent promotion step — the epoch checked (never
   * lower), raised and persisted, the fence lifted, and the node made a master as by REPLICAOF NO
   * ONE (data kept, a new replication id with the old one as replid2). Returns false when the node
   * already was an unfenced master at that epoch and nothing changed.
   */
  public boolean promoteAt(long epoch) {
    if (failover.active()) {
      throw new CommandException("ERR BANYAN PROMOTE not allowed while failing over.");
    }
    if (!fence.promote(epoch, !replica.active())) {
      return false;
    }
    promote();
    return true;
  }

  /** REPLICAOF NO ONE. */
  public void promote() {
    if (!replica.active()) {
      return;
    }
    replica.stop();
    engine.config().replicaOfHost = null;
    engine.config().replicaOfPort = 0;
    engine.keyspace().setExpiryFollower(false);
    master.promote();
    // Our replicas must learn the new id: they reconnect and continue with a partial resync.
    master.disconnectReplicas();
    engine.log().notice("MASTER MODE enabled");
  }

  /** What replicas tell this node with REPLCONF. */
  public ReplicaHandshake handshake() {
    return handshake;
  }

  public void psync(Client c, String replId, long offset, boolean oldSync) {
    refuseWhileFenced();
    if (failover.active()) {
      throw new CommandException("NOMASTERLINK Can't SYNC while failing over");
    }
    // Redis refuses any sync while our own master link is down, so that nobody copies a data
    // set that may be stale. A partial resync only hands over bytes of the history we already
    // have, so we allow that one: it is how a master backup catches up from a chain head that
    // got further than it before the master died (the operator's failover relies on it).
    boolean continuation = replId != null && master.canContinue(replId, offset);
    if (replica.active() && !replica.linkUp() && !continuation) {
      throw new CommandException("NOMASTERLINK Can't SYNC while not connected with my master");
    }
    master.psync(c, replId, offset, oldSync);
  }

  /**
   * A fenced node serves no replica: a replica (ours or Redis's) treats the error as a reason to
   * retry later. Replicas already attached stay attached; they just receive no client writes.
   */
  private void refuseWhileFenced() {
    String fenced = fence.syncRefusal();
    if (fenced != null) {
      throw new CommandException(fenced);
    }
  }

  /**
   * PSYNC replid offset FAILOVER: our master hands over to us. Promotes this node when the id is
   * its master's (ours), then answers the PSYNC, which continues the same history.
   */
  public void psyncFailover(Client c, String replId, long offset) {
    refuseWhileFenced(); // before promoting: a fenced node takes no role from a PSYNC
    if (!replId.equalsIgnoreCase(master.replId())) {
      throw new CommandException("ERR PSYNC FAILOVER replid must match my replid.");
    }
    if (replica.active()) {
      promote();
      engine.log().notice("MASTER MODE enabled (failover request from " + c.remoteAddress() + ")");
    }
    psync(c, replId, offset, false);
  }

  /** ROLE: master with its replicas, or replica with its master and link state. */
  public void role(Client c) {
    if (replica.active()) {
      MasterLink link = replica.link();
      String state;
      if (link == null) {
        state = "connect";
      } else {
        state = link.state().roleName;
      }
      c.reply().array(5);
      c.reply().bulk("slave");
      c.reply().bulk(replica.host());
      c.reply().integer(replica.port());
      c.reply().bulk(state);
      c.reply().integer(replica.linkUp() ? master.offset() : -1);
      return;
    }
    java.util.List<ReplicaLink> online = new java.util.ArrayList<>();
    for (ReplicaLink l : master.replicas()) {
      if (l.state == ReplicaLink.State.ONLINE) {
        online.add(l);
      }
    }
    c.reply().array(3);
    c.reply().bulk("master");
    c.reply().integer(master.offset());
    c.reply().array(online.size());
    for (ReplicaLink l : online) {
      c.reply().array(3);
      c.reply().bulk(l.ip());
      c.reply().bulk(Integer.toString(l.listeningPort));
      c.reply().bulk(Long.toString(l.ackOffset));
    }
  }

  /** A replica acknowledged an offset (REPLCONF ACK), and its AOF's (FACK, or -1 without). */
  void acked(ReplicaLink l, long offset, long aofOffset) {
    l.ackOffset = Math.max(l.ackOffset, offset);
    l.aofAckOffset = Math.max(l.aofAckOffset, aofOffset);
    l.lastAckMs = Math.max(l.lastAckMs, ackTime());
    master.firstAck(l);
    failover.check();
    engine.offsetWaits().check(); // WAIT and WAITAOF callers this ACK satisfies
  }

  /** When an ACK read now was sent, as far as this node can tell (see {@link AckClock}). */
  private long ackTime() {
    return ackClock.ackTime(engine.nowMs(), tickPeriodMs());
  }

  private long tickPeriodMs() {
    return 1000 / Math.max(1, Math.min(500, engine.config().hz));
  }

  /** WAIT numreplicas timeout, arguments validated. */
  public void waitFor(Client c, long numReplicas, long timeoutMs) {
    if (replica.active()) {
      throw new CommandException(
          "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0"
              + " if a replica is configured to be writable (which is not the default) writes to"
              + " replicas are just local and are not propagated.");
    }
    long target = c.replicationOffset();
    if (ackedCount(target) >= numReplicas || c.executingTransaction() || c.inMulti()) {
      c.reply().integer(ackedCount(target));
      return;
    }
    engine
        .offsetWaits()
        .block(
            c,
            () -> ackedCount(target) >= numReplicas,
            w -> w.reply().integer(ackedCount(target)),
            timeoutMs,
            this);
    requestAcks();
  }

  /** Asks replicas for an ACK now (once per event-loop turn), as Redis does for WAIT(AOF). */
  private void requestAcks() {
    if (getAckScheduled || failover.active()) {
      return; // as Redis: no GETACK while a failover pauses writes
    }
    getAckScheduled = true;
    engine
        .eventLoop()
        .execute(
            () -> {
              getAckScheduled = false;
              if (!replica.active() && master.backlog() != null) {
                master.feed(StreamEncoder.command("REPLCONF", "GETACK", "*"));
              }
            });
  }

  /** The local AOF was fsynced further: a replica tells its master now, as Redis 7.2 does. */
  public void localAofFsynced() {
    if (replica.active()) {
      replica.aofFsynced();
    }
  }

  /** Online replicas whose AOF is fsynced up to {@code offset} (FACK), for WAITAOF. */
  private int aofAckedCount(long offset) {
    if (replica.active()) {
      return 0;
    }
    int n = 0;
    for (ReplicaLink l : master.replicas()) {
      if (l.state == ReplicaLink.State.ONLINE && counts(l) && l.aofAckOffset >= offset) {
        n++;
      }
    }
    return n;
  }

  private int ackedCount(long offset) {
    int n = 0;
    for (ReplicaLink l : master.replicas()) {
      if (l.state == ReplicaLink.State.ONLINE && counts(l) && l.ackOffset >= offset) {
        n++;
      }
    }
    return n;
  }

  /** What WAIT and WAITAOF count: the replicas' acknowledgements, for the engine. */
  public ReplicaAcks acks() {
    return acks;
  }

  private final class Acks implements ReplicaAcks {
    @Override
    public long replicationOffset() {
      return offset();
    }

    @Override
    public int acknowledged(long offset) {
      return ackedCount(offset);
    }

    @Override
    public int fsynced(long offset) {
      return aofAckedCount(offset);
    }

    @Override
    public void requestAcks() {
      Replication.this.requestAcks();
    }
  }
}
