package io.banyan.node.persistence;

import io.banyan.node.engine.Engine;
import io.banyan.node.persistence.rdb.RdbFormatException;
import io.banyan.node.persistence.rdb.RdbKey;
import io.banyan.node.persistence.rdb.RdbVisitor;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Loads an RDB file into the keyspace on the command thread — at start-up in slices between client
 * requests ({@link SlicedLoad}), for DEBUG RELOAD in one go (it blocks by definition) — while a
 * helper thread decodes the file ({@link BackgroundRdbRead}). Follows Redis's loading rules: keys
 * already expired are dropped on a master but kept on a replica (its master will delete them); a
 * database number this node does not have, or a key present twice, refuses the whole file; the LRU
 * idle time or LFU counter stored with a key is applied under the matching eviction policy.
 */
public final class RdbLoader {
  /**
   * What a load did.
   *
   * @param loaded keys added to the keyspace
   * @param expired keys dropped because their time had passed
   * @param emptySkipped keys whose collection was empty in the file (Redis skips them too)
   * @param nanos time spent
   */
  record Outcome(
      long loaded,
      long expired,
      long emptySkipped,
      long nanos,
      io.banyan.node.persistence.rdb.RdbAux.Replication replication) {}

  private RdbLoader() {}

  /**
   * Reads {@code file} into the keyspace and logs what Redis logs about it.
   *
   * @param replaceDuplicates true for DEBUG RELOAD MERGE: a key already present is replaced;
   *     otherwise a key already present fails the load
   * @throws java.nio.file.NoSuchFileException when the file does not exist (nothing was changed)
   * @throws PersistenceException when the file is damaged or does not fit this node; keys read
   *     before the problem stay loaded
   */
  static Outcome load(Engine engine, Path file, boolean replaceDuplicates) throws IOException {
    long start = System.nanoTime();
    KeyLoader loader =
        new KeyLoader(engine, file, engine.config().replicaOfHost == null, replaceDuplicates);
    try {
      BackgroundRdbRead.read(file, engine.config().rdbChecksum, loader);
    } catch (java.nio.file.NoSuchFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw failure(file, e);
    }
    return finished(engine, loader, start);
  }

  /**
   * Starts loading {@code file} at start-up, in slices on the command thread. The future completes
   * there with the outcome, or fails as {@link #load} throws.
   */
  static CompletableFuture<Outcome> start(Engine engine, Path file, SlicedLoad slicing) {
    long start = System.nanoTime();
    KeyLoader loader = new KeyLoader(engine, file, engine.config().replicaOfHost == null, false);
    LoadPipe pipe = BackgroundRdbRead.start(file, engine.config().rdbChecksum);
    return slicing
        .start(pipe, e -> BackgroundRdbRead.replay(e, loader, engine.loading()::progress))
        .handle(
            (result, error) -> {
              if (error != null) {
                Throwable cause = error instanceof CompletionException ce ? ce.getCause() : error;
                throw new CompletionException(
                    cause instanceof java.nio.file.NoSuchFileException
                        ? cause
                        : failure(file, cause));
              }
              return finished(engine, loader, start);
            });
  }

  /** What a failed read means for the node: a message naming the file. */
  private static RuntimeException failure(Path file, Throwable e) {
    return switch (e) {
      case RdbFormatException f ->
          new PersistenceException("Bad RDB file " + file + ": " + f.getMessage(), f);
      case IOException io ->
          new PersistenceException("Can't read the RDB file " + file + ": " + io, io);
      case RuntimeException re -> re;
      default -> new PersistenceException("Can't read the RDB file " + file + ": " + e, e);
    };
  }

  private static Outcome finished(Engine engine, KeyLoader loader, long start) {
    Outcome outcome =
        new Outcome(
            loader.loaded,
            loader.expired,
            loader.emptySkipped,
            System.nanoTime() - start,
            loader.replication());
    engine
        .log()
        .notice(
            "Done loading RDB, keys loaded: "
                + outcome.loaded()
                + ", keys expired: "
                + outcome.expired()
                + "."
                + (outcome.emptySkipped() > 0
                    ? " Empty keys skipped: " + outcome.emptySkipped() + "."
                    : ""));
    return outcome;
  }

  /**
   * A visitor that puts the keys of an RDB stream into the keyspace, for callers that drive the
   * reader themselves (the AOF's RDB preamble, which keeps expired keys: the commands after it may
   * still refer to them; and where a key may appear again, it replaces the earlier one).
   */
  public static KeyLoader keyLoader(
      Engine engine, Path file, boolean dropExpired, boolean replaceDuplicates) {
    return new KeyLoader(engine, file, dropExpired, replaceDuplicates);
  }

