package io.banyan.node.engine;

import io.banyan.node.acl.AclCatalog;
import io.banyan.node.acl.AclLog;
import io.banyan.node.acl.Users;
import io.banyan.node.client.Client;
import io.banyan.node.client.ClientRegistry;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.pubsub.PubSubHub;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;
import io.banyan.node.store.Keyspace;
import io.banyan.node.store.KeyspaceListener;
import io.netty.channel.EventLoop;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Everything the command-execution thread owns: the keyspace, connected clients, and the services
 * commands use (blocking, WATCH, pub/sub, pause, slow log, statistics, propagation). One instance
 * per node, confined to a single Netty event loop — the same execution model as Redis: commands run
 * one at a time, in arrival order, which is what makes invariant I1 (one order) hold.
 */
public final class Engine implements KeyspaceListener {
  private final ServerConfig config;
  private final ServerLog log;
  private final Keyspace keyspace;
  private CommandTable commands;
  private final EventLoop eventLoop;
  private final ClientRegistry clients = new ClientRegistry();
  private Users users;
  private final AclLog aclLog = new AclLog();
  private final ServerStats stats = new ServerStats();
  private final CommandStats commandStats = new CommandStats();
  private final SlowLog slowLog = new SlowLog();
  private final WatchRegistry watches = new WatchRegistry();
  private final PubSubHub pubsub = new PubSubHub(this);
  private final MonitorFeed monitors = new MonitorFeed();
  private final ErrorStats errorStats = new ErrorStats();
  private final InfoRegistry info = new InfoRegistry();
  private final Loading loading = new Loading();
  private final HeapGuard heapGuard = new HeapGuard(this);
  private final OffsetWaits offsetWaits = new OffsetWaits(this);
  private ReplicaAcks replicaAcks = ReplicaAcks.NONE;
  private final ServerMetrics metrics;
  private final BlockingService blocking;
  private final PauseControl pause;
  private final Dispatcher dispatcher;
  private final Evictor evictor;
  private final String runId;
  private final List<Propagator> propagators = new ArrayList<>();
  private ReplyBarrier replyBarrier;
  private LongSupplier aofOffset = () -> 0L;
  private final List<WriteGuard> writeGuards = new ArrayList<>();
  private final WriteGuard combinedGuard = this::firstRefusal;
  private Runnable shutdownHook = () -> {};
  private long dirty;
  private long commandChanges;
  private boolean activeExpire = true;
  private final List<Runnable> cronTasks = new ArrayList<>();

  /** Nesting depth of open atomic propagation units (EXEC), and the commands they hold back. */
  private int atomicDepth;

  private final List<PropagatedOp> atomicOps = new ArrayList<>();

  /** One command held back while an atomic propagation unit is open. */
  private record PropagatedOp(int db, byte[][] argv) {}

  /**
   * An engine without commands yet: the node's assembly builds the subsystems the command families
   * need from it, then {@linkplain #installCommands installs} the table.
   */
  public Engine(ServerConfig config, ServerLog log, EventLoop eventLoop) {
    this.config = config;
    this.log = log;
    this.eventLoop = eventLoop;
    this.keyspace = new Keyspace(config.databases);
    this.keyspace.setListener(this);
    this.blocking = new BlockingService(this);
    this.pause = new PauseControl(this);
    this.dispatcher = new Dispatcher(this);
    this.evictor = new Evictor(this);
    this.metrics = new ServerMetrics(this);
    this.cronTasks.add(evictor::cronTick);
    this.cronTasks.add(metrics::tick);
    this.cronTasks.add(heapGuard::tick);
    this.cronTasks.add(offsetWaits::check); // also forgets waiting clients that went away
    byte[] id = new byte[20];
    new SecureRandom().nextBytes(id);
    this.runId = HexFormat.of().formatHex(id);
  }

  public ServerConfig config() {
    return config;
  }

  public ServerLog log() {
    return log;
  }

  public Keyspace keyspace() {
    return keyspace;
  }

  public CommandTable commands() {
    return commands;
  }

  /** Sets the command table, once, before the node serves a client. */
  public void installCommands(CommandTable table) {
    if (commands != null) {
      throw new IllegalStateException("the command table is installed already");
    }
    this.commands = table;
    // ACL rules name commands as the table declares them, before rename-command is applied.
    this.users =
        new Users(
            new AclCatalog(table),
            () -> "allchannels".equals(config.registry().get("acl-pubsub-default")));
    users.setDefaultPassword(config.requirePass);
  }

  public EventLoop eventLoop() {
    return eventLoop;
  }

  public ClientRegistry clients() {
    return clients;
  }

  public ServerStats stats() {
    return stats;
  }

  public CommandStats commandStats() {
    return commandStats;
  }

  public SlowLog slowLog() {
    return slowLog;
  }

