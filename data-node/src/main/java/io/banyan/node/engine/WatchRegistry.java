package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which clients WATCH which keys, so that a change to a watched key makes the watcher's EXEC fail
 * (Redis 7.0 semantics). Keys are watched per database: SWAPDB moves data, not watchers.
 *
 * <p>A key that is already logically expired when watched is remembered as such, so that its
 * eventual deletion is not mistaken for a change: in Redis's model an expired key is absent, and
 * deleting an absent key changes nothing. Conversely, a key that expires after WATCH counts as
 * changed ({@link #expiredSinceWatch}), whether or not it has been deleted yet.
 *
 * <p>Command-execution thread only.
 */
public final class WatchRegistry {
  /** One client's watch on one key. */
  private static final class Watch {
    final Client client;

    /** The key was present but already expired when watched. */
    boolean expired;

    Watch(Client client, boolean expired) {
      this.client = client;
      this.expired = expired;
    }
  }

  private final Map<DbKey, List<Watch>> watchers = new HashMap<>();

  public boolean isEmpty() {
    return watchers.isEmpty();
  }

  /** WATCH one key in the client's current database; watching a key twice is a no-op. */
  public void watch(Client c, byte[] key) {
    Database db = c.db();
    DbKey k = new DbKey(db.index(), key);
    if (!c.watchedKeys().add(k)) {
      return;
    }
    Entry e = db.peek(key);
    boolean expired = e != null && db.isExpired(e);
    watchers.computeIfAbsent(k, x -> new ArrayList<>(2)).add(new Watch(c, expired));
  }

  /** Forgets every key the client watches and clears its dirty flag (EXEC, DISCARD, UNWATCH). */
  public void unwatchAll(Client c) {
    for (DbKey k : c.watchedKeys()) {
      List<Watch> list = watchers.get(k);
      if (list != null) {
        list.removeIf(w -> w.client == c);
        if (list.isEmpty()) {
          watchers.remove(k);
        }
      }
    }
    c.watchedKeys().clear();
    c.setWatchedKeyTouched(false);
  }

  /**
   * True when a key the client watches, not yet expired at WATCH time, is logically expired now,
   * even if nothing has deleted it yet: EXEC must then fail.
   */
  public boolean expiredSinceWatch(Client c, Keyspace keyspace) {
    for (DbKey k : c.watchedKeys()) {
      Watch w = find(k, c);
      if (w == null || w.expired) {
        continue;
      }
      Database db = keyspace.db(k.db());
      Entry e = db.peek(k.key());
      if (e != null && db.isExpired(e)) {
        return true;
      }
    }
    return false;
  }

  private Watch find(DbKey k, Client c) {
    List<Watch> list = watchers.get(k);
    if (list != null) {
      for (Watch w : list) {
        if (w.client == c) {
          return w;
        }
      }
    }
    return null;
  }

  /** A key changed (or was deleted): every client watching it will fail its EXEC. */
  public void touch(Database db, byte[] key) {
    List<Watch> list = watchers.get(new DbKey(db.index(), key));
    if (list == null) {
      return;
    }
    for (Watch w : list) {
      if (w.expired && db.peek(key) == null) {
        // The key was already expired when watched and is now gone: logically no change.
        w.expired = false;
        continue;
      }
      w.client.setWatchedKeyTouched(true);
    }
  }

  /**
   * The keys of {@code emptied} are about to be removed (FLUSHDB/FLUSHALL, {@code replacement}
   * null) or replaced by those of {@code replacement} (SWAPDB). Only watchers of a key present on
   * either side are affected, and an expired key that stays expired (or disappears) is no change.
   */
  public void touchReplaced(Database emptied, Database replacement) {
    for (Map.Entry<DbKey, List<Watch>> en : watchers.entrySet()) {
      DbKey k = en.getKey();
      if (k.db() != emptied.index()) {
        continue;
      }
      boolean inEmptied = emptied.peek(k.key()) != null;
      Entry replacing = replacement == null ? null : replacement.peek(k.key());
      if (!inEmptied && replacing == null) {
        continue;
      }
      boolean replacingExpired = replacing != null && replacement.isExpired(replacing);
      for (Watch w : en.getValue()) {
        if (w.expired) {
          if (replacing == null) {
            w.expired = false; // the expired key is simply deleted: no logical change
            continue;
          }
          if (replacingExpired) {
            continue; // expired before, expired after
          }
        } else if (!inEmptied && replacingExpired) {
          w.expired = true; // absent before, replaced by an already expired key: still absent
          continue;
        }
        w.client.setWatchedKeyTouched(true);
      }
    }
  }
}
