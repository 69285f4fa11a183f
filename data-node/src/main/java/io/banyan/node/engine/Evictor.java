package io.banyan.node.engine;

import io.banyan.node.config.EvictionPolicy;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;

/**
 * Keeps memory under {@code maxmemory} by evicting keys according to {@code maxmemory-policy}, with
 * Redis's approximated algorithms: random policies pick a random key (from all keys, or from keys
 * with a time to live); LRU, LFU and TTL policies sample {@code maxmemory-samples} keys per
 * database into an {@link EvictionPool} and evict its best candidate, round after round, until
 * memory is under the limit.
 *
 * <p>One call works for at most the time {@code maxmemory-eviction-tenacity} allows; if memory is
 * still over the limit then, the work continues in a task scheduled right after (and in the cron),
 * and the command that triggered it is let through, as Redis does. Each evicted key is deleted
 * through {@link Database#delete} (so WATCH sees it), propagated as DEL and counted in {@code
 * evicted_keys}.
 *
 * <p>Command-execution thread only.
 */
public final class Evictor {
  /** The outcome of an eviction attempt, as Redis's performEvictions reports it. */
  enum Result {
    /** Memory is within the limit (or eviction does not apply now). */
    OK,
    /** Still over the limit, out of time; eviction continues in the background. */
    RUNNING,
    /** Over the limit and nothing can be evicted (noeviction, or no candidate keys). */
    FAIL
  }

  /** The time limit is checked once per this many evicted keys. */
  private static final int KEYS_PER_TIME_CHECK = 16;

  /** Rounds of sampling that may find only stale pool entries before giving up. */
  private static final int MAX_STALE_ROUNDS = 64;

  private final Engine engine;
  private final EvictionPool pool = new EvictionPool();
  private int nextRandomDb;
  private boolean continuationScheduled;

  Evictor(Engine engine) {
    this.engine = engine;
  }

  /**
   * Evicts keys until used memory is within maxmemory, as the policy allows. Returns false when
   * memory is still over the limit and nothing more can be evicted (noeviction, or no candidate
   * left); a command flagged denyoom is then refused.
   */
  public boolean freeMemoryIfNeeded() {
    return performEvictions() != Result.FAIL;
  }

  void cronTick() {
    syncClockMode();
    if (engine.usedMemory() > engine.memoryLimit()) {
      performEvictions();
    }
  }

  /**
   * Keeps the keyspace's access clock in the mode the policy needs (LFU counters for *-lfu, LRU
   * timestamps otherwise), so eviction scores are read in the format they were written in.
   */
  private void syncClockMode() {
    AccessClock clock = engine.keyspace().accessClock();
    boolean lfu = engine.config().maxMemoryPolicy.lfu();
    if (clock.lfu != lfu) {
      clock.lfu = lfu;
    }
  }

  Result performEvictions() {
    ServerConfig config = engine.config();
    long max = engine.memoryLimit();
    if (max == Long.MAX_VALUE || !safeToEvict()) {
      return Result.OK;
    }
    if (engine.usedMemory() <= max) {
      return Result.OK;
    }
    EvictionPolicy policy = config.maxMemoryPolicy;
    if (policy == EvictionPolicy.NOEVICTION) {
      return Result.FAIL;
    }
    syncClockMode();
    long start = System.nanoTime();
    long limitNanos = timeLimitNanos(config.maxMemoryEvictionTenacity);
    long evicted = 0;
    while (engine.usedMemory() > max) {
      boolean freed = policy.random() ? evictRandom(policy) : evictFromPool(policy, config);
      if (!freed) {
        return Result.FAIL;
      }
      evicted++;
      if (evicted % KEYS_PER_TIME_CHECK == 0
          && System.nanoTime() - start > limitNanos
          && engine.usedMemory() > max) {
        scheduleContinuation();
        return Result.RUNNING;
      }
    }
    return Result.OK;
  }

