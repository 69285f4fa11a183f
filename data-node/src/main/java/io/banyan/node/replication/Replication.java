package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.command.CommandException;
import io.banyan.node.command.CommandFlag;
import io.banyan.node.command.CommandSpec;
import io.banyan.node.engine.Engine;
import io.banyan.node.persistence.rdb.RdbAux;
import java.util.function.IntSupplier;

/**
 * A node's replication: the serving side ({@link MasterSide}: id, offset, backlog, attached
 * replicas) and, when it follows a master, the replica side ({@link ReplicaRole}). Installs itself
 * into the engine: a receiver of the write stream (next to the AOF's), the READONLY write guard,
 * the INFO replication section and the replication counters of INFO stats, and a once-a-second task
 * (pings, ACKs, timeouts, reconnection). Command thread only.
 */
public final class Replication {
  static final String READONLY = "READONLY You can't write against a read only replica.";
  static final String MASTERDOWN =
      "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

  private final Engine engine;
  private final ReplicationStats stats = new ReplicationStats();
  private final MasterSide master;
  private final ReplicaRole replica;
  private final WaitList waits;
  private final Failover failover;
  private long lastSecondMs;
  private long seconds;
  private boolean getAckScheduled;

  public Replication(Engine engine, IntSupplier listeningPort) {
    this.engine = engine;
    this.master = new MasterSide(engine, stats);
    this.replica = new ReplicaRole(engine, master, listeningPort);
    this.waits = new WaitList(engine, this::ackedCount);
    this.failover = new Failover(this);
    master.setRelayedStreamDb(() -> replica.active() ? replica.streamDb() : -1);
    engine.setReplication(this);
    engine.addPropagator(this::propagate);
    engine.addWriteGuard(this::refusal);
    engine.addCronTask(this::cron);
    engine.info().register("replication", "Replication", true, new ReplicationInfo(this));
    engine
        .info()
        .extend(
            "stats",
            (c, out) ->
                out.add("sync_full", stats.syncFull)
                    .add("sync_partial_ok", stats.syncPartialOk)
                    .add("sync_partial_err", stats.syncPartialErr));
    engine.config().registry().onChange("repl-backlog-size", c -> master.backlogSizeChanged());
    if (engine.persistence() != null) {
      engine.persistence().rdb().setAuxSource(this::rdbAux);
    }
  }

  /** Starts following the master of the replicaof option, once the node serves clients. */
  public void startFromConfig() {
    String host = engine.config().replicaOfHost;
    if (host != null) {
      engine.keyspace().setExpiryFollower(true);
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

  ReplicationStats stats() {
    return stats;
  }

  public boolean isReplica() {
    return replica.active();
  }

  private void propagate(int db, byte[][] argv) {
    if (!replica.active()) {
      master.propagate(db, argv);
    }
  }

  private String refusal(Client c, CommandSpec spec) {
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

  private RdbAux rdbAux() {
    RdbAux plain = RdbAux.now(engine.usedMemory());
    if (master.backlog() == null) {
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

  private void cron() {
    long now = engine.nowMs();
    if (now - lastSecondMs < 1000) {
      return;
    }
    lastSecondMs = now;
    seconds++;
    replica.cron(now);
    master.cron(now, seconds, replica.active());
  }

  // ---- commands ------------------------------------------------------------------------------

  /** REPLICAOF host port. Returns the status reply. */
  public String replicaOf(String host, int port) {
    if (replica.active() && host.equalsIgnoreCase(replica.host()) && port == replica.port()) {
      return "OK Already connected to specified master";
    }
    boolean wasMaster = !replica.active();
    engine.config().replicaOfHost = host;
    engine.config().replicaOfPort = port;
    engine.keyspace().setExpiryFollower(true);
    replica.follow(host, port, wasMaster);
    engine.log().notice("REPLICAOF " + host + ":" + port + " enabled");
    return "OK";
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
    engine.log().notice("MASTER MODE enabled");
  }

  public void replconf(Client c, byte[][] argv) {
    ReplconfCommand.run(this, c, argv);
  }

  public void psync(Client c, String replId, long offset, boolean oldSync) {
    if (failover.active()) {
      throw new CommandException("NOMASTERLINK Can't SYNC while failing over");
    }
    if (replica.active() && !replica.linkUp()) {
      throw new CommandException("NOMASTERLINK Can't SYNC while not connected with my master");
    }
    master.psync(c, replId, offset, oldSync);
  }

  /**
   * PSYNC replid offset FAILOVER: our master hands over to us. Promotes this node when the id is
   * its master's (ours), then answers the PSYNC, which continues the same history.
   */
  public void psyncFailover(Client c, String replId, long offset) {
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

  /** A replica acknowledged an offset (REPLCONF ACK). */
  void acked(ReplicaLink l, long offset) {
    l.ackOffset = Math.max(l.ackOffset, offset);
    l.lastAckMs = engine.nowMs();
    master.firstAck(l);
    failover.check();
    if (!waits.isEmpty()) {
      waits.check();
    }
  }

  /** WAIT numreplicas timeout. */
  public void waitFor(Client c, long numReplicas, long timeoutMs) {
    if (replica.active()) {
      throw new CommandException(
          "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0"
              + " if a replica is configured to be writable (which is not the default) writes to"
              + " replicas are just local and are not propagated.");
    }
    long target = master.offset();
    int acked = ackedCount(target);
    if (acked >= numReplicas || c.executingTransaction() || c.inMulti()) {
      c.reply().integer(acked);
      return;
    }
    waits.block(c, target, numReplicas, timeoutMs);
    requestAcks();
  }

  /** Asks replicas for an ACK now (once per event-loop turn), as Redis does for WAIT. */
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

  private int ackedCount(long offset) {
    int n = 0;
    for (ReplicaLink l : master.replicas()) {
      if (l.state == ReplicaLink.State.ONLINE && l.ackOffset >= offset) {
        n++;
      }
    }
    return n;
  }
}
