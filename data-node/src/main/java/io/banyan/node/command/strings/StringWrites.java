package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Shared rules for commands that change part of a string (APPEND, SETRANGE, SETBIT, BITFIELD): the
 * size limit, and access to the stored bytes for modification.
 *
 * <p>Stored string arrays are normally treated as immutable, because the array a SET stored is the
 * request's own argument, which the propagation stream, MULTI queue or slow log may still hold. A
 * modification therefore writes into a fresh copy. Copying a large bitmap on every SETBIT would
 * make each call O(n), though, so arrays of {@link #IN_PLACE_MIN_BYTES} or more that these commands
 * allocated themselves are remembered (weakly, by identity) as owned by the keyspace and are then
 * modified in place. Such an array is referenced only by its key's entry: code that stores a string
 * taken from the keyspace into another value (COPY does) must store a copy.
 */
final class StringWrites {
  static final int IN_PLACE_MIN_BYTES = 4096;

  /** The largest byte array the JVM reliably allocates. */
  static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /** Per command thread (tests run several nodes in one JVM): arrays safe to modify in place. */
  private static final ThreadLocal<Set<byte[]>> OWNED =
      ThreadLocal.withInitial(() -> Collections.newSetFromMap(new WeakHashMap<>()));

  private StringWrites() {}

  /**
   * Fails unless a string of {@code size + append} bytes is allowed: at most proto-max-bulk-len
   * (not enforced for the master's stream, which must be applied as sent), and what a Java array
   * can hold.
   */
  static void checkLength(Client c, long size, long append) {
    long total = size + append;
    boolean overflow = total < size || total < append;
    long limit = c.isMaster() ? MAX_ARRAY_BYTES : c.engine().config().protoMaxBulkLen;
    if (overflow || total > Math.min(limit, MAX_ARRAY_BYTES)) {
      throw tooLong();
    }
  }

  static CommandException tooLong() {
    return Errors.err("string exceeds maximum allowed size (proto-max-bulk-len)");
  }

  /**
   * Bytes that may be modified and then stored at the key: {@code current} itself when it is owned
   * and long enough, otherwise a copy zero-padded to {@code length} (or current's length if
   * longer). Pass null for an absent key.
   */
  static byte[] writable(byte[] current, int length) {
    if (current != null && current.length >= length && isOwned(current)) {
      return current;
    }
    int size = current == null ? length : Math.max(current.length, length);
    byte[] copy = current == null ? new byte[size] : Arrays.copyOf(current, size);
    own(copy);
    return copy;
  }

  /** Records that a freshly allocated array belongs to the keyspace alone. */
  static byte[] own(byte[] fresh) {
    if (fresh.length >= IN_PLACE_MIN_BYTES) {
      OWNED.get().add(fresh);
    }
    return fresh;
  }

  static boolean isOwned(byte[] b) {
    return b.length >= IN_PLACE_MIN_BYTES && OWNED.get().contains(b);
  }
}
