package io.banyan.node.engine;

import io.banyan.node.store.Bytes;
import java.util.Arrays;

/** A key qualified by database index, usable in hash maps (byte arrays compare by identity). */
public record DbKey(int db, byte[] key) {
  @Override
  public boolean equals(Object o) {
    return o instanceof DbKey k && k.db == db && Arrays.equals(k.key, key);
  }

  @Override
  public int hashCode() {
    return Bytes.hash(key) * 31 + db;
  }

  @Override
  public String toString() {
    return db + ":" + Bytes.str(key);
  }
}
