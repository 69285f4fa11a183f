package io.banyan.node.server;

import io.banyan.node.acl.AclStartup;
import io.banyan.node.command.CommandFamilies;
import io.banyan.node.command.connection.ClientInfo;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.engine.Engine;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.Persistence;
import io.banyan.node.persistence.RdbPersistence;
import io.banyan.node.persistence.aof.AofPersistence;
import io.banyan.node.replication.Replication;
import io.netty.channel.EventLoop;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Builds one data node's subsystems and connects them, in one visible order: the engine, then
 * persistence, then replication (which sits above persistence and is handed it), then the command
 * table whose families are handed the services they use. Subsystems register nothing themselves:
 * every propagator, write guard, INFO section and cron task the engine runs is registered here, in
 * the order the engine calls them. The server builds one around its command event loop; the
 * in-process test tier builds one without sockets.
 */
public final class NodeAssembly {
  public final Engine engine;
  public final Persistence persistence;
  public final Replication replication;

  /**
   * @param listeningPort the client port actually bound (a replica announces it to its master)
   * @param extraCommands adds commands to the standard table before it is sealed (tests)
   */
  public NodeAssembly(
      ServerConfig config,
      ServerLog log,
      EventLoop commandLoop,
      IntSupplier listeningPort,
      Consumer<CommandTable> extraCommands) {
    engine = new Engine(config, log, commandLoop);
    persistence = new Persistence(engine);
    replication = new Replication(engine, persistence, listeningPort);
    engine.installCommands(CommandFamilies.table(persistence, replication, extraCommands));
    ConfigHooks.install(engine); // after the table: it applies rename-command
    AclStartup.load(engine.users(), config); // the user lines or the ACL file, after requirepass
    engine.aclLog().describeClientsWith(c -> ClientInfo.line(c, null, c.lastCommand(), null));
    connectPersistence(persistence.rdb(), persistence.aof());
    connectReplication();
  }

  private void connectPersistence(RdbPersistence rdb, AofPersistence aof) {
    // The AOF is the first receiver of the write stream, replication the second. Each buffers the
    // write and schedules its hand-off for the end of the event-loop turn, so this order queues the
    // AOF's hand-off (to the OS, or to its writer thread when busy) ahead of the flush to the
    // replicas: Redis's order too, which writes its AOF before the replicas' output, so that a
    // replica is not sent a write before its master began to make it durable.
    engine.addPropagator(aof::propagate);
    engine.setAofOffset(aof::appendedOffset); // WAITAOF's local offsets count in the AOF
    engine.addWriteGuard(rdb::refusal); // MISCONF after a failed background save
    engine.addWriteGuard(aof::refusal); // MISCONF while the AOF cannot be written
    engine.addCronTask(rdb::cron);
    engine.addCronTask(aof::cron);
    engine.info().register("persistence", "Persistence", true, persistence.info());
  }

  private void connectReplication() {
    engine.addPropagator(replication::propagate);
    // FENCED before NOREPLICAS and READONLY: the operator's decision explains the refusal best.
    engine.addWriteGuard(replication.fence()::refusal);
    engine.addWriteGuard(replication::refusal);
    engine.addCronTask(replication.failover()::check);
    engine.addCronTask(replication::cron);
    engine.info().register("replication", "Replication", true, replication.info());
    engine.info().extend("stats", replication.statsInfo());
    // Persistence declares what it needs from above; replication provides it.
    persistence.rdb().setAuxSource(replication::rdbAux); // RDB files record the repl position
    engine.setReplicaAcks(replication.acks()); // the stream's offset, what WAIT/WAITAOF count
    persistence.aof().setFsyncListener(replication::localAofFsynced); // a replica sends FACK
  }
}
