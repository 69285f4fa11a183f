package io.banyan.node.persistence.rdb;

/**
 * One key read from an RDB file, with the metadata stored before it.
 *
 * @param db the database selected when the key was read
 * @param key the key
 * @param value a {@code byte[]} for strings, else a ListValue, SetValue, HashValue or ZSetValue
 * @param expireAtMs absolute expiry in Unix milliseconds, or -1 when the key has none (the reader
 *     does not drop keys already expired: whether to is the loader's decision)
 * @param idleSeconds LRU idle time in seconds when stored (written under an LRU policy), else -1
 * @param frequency LFU counter 0..255 when stored (written under an LFU policy), else -1
 */
public record RdbKey(
    int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int frequency) {

  public boolean hasExpiry() {
    return expireAtMs >= 0;
  }
}
