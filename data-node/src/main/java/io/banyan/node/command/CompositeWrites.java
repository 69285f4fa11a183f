package io.banyan.node.command;

import io.banyan.node.client.Client;
import io.banyan.node.store.CompositeValue;
import java.util.function.BiPredicate;

/** Write patterns shared by the collection families. */
public final class CompositeWrites {
  private CompositeWrites() {}

  /**
   * HDEL, SREM, ZREM: removes each member named from argv[2] on from the collection at argv[1] and
   * replies with how many were present. The key is signalled as modified (and deleted when it
   * became empty) only when something was removed.
   */
  public static <T extends CompositeValue> void removeEach(
      Client c, byte[][] argv, Class<T> type, BiPredicate<T, byte[]> remove) {
    T value = Lookup.write(c, argv[1], type);
    if (value == null) {
      c.reply().integer(0);
      return;
    }
    int removed = 0;
    for (int i = 2; i < argv.length && !value.isEmpty(); i++) {
      if (remove.test(value, argv[i])) {
        removed++;
      }
    }
    if (removed > 0) {
      c.db().modified(argv[1]);
    }
    c.reply().integer(removed);
  }
}
