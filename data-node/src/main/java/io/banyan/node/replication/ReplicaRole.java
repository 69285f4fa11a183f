package io.banyan.node.replication;

import io.banyan.node.engine.Engine;
import io.banyan.node.persistence.Persistence;
import java.util.function.IntSupplier;

/**
 * This node as a replica: which master it follows, the link to it (reconnected after a loss, with
 * the replication id and offset kept so that the master can answer with a partial resync), and what
 * INFO and ROLE report about it. Command thread only.
 */
final class ReplicaRole {
  private final Engine engine;
  private final MasterSide stream;
  private final Persistence persistence;
  private final Failover failover;
  private final IntSupplier listeningPort;
  private String host;
  private int port;
  private MasterLink link;
  private boolean linkUp;
  private long downSinceMs;

  /** When the last link that was up last heard from the master; 0 when none was up yet. */
  private long heardBeforeDownMs;

  private long lastConnectMs;
  private String lastError;
  private int rememberedDb;
  private final AofFsyncTracker aofFsync = new AofFsyncTracker();
  private long reportedFsync = -1;

  /** Whether our id and offset continue a history a master may know (PSYNC id offset+1). */
  private boolean haveHistory;

  /** For a link over TLS (tls-replication); null in nodes built without sockets. */
  io.banyan.node.tls.TlsContexts tls;

  ReplicaRole(
      Engine engine,
      MasterSide stream,
      Persistence persistence,
      Failover failover,
      IntSupplier listeningPort) {
    this.engine = engine;
    this.stream = stream;
    this.persistence = persistence;
    this.failover = failover;
    this.listeningPort = listeningPort;
  }

  /** The node's persistence: a full sync replaces the dataset the AOF describes. */
  Persistence persistence() {
    return persistence;
  }

  /** FAILOVER's state: the link's PSYNC takes part in a failover this node started. */
  Failover failover() {
    return failover;
  }

  String host() {
    return host;
  }

  int port() {
    return port;
  }

  boolean active() {
    return host != null;
  }

  boolean linkUp() {
    return linkUp;
  }

  MasterLink link() {
    return link;
  }

  String lastError() {
    return lastError;
  }

  long downSinceMs() {
    return downSinceMs;
  }

  /**
   * How long the current master has been silent to this node: since the last bytes its link
   * received (a master sends at least a PING every repl-ping-replica-period), across link losses;
   * -1 when this node has not heard from it since it started following it. A frozen or cut-off
   * master leaves its TCP connection open, so this grows long before repl-timeout closes the link.
   */
  long masterSilentMs(long nowMs) {
    if (linkUp && link != null) {
      return nowMs - link.lastIoMs();
    }
    return heardBeforeDownMs == 0 ? -1 : nowMs - heardBeforeDownMs;
  }

  /** Starts following host:port (REPLICAOF or the replicaof option). */
  void follow(String newHost, int newPort, boolean wasMaster) {
    if (link != null) {
      MasterLink old = link;
      link = null;
      old.close();
    }
    // A former master continues from its own history: the new master may know it (PSYNC2).
    haveHistory = haveHistory || (wasMaster && stream.backlog() != null);
    host = newHost;
    port = newPort;
    linkUp = false;
    downSinceMs = engine.nowMs();
    heardBeforeDownMs = 0;
    lastError = null;
    lastConnectMs = 0;
    connectIfDue(engine.nowMs());
  }

  /** At start-up: our id and offset come from an RDB file, the stream was in database db. */
  void restoreHistory(int db) {
    haveHistory = true;
    rememberedDb = db;
  }

  /** Stops following (REPLICAOF NO ONE). */
  void stop() {
    host = null;
    if (link != null) {
      MasterLink old = link;
      link = null;
      old.close();
    }
    linkUp = false;
  }

  /** PSYNC arguments: our id and next offset when we have a history, else "? -1". */
  String[] psyncFrom() {
    if (!haveHistory) {
      return new String[] {"?", "-1"};
    }
    if (stream.atIdSwitchPoint()) {
      // Not a byte under our own id yet (a node restarted as a fenced master, before the operator
      // made it a replica): the data is exactly the previous history's at this offset, which the
      // new master may know. Redis asks with the unknown new id and always gets a full resync.
      return new String[] {stream.replId2(), Long.toString(stream.offset() + 1)};
    }
    return new String[] {stream.replId(), Long.toString(stream.offset() + 1)};
  }

  void cron(long nowMs) {
    if (host == null) {
      return;
    }
    connectIfDue(nowMs);
    if (link == null) {
      return;
    }
    link.sendAck();
    long timeoutMs = engine.config().replTimeoutSeconds * 1000L;
    if (nowMs - link.lastIoMs() > timeoutMs) {
      String what =
          link.state() == MasterLink.State.CONNECTED
              ? "MASTER timeout: no data nor PING received..."
              : "Timeout connecting to the MASTER...";
      lastError = what;
      engine.log().warning(what);
      link.close();
    }
  }

  private void connectIfDue(long nowMs) {
    if (link != null || host == null || nowMs - lastConnectMs < 1000) {
      return;
    }
    lastConnectMs = nowMs;
    link = new MasterLink(engine, stream, this, host, port, listeningPort, tls);
    link.connect();
  }

  // ---- events from the link ------------------------------------------------------------------

  /** CONFIG SET banyan-zone: a Banyan master learns the new zone at once. */
  void zoneChanged() {
    if (link != null) {
      link.announceZone();
    }
  }

  void linkError(String why) {
    lastError = why;
  }

  void linkClosed(MasterLink closed) {
    if (link == closed) {
      link = null;
      if (linkUp) {
        downSinceMs = engine.nowMs();
        heardBeforeDownMs = closed.lastIoMs();
      }
      linkUp = false;
    }
  }

  void linkEstablished() {
    streamApplied();
    linkUp = true;
    lastError = null;
    haveHistory = true;
  }

  void fullSyncLoaded() {
    aofFsync.reset();
    reportedFsync = -1;
    haveHistory = true;
  }

  /** The stream was applied up to our offset: marks where the AOF ends now (for FACK). */
  void streamApplied() {
    var aof = persistence.aof();
    if (aof.enabled()) {
      aofFsync.applied(aof.appendedOffset(), stream.offset());
      if (aofFsync.pending() > 1024) {
        aofFsyncedOffset(); // drops the marks already fsynced: memory stays bounded by the lag
      }
    }
  }

  /** The replication offset our AOF is fsynced up to, or -1 when the AOF is not on. */
  long aofFsyncedOffset() {
    long fsynced = persistence.aof().fsyncedOffsetWhileOn();
    return fsynced < 0 ? -1 : aofFsync.fsyncedReplOffset(fsynced);
  }

  /** After a local fsync: ACKs at once when it made more of the stream durable. */
  void aofFsynced() {
    long fsynced = aofFsyncedOffset();
    if (fsynced > reportedFsync && link != null && linkUp) {
      reportedFsync = fsynced;
      link.sendAck();
    }
  }

  /** The database the master's stream is in now (relayed in repl-stream-db to sub-replicas). */
  int streamDb() {
    int db = link == null ? -1 : link.streamDb();
    return db >= 0 ? db : rememberedDb;
  }

  void rememberDb(int db) {
    rememberedDb = db;
  }

  int rememberedDb() {
    return rememberedDb;
  }
}
