package io.banyan.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.transactions.TestOnlyCommands;
import io.banyan.node.config.EvictionPolicy;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Database;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** maxmemory policies: which keys go, what is refused, and what the eviction tells others. */
class EvictionTest extends ServerTestBase {
  private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
  private static final String VALUE = "v".repeat(200);

  private final List<String> propagated = new ArrayList<>();

  @Override
  protected void configure(ServerConfig config) {
    config.hz = 50;
  }

  @Override
  protected void addTestCommands(CommandTable table) {
    TestOnlyCommands.register(table);
  }

  @BeforeEach
  void resetLimits() throws Exception {
    on(
        () -> {
          ServerConfig c = server.engine().config();
          c.maxMemory = 0;
          c.maxMemoryPolicy = EvictionPolicy.NOEVICTION;
          c.maxMemorySamples = 5;
          c.maxMemoryEvictionTenacity = 10;
          server.engine().keyspace().accessClock().lfu = false;
          server.engine().stats().evictedKeys = 0;
          propagated.clear();
          server.engine().setPropagator((db, argv) -> propagated.add(describe(argv)));
          return null;
        });
  }

  @AfterEach
  void removeLimit() throws Exception {
    on(
        () -> {
          server.engine().config().maxMemory = 0;
          server.engine().setPropagator(Propagator.NONE);
          return null;
        });
  }

  @Test
  void noevictionRefusesWritesButServesReads() throws Exception {
    fill("k", 50, 0);
    limitTo(used() / 2, EvictionPolicy.NOEVICTION);
    RespClient c = resp();
    assertThat(c.call("SET", "new", "x")).isEqualTo(new Err(OOM));
    assertThat(RespClient.str(c.call("GET", "k1"))).isEqualTo(VALUE);
    assertThat(c.call("PING")).isEqualTo("PONG");
    assertThat(keyCount()).isEqualTo(50);
    assertThat(evicted()).isZero();
  }

  @Test
  void allkeysRandomEvictsUntilUnderTheLimit() throws Exception {
    fill("k", 200, 0);
    long limit = used() * 6 / 10;
    limitTo(limit, EvictionPolicy.ALLKEYS_RANDOM);
    assertThat(resp().call("SET", "new", "x")).isEqualTo("OK");
    awaitUnder(limit);
    assertThat(keyCount()).isLessThan(200);
    assertThat(evicted()).isGreaterThan(0);
  }

  @Test
  void volatilePoliciesOnlyEvictKeysWithATimeToLive() throws Exception {
    for (EvictionPolicy p :
        List.of(
            EvictionPolicy.VOLATILE_RANDOM,
            EvictionPolicy.VOLATILE_LRU,
            EvictionPolicy.VOLATILE_LFU,
            EvictionPolicy.VOLATILE_TTL)) {
      on(
          () -> {
            server.engine().config().maxMemory = 0;
            server.engine().keyspace().flushAll();
            return null;
          });
      fill("persistent", 100, 0);
      fill("volatile", 100, 3_600_000);
      long limit = used() * 75 / 100;
      limitTo(limit, p);
      assertThat(resp().call("SET", "trigger", "x")).as(p.wireName()).isEqualTo("OK");
      awaitUnder(limit);
      for (int i = 0; i < 100; i++) {
        assertThat(exists("persistent" + i)).as(p.wireName() + " persistent" + i).isTrue();
      }
      assertThat(countExisting("volatile", 100)).as(p.wireName()).isLessThan(100);
    }
  }

  @Test
  void volatilePolicyWithNoVolatileKeysLeftRefusesWrites() throws Exception {
    fill("persistent", 50, 0);
    fill("volatile", 5, 3_600_000);
    limitTo(used() / 2, EvictionPolicy.VOLATILE_LRU);
    RespClient c = resp();
    assertThat(c.call("SET", "new", "x")).isEqualTo(new Err(OOM));
    assertThat(countExisting("volatile", 5)).isZero();
    assertThat(countExisting("persistent", 50)).isEqualTo(50);
    assertThat(RespClient.str(c.call("GET", "persistent1"))).isEqualTo(VALUE);
  }

