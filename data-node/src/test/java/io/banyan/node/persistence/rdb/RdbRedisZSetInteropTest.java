package io.banyan.node.persistence.rdb;

import static io.banyan.node.persistence.rdb.RdbTestData.canonical;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.persistence.rdb.RdbRedisInteropTest.Key;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ZSetValue;
import io.banyan.node.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Sorted sets against a real redis-server 7.0: listpack and skiplist encodings, edge scores
 * (infinities, -0, integral values, values that need 17 digits), in DUMP payloads and in files both
 * ways.
 */
class RdbRedisZSetInteropTest {
  @TempDir Path dir;

  @BeforeAll
  static void redisDefaultLimits() {
    RdbTestData.useRedisDefaultLimits();
  }

  private static List<Key> dataset(long seed) {
    Random r = new Random(seed);
    List<Key> keys = new ArrayList<>();
    int n = 0;
    for (int db : new int[] {0, 7}) {
      for (int size : new int[] {1, 10, 128, 129, 1000}) {
        keys.add(new Key(db, Bytes.utf8("z" + n++), RdbTestData.randomZSet(r, size, 40), -1));
      }
      keys.add(new Key(db, Bytes.utf8("zlong" + n++), RdbTestData.randomZSet(r, 5, 100), -1));
      ZSetValue edges = new ZSetValue();
      double[] scores = RdbTestData.EDGE_SCORES;
      for (int i = 0; i < scores.length; i++) {
        edges.add(Bytes.utf8("m" + i), scores[i]);
      }
      keys.add(new Key(db, Bytes.utf8("zedges" + n++), edges, System.currentTimeMillis() + 99_000));
    }
    return keys;
  }

  @Test
  void dumpPayloadsMatchRedis() throws IOException {
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      RdbEncoder encoder = new RdbEncoder(RdbOptions.DEFAULTS);
      for (Key k : dataset(31)) {
        RdbTestData.store(j, k.name(), k.value());
        byte[] theirs = j.dump(k.name());
        DumpStructure.assertEquivalent(encoder.dump(k.value()), theirs, RdbTestData.text(k.name()));
        Object back = DumpPayload.decode(theirs, k.name());
        assertThat(canonical(back)).isEqualTo(canonical(k.value()));
        assertThat(((ZSetValue) back).encoding()).isEqualTo(((ZSetValue) k.value()).encoding());
      }
    }
  }

  @Test
  void filesRedisWritesRead() throws IOException {
    List<Key> keys = dataset(32);
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      RdbRedisInteropTest.populate(j, keys);
      j.save();
    }
    Map<String, RdbKey> read = RdbRedisInteropTest.readFile(dir.resolve("dump.rdb"));
    assertThat(read).hasSameSizeAs(keys);
    for (Key k : keys) {
      RdbKey got = read.get(k.db() + "/" + RdbTestData.text(k.name()));
      assertThat(canonical(got.value())).isEqualTo(canonical(k.value()));
      assertThat(got.expireAtMs()).isEqualTo(k.expireAtMs());
    }
  }

  @Test
  void filesWeWriteLoadIntoRedis() throws Exception {
    List<Key> keys = dataset(33);
    Path file = dir.resolve("ours.rdb");
    RdbRedisInteropTest.writeFile(file, keys, RdbOptions.DEFAULTS);
    RdbRedisInteropTest.checkRdb(file);
    try (RedisServerProcess redis = RedisServerProcess.start(dir, "--dbfilename", "ours.rdb")) {
      RdbRedisInteropTest.assertRedisHolds(redis.jedis(), keys);
    }
  }
}
