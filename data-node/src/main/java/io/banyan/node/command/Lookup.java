package io.banyan.node.command;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Entry;
import java.util.function.Supplier;

/**
 * How commands find keys, so every family applies the same rules: lazy expiry, the access clock
 * (skipped for CLIENT NO-TOUCH), keyspace hit/miss statistics for reads, and WRONGTYPE when a key
 * holds another type.
 */
public final class Lookup {
  private Lookup() {}

  /** The value of key for a read command, or null; counts a keyspace hit or miss. */
  public static Object read(Client c, byte[] key) {
    Entry e = c.db().lookupForRead(key, !c.noTouch());
    if (e == null) {
      c.engine().stats().keyspaceMisses++;
      return null;
    }
    c.engine().stats().keyspaceHits++;
    return e.value();
  }

  /**
   * The entry of key for a read command that must not count as an access (EXISTS, TYPE, TTL, SCAN
   * TYPE), or null; counts a keyspace hit or miss.
   */
  public static Entry readWithoutTouch(Client c, byte[] key) {
    Entry e = c.db().lookupForRead(key, false);
    if (e == null) {
      c.engine().stats().keyspaceMisses++;
    } else {
      c.engine().stats().keyspaceHits++;
    }
    return e;
  }

  /** The string at key for a read command, or null; WRONGTYPE for other types. */
  public static byte[] readString(Client c, byte[] key) {
    Object v = read(c, key);
    if (v == null || v instanceof byte[]) {
      return (byte[]) v;
    }
    throw Errors.WRONG_TYPE;
  }

  /** The composite of the given type at key for a read command, or null; WRONGTYPE otherwise. */
  public static <T extends CompositeValue> T read(Client c, byte[] key, Class<T> type) {
    return cast(read(c, key), type);
  }

  /** The value of key for a write command (no hit/miss statistics), or null. */
  public static Object write(Client c, byte[] key) {
    Entry e = c.db().lookupForWrite(key);
    return e == null ? null : e.value();
  }

  /** The string at key for a write command, or null; WRONGTYPE for other types. */
  public static byte[] writeString(Client c, byte[] key) {
    Object v = write(c, key);
    if (v == null || v instanceof byte[]) {
      return (byte[]) v;
    }
    throw Errors.WRONG_TYPE;
  }

  /** The composite of the given type at key for a write command, or null; WRONGTYPE otherwise. */
  public static <T extends CompositeValue> T write(Client c, byte[] key, Class<T> type) {
    return cast(write(c, key), type);
  }

  /**
   * The composite at key for a write command, created (empty, and added to the database) when
   * absent. The caller fills it and then calls {@code db.modified(key)}.
   */
  public static <T extends CompositeValue> T writeOrCreate(
      Client c, byte[] key, Class<T> type, Supplier<T> factory) {
    T existing = write(c, key, type);
    if (existing != null) {
      return existing;
    }
    T created = factory.get();
    c.db().add(key, created);
    return created;
  }

  private static <T> T cast(Object v, Class<T> type) {
    if (v == null) {
      return null;
    }
    if (!type.isInstance(v)) {
      throw Errors.WRONG_TYPE;
    }
    return type.cast(v);
  }
}
