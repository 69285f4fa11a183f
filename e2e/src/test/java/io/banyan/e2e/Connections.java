package io.banyan.e2e;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** What tests do with client connections that the system under test may have broken. */
public final class Connections {
  private Connections() {}

  /**
   * Closes a connection that failed or may have. Jedis flushes on close whatever a failed command
   * left in its buffer; when that command failed on its write (a reset or closed peer) rather than
   * on its read, the flush fails again and close() throws. A caller that already handled the
   * failure must not die of its echo — a writer thread that did would silently stop writing.
   */
  public static void discard(Jedis connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (JedisException alreadyBroken) {
      // the socket is closed by now whatever the flush did
    }
  }
}