  /** Feeds each key of the file into its database. */
  public static final class KeyLoader implements RdbVisitor {
    private final Engine engine;
    private final Keyspace keyspace;
    private final Path file;
    private final boolean dropExpired;
    private final boolean replaceDuplicates;
    private final long nowMs;
    private long loaded;
    private long expired;
    private long emptySkipped;
    private int currentDb;
    private String replId;
    private long replOffset = -1;
    private int replStreamDb = -1;

    private KeyLoader(Engine engine, Path file, boolean dropExpired, boolean replaceDuplicates) {
      this.engine = engine;
      this.keyspace = engine.keyspace();
      this.file = file;
      this.dropExpired = dropExpired;
      this.replaceDuplicates = replaceDuplicates;
      this.nowMs = engine.nowMs();
    }

    /** Keys added to the keyspace so far. */
    public long loaded() {
      return loaded;
    }

    /** The repl-id, repl-offset and repl-stream-db fields of the file, or null without them. */
    public io.banyan.node.persistence.rdb.RdbAux.Replication replication() {
      if (replId == null || replId.length() != 40 || replOffset < 0) {
        return null;
      }
      return new io.banyan.node.persistence.rdb.RdbAux.Replication(
          Math.max(0, replStreamDb), replId, replOffset);
    }

    @Override
    public void aux(byte[] name, byte[] value) {
      String n = new String(name, StandardCharsets.ISO_8859_1);
      String v = new String(value, StandardCharsets.ISO_8859_1);
      switch (n) {
        case "redis-ver" -> engine.log().notice("Loading RDB produced by version " + v);
        case "ctime" -> {
          Long ctime = parse(v);
          if (ctime != null) {
            engine.log().notice("RDB age " + (nowMs / 1000 - ctime) + " seconds");
          }
        }
        case "used-mem" -> {
          Long used = parse(v);
          if (used != null) {
            engine
                .log()
                .notice(
                    String.format(
                        Locale.ROOT, "RDB memory usage when created %.2f Mb", used / 1048576.0));
          }
        }
        case "repl-id" -> replId = v;
        case "repl-offset" -> {
          Long off = parse(v);
          replOffset = off == null ? -1 : off;
        }
        case "repl-stream-db" -> {
          Long db = parse(v);
          replStreamDb = db == null ? -1 : db.intValue();
        }
        default -> {}
      }
    }

    private static Long parse(String v) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    @Override
    public void resizeDb(long keys, long keysWithExpiry) {
      // As Redis: size the table once instead of growing it through a dozen rehashes.
      keyspace.db(currentDb).reserve(keys);
    }

    @Override
    public void selectDb(int db) {
      currentDb = db;
      if (db < 0 || db >= keyspace.databaseCount()) {
        throw new PersistenceException(
            "Can't load the RDB file "
                + file
                + ": it holds database "
                + db
                + " but this node has "
                + keyspace.databaseCount()
                + " databases (raise 'databases' to load it)");
      }
    }

    @Override
    public void key(RdbKey k) {
      if (dropExpired && k.hasExpiry() && k.expireAtMs() < nowMs) {
        expired++;
        return;
      }
      Database db = keyspace.db(k.db());
      if (replaceDuplicates) {
        db.delete(k.key());
      }
      Entry e = db.load(k.key(), k.value(), k.hasExpiry() ? k.expireAtMs() : Entry.NO_EXPIRY);
      if (e == null) {
        throw new PersistenceException(
            "Can't load the RDB file "
                + file
                + ": duplicated key '"
                + new String(k.key(), StandardCharsets.UTF_8)
                + "' in database "
                + k.db());
      }
      applyAccessClock(e, k);
      loaded++;
    }

    /** The stored LFU counter under an LFU policy, the stored idle time otherwise (as RESTORE). */
    private void applyAccessClock(Entry e, RdbKey k) {
      AccessClock clock = keyspace.accessClock();
      if (clock.lfu) {
        if (k.frequency() >= 0) {
          e.setAccessClock((clock.initial() & ~0xFF) | (k.frequency() & 0xFF));
        }
      } else if (k.idleSeconds() >= 0) {
        long accessed = AccessClock.lruNow() - k.idleSeconds();
        if (accessed < 0) {
          accessed += AccessClock.LRU_MAX; // the clock wraps, as Redis's does
        }
        e.setAccessClock((int) (accessed & AccessClock.LRU_MAX));
      }
    }

    @Override
    public void emptyKeySkipped(int db, byte[] key) {
      emptySkipped++;
      engine
          .log()
          .warning("rdbLoadObject skipping empty key: " + new String(key, StandardCharsets.UTF_8));
    }
  }
}