  /**
   * Eviction is suspended on a replica (its master's DELs keep it in line, as with Redis's default
   * replica-ignore-maxmemory) and while clients are paused (the dataset must stay still).
   */
  private boolean safeToEvict() {
    return !engine.keyspace().isExpiryFollower() && !engine.pause().active();
  }

  /** Redis's budget per eviction call: 50µs per tenacity step up to 10, then +15% per step. */
  static long timeLimitNanos(int tenacity) {
    if (tenacity <= 10) {
      return 50_000L * Math.max(0, tenacity);
    }
    if (tenacity < 100) {
      return (long) (500_000.0 * Math.pow(1.15, tenacity - 10.0));
    }
    return Long.MAX_VALUE;
  }

  private void scheduleContinuation() {
    if (continuationScheduled) {
      return;
    }
    continuationScheduled = true;
    engine
        .eventLoop()
        .execute(
            () -> {
              continuationScheduled = false;
              performEvictions();
            });
  }

  // ---- random policies -----------------------------------------------------------------------

  /** Evicts one random key (visiting databases round-robin); false when there is none. */
  private boolean evictRandom(EvictionPolicy policy) {
    Keyspace ks = engine.keyspace();
    int n = ks.databaseCount();
    for (int i = 0; i < n; i++) {
      nextRandomDb = (nextRandomDb + 1) % n;
      Database db = ks.db(nextRandomDb);
      Entry e = policy.allKeys() ? db.randomEntry() : db.randomVolatile();
      if (e != null) {
        evict(db, e.key);
        return true;
      }
    }
    return false;
  }

  // ---- LRU, LFU, TTL policies ----------------------------------------------------------------

  /** Samples into the pool and evicts its best live candidate; false when there is none. */
  private boolean evictFromPool(EvictionPolicy policy, ServerConfig config) {
    Keyspace ks = engine.keyspace();
    int samples = Math.max(1, Math.min(64, config.maxMemorySamples));
    for (int round = 0; round < MAX_STALE_ROUNDS; round++) {
      long candidates = 0;
      for (int i = 0; i < ks.databaseCount(); i++) {
        Database db = ks.db(i);
        int size = policy.allKeys() ? db.size() : db.volatileCount();
        if (size > 0) {
          populate(db, policy, samples);
          candidates += size;
        }
      }
      if (candidates == 0) {
        pool.clear();
        return false;
      }
      while (pool.size() > 0) {
        Database db = ks.db(pool.bestDb());
        byte[] key = pool.bestKey();
        pool.removeBest();
        Entry e = db.peek(key);
        if (e != null && (policy.allKeys() || e.hasExpiry())) {
          evict(db, key);
          return true;
        }
        // Stale: deleted, or lost its TTL, since it was sampled.
      }
    }
    return false;
  }

  private void populate(Database db, EvictionPolicy policy, int samples) {
    for (int i = 0; i < samples; i++) {
      Entry e = policy.allKeys() ? db.randomEntry() : db.randomVolatile();
      if (e == null) {
        return;
      }
      pool.offer(db.index(), e.key, score(e, policy));
    }
  }

  /** Higher is a better victim: idle seconds, rarity of access, or nearness of expiry. */
  private long score(Entry e, EvictionPolicy policy) {
    return switch (policy) {
      case VOLATILE_TTL -> Long.MAX_VALUE - e.expireAtMs();
      case ALLKEYS_LFU, VOLATILE_LFU ->
          255 - engine.keyspace().accessClock().decayedCounter(e.accessClock());
      default -> AccessClock.idleSeconds(e.accessClock());
    };
  }

  private void evict(Database db, byte[] key) {
    // delete() applies lazy expiry first: an already expired key is removed (and propagated) as
    // an expiry, which frees the memory just the same but is not counted as an eviction.
    if (db.delete(key)) {
      engine.propagate(db.index(), new byte[][] {Bytes.utf8("DEL"), key});
      engine.stats().evictedKeys++;
    }
  }
}
