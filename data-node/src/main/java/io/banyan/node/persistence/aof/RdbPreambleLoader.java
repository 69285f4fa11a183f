package io.banyan.node.persistence.aof;

import io.banyan.node.persistence.rdb.RdbFormatException;
import io.banyan.node.persistence.rdb.RdbKey;
import io.banyan.node.persistence.rdb.RdbVisitor;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;
import java.io.IOException;

/**
 * Puts the keys of an AOF's RDB preamble into the keyspace. As Redis does for a preamble, keys
 * whose expiry has passed are loaded too (the commands after the preamble may still refer to them);
 * they expire once loading is over. LRU idle times and LFU counters are kept under the matching
 * eviction policy.
 */
final class RdbPreambleLoader implements RdbVisitor {
  private final Keyspace keyspace;
  private long keys;

  RdbPreambleLoader(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  long keysLoaded() {
    return keys;
  }

  @Override
  public void selectDb(int db) throws IOException {
    if (db < 0 || db >= keyspace.databaseCount()) {
      throw new RdbFormatException(
          -1,
          "the RDB preamble selects database "
              + db
              + " but this server has "
              + keyspace.databaseCount()
              + " (databases)");
    }
  }

  @Override
  public void key(RdbKey k) throws IOException {
    Database db = keyspace.db(k.db());
    db.delete(k.key());
    Entry e = db.add(k.key(), k.value());
    if (k.value() instanceof CompositeValue) {
      db.modified(k.key());
    }
    if (k.hasExpiry()) {
      db.setExpiry(k.key(), k.expireAtMs());
    }
    AccessClock clock = keyspace.accessClock();
    if (clock.lfu && k.frequency() >= 0) {
      e.setAccessClock((clock.initial() & ~0xFF) | k.frequency());
    } else if (!clock.lfu && k.idleSeconds() >= 0) {
      long accessed = AccessClock.lruNow() - k.idleSeconds();
      if (accessed < 0) {
        accessed += AccessClock.LRU_MAX;
      }
      e.setAccessClock((int) (accessed & AccessClock.LRU_MAX));
    }
    keys++;
  }
}
