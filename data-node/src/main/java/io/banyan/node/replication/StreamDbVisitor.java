package io.banyan.node.replication;

import io.banyan.node.persistence.RdbLoader;
import io.banyan.node.persistence.rdb.RdbKey;
import io.banyan.node.persistence.rdb.RdbVisitor;
import io.banyan.node.store.Bytes;
import java.io.IOException;

/**
 * Loads a master's snapshot while noting {@code repl-stream-db}: the database the master's stream
 * continues in, which a stream relayed by a replica may not announce with a SELECT.
 */
final class StreamDbVisitor implements RdbVisitor {
  private final RdbLoader.KeyLoader loader;
  private final int databases;
  private int streamDb;

  StreamDbVisitor(RdbLoader.KeyLoader loader, int databases) {
    this.loader = loader;
    this.databases = databases;
  }

  int streamDb() {
    return streamDb;
  }

  @Override
  public void aux(byte[] name, byte[] value) throws IOException {
    if (Bytes.is(name, "repl-stream-db")) {
      Long db = Bytes.parseLong(value);
      if (db != null && db >= 0 && db < databases) {
        streamDb = db.intValue();
      }
    }
    loader.aux(name, value);
  }

  @Override
  public void selectDb(int db) throws IOException {
    loader.selectDb(db);
  }

  @Override
  public void resizeDb(long keys, long keysWithExpiry) throws IOException {
    loader.resizeDb(keys, keysWithExpiry);
  }

  @Override
  public void key(RdbKey key) throws IOException {
    loader.key(key);
  }

  @Override
  public void emptyKeySkipped(int db, byte[] key) throws IOException {
    loader.emptyKeySkipped(db, key);
  }

  @Override
  public void functionLibrary(byte[] code) throws IOException {
    loader.functionLibrary(code);
  }
}
