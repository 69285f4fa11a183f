package io.banyan.node.command.server.info;

import io.banyan.node.client.Client;
import io.banyan.node.engine.InfoRegistry;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;

/**
 * INFO keyspace: keys and keys with a time to live per non-empty database, and the average
 * remaining time to live, estimated (as Redis estimates it) from a sample of volatile keys so that
 * INFO stays cheap on large databases.
 */
final class KeyspaceSection implements InfoRegistry.Section {
  private static final int TTL_SAMPLES = 32;

  @Override
  public void write(Client caller, InfoRegistry.Fields out) {
    Keyspace ks = caller.engine().keyspace();
    long now = ks.nowMs();
    for (int i = 0; i < ks.databaseCount(); i++) {
      Database db = ks.db(i);
      if (db.size() == 0) {
        continue;
      }
      out.add(
          "db" + i,
          "keys=" + db.size() + ",expires=" + db.volatileCount() + ",avg_ttl=" + avgTtl(db, now));
    }
  }

  private static long avgTtl(Database db, long now) {
    int n = db.volatileCount();
    if (n == 0) {
      return 0;
    }
    int samples = Math.min(TTL_SAMPLES, n);
    long sum = 0;
    for (int i = 0; i < samples; i++) {
      Entry e = db.randomVolatile();
      sum += Math.max(0, e.expireAtMs() - now);
    }
    return sum / samples;
  }
}
