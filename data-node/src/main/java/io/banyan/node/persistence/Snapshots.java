package io.banyan.node.persistence;

import io.banyan.node.engine.Engine;
import io.banyan.node.persistence.rdb.RdbAux;
import io.banyan.node.persistence.rdb.RdbOptions;

/**
 * Starts background RDB snapshots of the whole keyspace: what BGSAVE, the AOF rewrite (as its RDB
 * preamble) and a replica's full synchronisation all use. One snapshot runs at a time (the keyspace
 * refuses a second with IllegalStateException); callers check {@code engine.keyspace().snapshot()}
 * first.
 */
public final class Snapshots {
  private Snapshots() {}

  /**
   * Starts an RDB snapshot into sink, on the command thread.
   *
   * @param aux the RDB header fields (e.g. {@code RdbAux.now(engine.usedMemory())}, or with
   *     replication info, or with aof-base set for an AOF preamble)
   * @param threadName name of the writer thread
   * @return the runner; its {@code result()} completes (on the writer thread) with the bytes
   *     written once the sink has committed
   */
  public static SnapshotRunner startRdb(
      Engine engine, ByteSink sink, RdbAux aux, String threadName) {
    return SnapshotRunner.start(
        engine.keyspace(),
        engine.eventLoop(),
        sink,
        threadName,
        () -> engine.config().rdbKeySaveDelayMicros,
        pipe ->
            new RdbSnapshotVisitor(
                pipe,
                RdbOptions.from(engine.config()),
                aux,
                engine.config().maxMemoryPolicy,
                engine.keyspace().accessClock(),
                engine.keyspace().databaseCount()));
  }
}
