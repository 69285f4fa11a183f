package io.banyan.node.persistence;

import io.banyan.node.config.EvictionPolicy;
import io.banyan.node.persistence.rdb.RdbAux;
import io.banyan.node.persistence.rdb.RdbOptions;
import io.banyan.node.persistence.rdb.RdbWriter;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Entry;
import io.banyan.node.store.SnapshotVisitor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Serialises a keyspace snapshot as an RDB file: the header when created, each database's SELECTDB
 * and RESIZEDB as the walk reaches it, a SELECTDB back and forth around entries captured out of
 * order, and the EOF and checksum at the end. Runs on the command thread, writing into a {@link
 * BackgroundPipe} (which never blocks), so IO errors surface in the pipe, not here.
 */
public final class RdbSnapshotVisitor implements SnapshotVisitor {
  private final RdbWriter rdb;
  private final AccessClock clock;
  private final EvictionPolicy policy;
  private int currentDb = -1;
  private final boolean[] begun;

  public RdbSnapshotVisitor(
      OutputStream out,
      RdbOptions options,
      RdbAux aux,
      EvictionPolicy policy,
      AccessClock clock,
      int databases) {
    this.rdb = new RdbWriter(out, options);
    this.policy = policy;
    this.clock = clock;
    this.begun = new boolean[databases];
    try {
      rdb.writeHeader(aux);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beginDatabase(int db, long keys, long volatileKeys) {
    try {
      rdb.selectDb(db, keys, volatileKeys);
      begun[db] = true;
      currentDb = db;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void entry(int db, Entry e) {
    try {
      if (db != currentDb) {
        // A key captured early, before the walk reached its database, or after it moved on.
        rdb.selectDb(db);
        currentDb = db;
      }
      int accessClock = e.accessClock();
      // As Redis: idle times only under an LRU policy, frequencies only under an LFU one.
      long idle = policy.lru() ? AccessClock.idleSeconds(accessClock) : -1;
      int frequency = policy.lfu() ? clock.decayedCounter(accessClock) : -1;
      rdb.writeKey(e.key, e.value(), e.expireAtMs(), idle, frequency);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void end() {
    try {
      rdb.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