  @Test
  void volatileTtlEvictsTheNearestExpiriesFirst() throws Exception {
    fill("persistent", 50, 0);
    Jedis j = jedis();
    Pipeline p = j.pipelined();
    for (int i = 0; i < 100; i++) {
      p.set("ttl" + i, VALUE);
      p.sendCommand(() -> "test-pexpire".getBytes(), "ttl" + i, Long.toString((i + 1) * 1000_000L));
    }
    p.sync();
    on(
        () -> {
          server.engine().config().maxMemorySamples = 20;
          return null;
        });
    long limit = used() - 20 * perKeyBytes();
    limitTo(limit, EvictionPolicy.VOLATILE_TTL);
    resp().call("PING");
    awaitUnder(limit);
    assertThat(countExisting("ttl", 100)).isLessThan(100);
    // Approximated, but the later half of the expiries is never reached.
    for (int i = 50; i < 100; i++) {
      assertThat(exists("ttl" + i)).as("ttl" + i).isTrue();
    }
    assertThat(countExisting("persistent", 50)).isEqualTo(50);
  }

  @Test
  void allkeysLruKeepsRecentlyReadKeys() throws Exception {
    fill("k", 100, 0);
    // Age every key by 1000 seconds, then read a few: those become the most recently used.
    on(
        () -> {
          int old = (AccessClock.lruNow() - 1000) & AccessClock.LRU_MAX;
          server.engine().keyspace().db(0).forEach(e -> e.setAccessClock(old));
          return null;
        });
    RespClient c = resp();
    for (int i = 0; i < 20; i++) {
      c.call("GET", "k" + i);
    }
    long limit = used() - 40 * perKeyBytes();
    limitTo(limit, EvictionPolicy.ALLKEYS_LRU);
    c.call("PING");
    awaitUnder(limit);
    for (int i = 0; i < 20; i++) {
      assertThat(exists("k" + i)).as("recently read k" + i).isTrue();
    }
    assertThat(countExisting("k", 100)).isLessThan(100);
  }

  @Test
  void allkeysLfuKeepsFrequentlyUsedKeys() throws Exception {
    fill("k", 100, 0);
    on(
        () -> {
          int minutes = (int) ((System.currentTimeMillis() / 60_000) & 0xFFFF);
          Database db = server.engine().keyspace().db(0);
          db.forEach(
              e -> {
                int index =
                    Integer.parseInt(new String(e.key, StandardCharsets.UTF_8).substring(1));
                int counter = index < 20 ? 200 : 1;
                e.setAccessClock((minutes << 8) | counter);
              });
          return null;
        });
    long limit = used() - 40 * perKeyBytes();
    limitTo(limit, EvictionPolicy.ALLKEYS_LFU);
    resp().call("PING");
    awaitUnder(limit);
    for (int i = 0; i < 20; i++) {
      assertThat(exists("k" + i)).as("hot k" + i).isTrue();
    }
    assertThat(countExisting("k", 100)).isLessThan(100);
  }

  @Test
  void evictionsPropagateAsDelCountAndInvalidateWatches() throws Exception {
    fill("k", 30, 0);
    RespClient watcher = resp();
    watcher.call("WATCH", "k1");
    on(
        () -> {
          propagated.clear();
          return null;
        });
    limitTo(1, EvictionPolicy.ALLKEYS_RANDOM);
    RespClient c = resp();
    c.call("PING");
    await().until(() -> keyCount() == 0); // everything had to go
    assertThat(c.call("GET", "k1")).isNull();
    assertThat(evicted()).isEqualTo(30);
    List<String> dels = on(() -> new ArrayList<>(propagated));
    assertThat(dels).hasSize(30).allMatch(s -> s.startsWith("DEL k"));
    watcher.call("MULTI");
    assertThat(watcher.call("EXEC")).isNull();
  }

