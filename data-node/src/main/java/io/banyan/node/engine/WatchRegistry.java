package io.banyan.node.engine;

import io.banyan.node.client.Client;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which clients WATCH which keys, so that a modification of a watched key makes the watcher's EXEC
 * fail. Command-execution thread only.
 */
public final class WatchRegistry {
  private final Map<DbKey, Set<Client>> watchers = new HashMap<>();

  public boolean isEmpty() {
    return watchers.isEmpty();
  }

  public void watch(Client c, int db, byte[] key) {
    DbKey k = new DbKey(db, key);
    if (c.watchedKeys().add(k)) {
      watchers.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(c);
    }
  }

  /** Forgets every key the client watches (EXEC, DISCARD, UNWATCH, disconnect). */
  public void unwatchAll(Client c) {
    for (DbKey k : c.watchedKeys()) {
      Set<Client> s = watchers.get(k);
      if (s != null) {
        s.remove(c);
        if (s.isEmpty()) {
          watchers.remove(k);
        }
      }
    }
    c.watchedKeys().clear();
    c.setWatchedKeyTouched(false);
  }

  /** A key changed: every client watching it will fail its EXEC. */
  public void touch(int db, byte[] key) {
    Set<Client> s = watchers.get(new DbKey(db, key));
    if (s != null) {
      for (Client c : s) {
        c.setWatchedKeyTouched(true);
      }
    }
  }

  /** A whole database changed (FLUSHDB, FLUSHALL, SWAPDB): watchers of its keys fail. */
  public void touchDatabase(int db) {
    for (Iterator<Map.Entry<DbKey, Set<Client>>> it = watchers.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<DbKey, Set<Client>> e = it.next();
      if (e.getKey().db() == db) {
        for (Client c : e.getValue()) {
          c.setWatchedKeyTouched(true);
        }
      }
    }
  }
}
