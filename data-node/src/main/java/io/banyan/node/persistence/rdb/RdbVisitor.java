package io.banyan.node.persistence.rdb;

import java.io.IOException;

/**
 * Receives what {@link RdbReader} decodes from an RDB file, in file order. Only {@link #key} must
 * be implemented. A method may throw (an {@link RdbFormatException} or any other exception) to
 * abort the load; {@link RdbReader#read} passes it on.
 */
public interface RdbVisitor {
  /** An auxiliary field (redis-ver, ctime, used-mem, repl-id, repl-offset, aof-base, ...). */
  default void aux(byte[] name, byte[] value) throws IOException {}

  /**
   * SELECTDB: the following keys belong to {@code db}. Throw when the number is out of range for
   * this server (Redis refuses to start on such a file).
   */
  default void selectDb(int db) throws IOException {}

  /** RESIZEDB: size hints for the selected database, keys and keys with an expiry. */
  default void resizeDb(long keys, long keysWithExpiry) throws IOException {}

  /** One key and its value. */
  void key(RdbKey key) throws IOException;

  /** A key whose collection was empty; Redis skips such keys (with a log line), and so do we. */
  default void emptyKeySkipped(int db, byte[] key) throws IOException {}

  /**
   * A function library's source code (Redis 7.0 FUNCTION LOAD libraries). The default skips it: a
   * server without functions loads the keys and leaves the libraries out.
   */
  default void functionLibrary(byte[] code) throws IOException {}
}