  @Test
  void theCronEvictsWithoutAnyCommand() throws Exception {
    fill("k", 100, 0);
    long limit = used() / 2;
    limitTo(limit, EvictionPolicy.ALLKEYS_RANDOM);
    awaitUnder(limit);
    assertThat(evicted()).isGreaterThan(0);
  }

  @Test
  void whenTheTimeBudgetRunsOutTheCommandRunsAndEvictionContinues() throws Exception {
    fill("k", 2000, 0);
    long limit = used() / 10;
    on(
        () -> {
          server.engine().config().maxMemoryEvictionTenacity = 0;
          return null;
        });
    limitTo(limit, EvictionPolicy.ALLKEYS_RANDOM);
    // Tenacity 0 stops after 16 keys: still over, but eviction is running, so not OOM.
    assertThat(resp().call("SET", "new", "x")).isEqualTo("OK");
    awaitUnder(limit);
  }

  @Test
  void tenacityBudgetFollowsRedis() {
    assertThat(Evictor.timeLimitNanos(10)).isEqualTo(500_000L);
    assertThat(Evictor.timeLimitNanos(1)).isEqualTo(50_000L);
    assertThat(Evictor.timeLimitNanos(20)).isEqualTo((long) (500_000 * Math.pow(1.15, 10)));
    assertThat(Evictor.timeLimitNanos(100)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void poolKeepsTheBestCandidatesInOrder() {
    EvictionPool pool = new EvictionPool();
    for (int i = 0; i < 40; i++) {
      pool.offer(0, ("k" + i).getBytes(), (i * 7919L) % 101);
    }
    assertThat(pool.size()).isEqualTo(EvictionPool.CAPACITY);
    long previous = Long.MAX_VALUE;
    List<Long> scores = new ArrayList<>();
    while (pool.size() > 0) {
      long s = pool.bestScore();
      assertThat(s).isLessThanOrEqualTo(previous);
      scores.add(s);
      previous = s;
      pool.removeBest();
    }
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add((i * 7919L) % 101);
    }
    all.sort(java.util.Comparator.reverseOrder());
    assertThat(scores).isEqualTo(all.subList(0, EvictionPool.CAPACITY));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void fill(String prefix, int n, long ttlMs) {
    Jedis j = jedis();
    Pipeline p = j.pipelined();
    for (int i = 0; i < n; i++) {
      p.set(prefix + i, VALUE);
      if (ttlMs > 0) {
        p.sendCommand(() -> "test-pexpire".getBytes(), prefix + i, Long.toString(ttlMs));
      }
    }
    p.sync();
  }

  private long perKeyBytes() throws Exception {
    return on(() -> Database.memoryUsage(server.engine().keyspace().db(0).randomEntry()));
  }

  private void limitTo(long bytes, EvictionPolicy policy) throws Exception {
    on(
        () -> {
          server.engine().config().maxMemoryPolicy = policy;
          server.engine().config().maxMemory = bytes;
          return null;
        });
  }

  private void awaitUnder(long limit) {
    await().until(() -> used() <= limit);
  }

  private long used() throws Exception {
    return on(() -> server.engine().usedMemory());
  }

  private long evicted() throws Exception {
    return on(() -> server.engine().stats().evictedKeys);
  }

  private int keyCount() throws Exception {
    return on(() -> server.engine().keyspace().db(0).size());
  }

  private boolean exists(String key) throws Exception {
    return on(() -> server.engine().keyspace().db(0).peek(key.getBytes()) != null);
  }

  private int countExisting(String prefix, int n) throws Exception {
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (exists(prefix + i)) {
        count++;
      }
    }
    return count;
  }

  private <T> T on(Callable<T> task) throws Exception {
    return server.onCommandThread(task);
  }

  private static String describe(byte[][] argv) {
    StringBuilder sb = new StringBuilder();
    for (byte[] a : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(new String(a, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