  public WatchRegistry watches() {
    return watches;
  }

  public PubSubHub pubsub() {
    return pubsub;
  }

  public MonitorFeed monitors() {
    return monitors;
  }

  /** Error replies by code, for INFO errorstats. */
  public ErrorStats errorStats() {
    return errorStats;
  }

  /** The sections INFO reports; subsystems register or extend theirs here. */
  public InfoRegistry info() {
    return info;
  }

  public HeapGuard heapGuard() {
    return heapGuard;
  }

  /**
   * The dataset size the node enforces (eviction, -OOM): the smaller of {@code maxmemory} and the
   * heap guard's limit; Long.MAX_VALUE when neither applies.
   */
  public long memoryLimit() {
    long max = config.maxMemory > 0 ? config.maxMemory : Long.MAX_VALUE;
    return Math.min(max, heapGuard.limit());
  }

  /** Whether the dataset is being loaded, and how far it got. */
  public Loading loading() {
    return loading;
  }

  /** Sampled rates and peaks for INFO (instantaneous_ops_per_sec, used_memory_peak). */
  public ServerMetrics metrics() {
    return metrics;
  }

  public BlockingService blocking() {
    return blocking;
  }

  public PauseControl pause() {
    return pause;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public Evictor evictor() {
    return evictor;
  }

  /** The 40-hex-character id of this process run (INFO server run_id). */
  public String runId() {
    return runId;
  }

  public long nowMs() {
    return System.currentTimeMillis();
  }

  /**
   * Whether a connection must authenticate before running commands: the default user needs a
   * password or is off (requirepass sets its password).
   */
  public boolean authRequired() {
    return users != null && users.authRequired();
  }

  /** The ACL users; null until the command table is installed. */
  public Users users() {
    return users;
  }

  public AclLog aclLog() {
    return aclLog;
  }

  /** Count of changes to the dataset since start (each modified key counts once per command). */
  public long dirty() {
    return dirty;
  }

  /**
   * Count of changes made by commands themselves (not by expiry or eviction), which is how the
   * dispatcher tells whether a command wrote something that must be propagated.
   */
  long commandChanges() {
    return commandChanges;
  }

  /** Bytes used by the dataset as this node estimates them (INFO used_memory, maxmemory). */
  public long usedMemory() {
    return keyspace.usedBytes();
  }

  /** Whether the cron's active expiry cycle runs (DEBUG SET-ACTIVE-EXPIRE). */
  public boolean activeExpireEnabled() {
    return activeExpire;
  }

  public void setActiveExpire(boolean enabled) {
    this.activeExpire = enabled;
  }

  /** Registers work to run on every cron tick (hz times a second), on the command thread. */
  public void addCronTask(Runnable task) {
    cronTasks.add(task);
  }

  /** Runs the registered cron tasks; called by the server cron. */
  public void cronTick() {
    for (Runnable r : cronTasks) {
      r.run();
    }
  }

  // ---- engine-level interfaces the node's assembly connects ---------------------------------

  /**
   * Adds a receiver of the write stream after the ones already added: each write reaches all of
   * them, in the order added (the node's assembly decides that order).
   */
  public void addPropagator(Propagator next) {
    propagators.add(next);
  }

  /** The receivers of the write stream, in the order each write reaches them. */
  public List<Propagator> propagators() {
    return Collections.unmodifiableList(propagators);
  }

  /**
   * Replaces every receiver of the write stream with this one ({@link Propagator#NONE}: none); the
   * way tests capture the stream.
   */
  public void setPropagator(Propagator only) {
    propagators.clear();
    if (only != Propagator.NONE) {
      propagators.add(only);
    }
  }

  /**
   * The barrier replies pass before they are sent (appendfsync always), or null when replies go out
   * at once.
   */
  public ReplyBarrier replyBarrier() {
    return replyBarrier;
  }

  public void setReplyBarrier(ReplyBarrier barrier) {
    this.replyBarrier = barrier;
  }

  /**
   * The end of the AOF's stream of writes so far (0 without an AOF source). Recorded per client
   * after each write it makes, which is what WAITAOF waits for locally.
   */
  public long aofOffset() {
    return aofOffset.getAsLong();
  }

  public void setAofOffset(LongSupplier source) {
    this.aofOffset = source;
  }

  /** Clients in WAIT and WAITAOF, re-checked by whoever moves an acknowledged offset. */
  public OffsetWaits offsetWaits() {
    return offsetWaits;
  }

  /**
   * The replication stream's offset and the replicas' acknowledgements of it, which WAIT and
   * WAITAOF count; none until replication is installed.
   */
  public ReplicaAcks replicaAcks() {
    return replicaAcks;
  }

  public void setReplicaAcks(ReplicaAcks acks) {
    this.replicaAcks = acks;
  }

  /**
   * The replication stream's offset (0 without replication). Recorded per client after each write
   * it makes, which is what WAIT (and WAITAOF's replica count) wait for.
   */
  public long replicationOffset() {
    return replicaAcks.replicationOffset();
  }

  /**
   * Adds a check that may refuse commands (MISCONF after a failed save, READONLY on a replica,
   * NOREPLICAS, ...). Guards are consulted in the order added; the first refusal wins.
   */
  public void addWriteGuard(WriteGuard guard) {
    writeGuards.add(guard);
  }

  WriteGuard writeGuard() {
    return combinedGuard;
  }

  private String firstRefusal(Client c, CommandSpec spec) {
    for (int i = 0; i < writeGuards.size(); i++) {
      String refusal = writeGuards.get(i).refusal(c, spec);
      if (refusal != null) {
        return refusal;
      }
    }
    return null;
  }

  public void setShutdownHook(Runnable hook) {
    this.shutdownHook = hook;
  }

  /**
   * Stops reading from every connection, the master link included: from the final save and AOF
   * flush of a shutdown on, no command may run — it would change the data after what was saved (and
   * after the AOF state a clean shutdown records for a partial resync at restart). As Redis, whose
   * shutdown runs to the exit without returning to its event loop. Command thread only.
   */
  public void stopInput() {
    for (var c : clients.all()) {
      c.connection().setReading(false);
    }
  }

  /** Undoes {@link #stopInput} after a shutdown that was refused (SHUTDOWN's save failed). */
  public void resumeInput() {
    for (var c : clients.all()) {
      c.connection().setReading(true);
    }
  }

  /** Stops the node (SHUTDOWN). */
  public void shutdown() {
    shutdownHook.run();
  }

  void propagate(int db, byte[][] argv) {
    if (atomicDepth > 0) {
      atomicOps.add(new PropagatedOp(db, argv));
    } else {
      emit(db, argv);
    }
  }

  private void emit(int db, byte[][] argv) {
    for (int i = 0; i < propagators.size(); i++) {
      propagators.get(i).propagate(db, argv);
    }
  }

  /**
   * Opens an atomic propagation unit (EXEC): until the matching {@link #endAtomicPropagation}, the
   * commands propagated are held back, then emitted together. Units nest; only the outermost one
   * emits.
   */
  public void beginAtomicPropagation() {
    atomicDepth++;
  }

  /**
   * Closes an atomic propagation unit. As Redis 7.0 does, two or more held commands are wrapped in
   * MULTI ... EXEC (MULTI in the first command's database, EXEC in the last one's, so no extra
   * SELECT is needed); a single command goes out alone, since it is atomic by itself.
   */
  public void endAtomicPropagation() {
    if (atomicDepth == 0 || --atomicDepth > 0) {
      return;
    }
    if (atomicOps.isEmpty()) {
      return;
    }
    List<PropagatedOp> ops = new ArrayList<>(atomicOps);
    atomicOps.clear();
    boolean wrap = ops.size() > 1;
    if (wrap) {
      emit(ops.get(0).db(), new byte[][] {Bytes.utf8("MULTI")});
    }
    for (PropagatedOp op : ops) {
      emit(op.db(), op.argv());
    }
    if (wrap) {
      emit(ops.get(ops.size() - 1).db(), new byte[][] {Bytes.utf8("EXEC")});
    }
  }

  // ---- client lifecycle ----------------------------------------------------------------------

  /** Called when a connection closes: releases everything the client held. */
  public void clientDisconnected(Client c) {
    clients.remove(c);
    blocking.disconnected(c);
    pause.disconnected(c);
    watches.unwatchAll(c);
    pubsub.unsubscribeAll(c);
    if (c.isMonitor()) {
      monitors.remove(c);
    }
  }

  // ---- KeyspaceListener ----------------------------------------------------------------------

  @Override
  public void keyModified(Database db, byte[] key) {
    dirty++;
    commandChanges++;
    if (!watches.isEmpty()) {
      watches.touch(db, key);
    }
  }

  @Override
  public void keyReady(Database db, byte[] key) {
    blocking.markReady(db.index(), key);
  }

  @Override
  public void keyExpired(Database db, byte[] key) {
    stats.expiredKeys++;
    dirty++;
    if (!watches.isEmpty()) {
      watches.touch(db, key);
    }
    // Through propagate(), so that a deletion caused inside EXEC joins the transaction's unit.
    propagate(db.index(), new byte[][] {Bytes.utf8("DEL"), key});
  }

  @Override
  public void databaseReplaced(Database db) {
    dirty++;
    commandChanges++;
    blocking.databaseChanged(db.index());
  }

  @Override
  public void databaseReplacing(Database db, Database replacement) {
    if (!watches.isEmpty()) {
      watches.touchReplaced(db, replacement);
    }
  }
}
