package io.banyan.node.persistence.rdb;

import static io.banyan.node.persistence.rdb.RdbTestData.canonical;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.testing.RedisServerProcess;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Interoperability with a real redis-server 7.0: our DUMP bytes equal Redis's for the same value,
 * files Redis writes read back with identical contents, and files we write pass redis-check-rdb and
 * load into Redis with identical contents, expiries and encodings. Sorted sets are covered by
 * {@link RdbRedisZSetInteropTest}.
 */
class RdbRedisInteropTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  @BeforeAll
  static void redisDefaultLimits() {
    RdbTestData.useRedisDefaultLimits();
  }

  /** One key of a test dataset. */
  record Key(int db, byte[] name, Object value, long expireAtMs) {}

  /** Strings, lists, sets and hashes in every encoding and at the sizes where they change. */
  static List<Key> dataset(long seed) {
    Random r = new Random(seed);
    List<Key> keys = new ArrayList<>();
    long future = System.currentTimeMillis() + 3_600_000;
    int n = 0;
    for (int db : new int[] {0, 3, 15}) {
      for (int i = 0; i < 40; i++) {
        keys.add(key(db, "s" + n++, RdbTestData.randomString(r), r, future));
      }
      for (long v : RdbTestData.EDGE_INTEGERS) {
        keys.add(key(db, "int" + n++, Bytes.fromLong(v).clone(), r, future));
      }
      keys.add(key(db, "bigstr" + n++, RdbTestData.randomBytes(r, 300_000), r, future));
      keys.add(key(db, "zipstr" + n++, Bytes.utf8("redis ".repeat(50_000)), r, future));
      for (int size : new int[] {1, 5, 130, 900, 5000}) {
        keys.add(key(db, "list" + n++, RdbTestData.randomList(r, size), r, future));
      }
      for (int size : new int[] {1, 100, 512, 513}) {
        keys.add(key(db, "iset" + n++, RdbTestData.randomIntSet(r, size), r, future));
      }
      for (int size : new int[] {1, 60}) {
        keys.add(key(db, "set" + n++, RdbTestData.randomSet(r, size), r, future));
      }
      for (int size : new int[] {1, 128, 512, 513}) {
        keys.add(key(db, "hash" + n++, RdbTestData.randomHash(r, size, 64), r, future));
      }
      keys.add(key(db, "hashlong" + n++, RdbTestData.randomHash(r, 10, 100), r, future));
    }
    keys.add(new Key(1, Bytes.EMPTY, Bytes.utf8("empty key"), -1));
    keys.add(new Key(1, RdbTestData.randomBytes(r, 40), Bytes.EMPTY, -1));
    return keys;
  }

  private static Key key(int db, String name, Object value, Random r, long future) {
    long expire = r.nextInt(4) == 0 ? future + r.nextInt(1_000_000) : -1;
    return new Key(db, Bytes.utf8(name), value, expire);
  }

  static void populate(Jedis redis, List<Key> keys) {
    for (Key k : keys) {
      redis.select(k.db());
      RdbTestData.store(redis, k.name(), k.value());
      if (k.expireAtMs() >= 0) {
        redis.pexpireAt(k.name(), k.expireAtMs());
      }
    }
  }

  /** Checks that Redis holds exactly the dataset: contents, expiries, encodings, no extra keys. */
  static void assertRedisHolds(Jedis redis, List<Key> keys) {
    Map<Integer, Integer> perDb = new HashMap<>();
    for (Key k : keys) {
      perDb.merge(k.db(), 1, Integer::sum);
      redis.select(k.db());
      String what = k.db() + "/" + RdbTestData.text(k.name());
      assertThat(canonical(redis, k.name())).as(what).isEqualTo(canonical(k.value()));
      assertThat(redis.pexpireTime(k.name())).as(what).isEqualTo(k.expireAtMs());
      if (k.value() instanceof CompositeValue c) {
        assertThat(redis.objectEncoding(RdbTestData.text(k.name())))
            .as(what)
            .isEqualTo(c.encoding());
      }
    }
    for (int db = 0; db < 16; db++) {
      redis.select(db);
      assertThat(redis.dbSize()).as("db %d", db).isEqualTo((long) perDb.getOrDefault(db, 0));
    }
  }

  static void writeFile(Path file, List<Key> keys, RdbOptions options) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      RdbWriter w = new RdbWriter(out, options);
      w.writeHeader(RdbAux.now(1 << 20));
      RdbEncoder encoder = new RdbEncoder(options);
      RdbBuffer chunk = new RdbBuffer();
      for (int db = 0; db < 16; db++) {
        int d = db;
        List<Key> inDb = keys.stream().filter(k -> k.db() == d).toList();
        if (inDb.isEmpty()) {
          continue;
        }
        long volatileKeys = inDb.stream().filter(k -> k.expireAtMs() >= 0).count();
        // the snapshot's way: encode into a buffer, hand the bytes to the writer
        encoder.writeSelectDb(chunk, db);
        encoder.writeResizeDb(chunk, inDb.size(), volatileKeys);
        for (Key k : inDb) {
          encoder.writeKey(chunk, k.name(), k.value(), k.expireAtMs(), -1, -1);
          w.writeEncoded(chunk.array(), 0, chunk.size());
          chunk.reset();
        }
      }
      w.finish();
    }
  }

  /** Reads a file into (db, key) → RdbKey. */
  static Map<String, RdbKey> readFile(Path file) throws IOException {
    Map<String, RdbKey> out = new HashMap<>();
    RdbReader.Result r =
        RdbReader.read(
            file,
            true,
            k -> {
              String id = k.db() + "/" + RdbTestData.text(k.key());
              assertThat(out.put(id, k)).as("duplicate %s", id).isNull();
            });
    assertThat(r.checksum()).isEqualTo(RdbReader.Checksum.VERIFIED);
    return out;
  }

  static String checkRdb(Path file) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  // ---- tests ---------------------------------------------------------------------------------

  @Test
  void dumpPayloadsEqualRedisByteForByte() throws IOException {
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      Random r = new Random(21);
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        values.add(RdbTestData.randomString(r));
      }
      for (int size : new int[] {1, 2, 50, 128, 129, 700, 3000, 20_000}) {
        values.add(RdbTestData.randomList(r, size));
        values.add(RdbTestData.randomIntSet(r, Math.min(size, 600)));
        values.add(RdbTestData.randomHash(r, Math.min(size, 600), 64));
      }
      values.add(RdbTestData.randomBytes(r, 1 << 20));
      values.add(Bytes.utf8("compressible ".repeat(100_000)));
      int identical = 0;
      for (int i = 0; i < values.size(); i++) {
        byte[] key = Bytes.utf8("k" + i);
        Object value = values.get(i);
        RdbTestData.store(j, key, value);
        byte[] theirs = j.dump(key);
        byte[] ours = new RdbEncoder(RdbOptions.DEFAULTS).dump(value);
        if ((value instanceof SetValue s && !s.isIntset())
            || (value instanceof HashValue h && !h.isListpack())) {
          // hashtable order is the dict's: compare the type and the contents only
          assertThat(ours[0]).isEqualTo(theirs[0]);
          assertThat(canonical(DumpPayload.decode(theirs, key))).isEqualTo(canonical(value));
          identical++;
        } else if (DumpStructure.assertEquivalent(ours, theirs, "value " + i)) {
          identical++;
        }
      }
      // Only rare LZF-internal differences are tolerated (see DumpStructure).
      assertThat(identical).isGreaterThan(values.size() * 9 / 10);
    }
  }

  @Test
  void listNodeLayoutFollowsListMaxListpackSizeAndCompressDepth() throws IOException {
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      Random r = new Random(22);
      List<ListValue> lists = new ArrayList<>();
      for (int size : new int[] {1, 3, 40, 200, 2000}) {
        lists.add(RdbTestData.randomList(r, size));
      }
      int[][] configs = {{-1, 0}, {-3, 0}, {-5, 1}, {1, 0}, {5, 2}, {100, 1}, {0, 0}, {-2, 3}};
      for (int[] cfg : configs) {
        for (boolean compression : new boolean[] {true, false}) {
          j.configSet("list-max-listpack-size", Integer.toString(cfg[0]));
          j.configSet("list-compress-depth", Integer.toString(cfg[1]));
          j.configSet("rdbcompression", compression ? "yes" : "no");
          RdbEncoder ours = new RdbEncoder(new RdbOptions(compression, true, cfg[0], cfg[1]));
          for (int i = 0; i < lists.size(); i++) {
            byte[] key = Bytes.utf8("l");
            j.del(key);
            RdbTestData.store(j, key, lists.get(i));
            DumpStructure.assertEquivalent(
                ours.dump(lists.get(i)),
                j.dump(key),
                "list " + i + ", fill " + cfg[0] + ", depth " + cfg[1] + ", lzf " + compression);
          }
        }
      }
    }
  }

  @Test
  void redisDumpsRestoreHereWithIdenticalContents() throws IOException {
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      List<Key> keys = dataset(23);
      populate(j, keys);
      for (Key k : keys) {
        j.select(k.db());
        byte[] payload = j.dump(k.name());
        assertThat(DumpPayload.verify(payload)).isTrue();
        Object value = DumpPayload.decode(payload, k.name());
        assertThat(canonical(value)).isEqualTo(canonical(k.value()));
        assertThat(encodingOf(value)).isEqualTo(encodingOf(k.value()));
      }
    }
  }

  private static String encodingOf(Object v) {
    return v instanceof CompositeValue c ? c.encoding() : "string";
  }

  @Test
  void filesRedisWritesReadWithIdenticalContents() throws IOException {
    List<Key> keys = dataset(24);
    try (RedisServerProcess redis = RedisServerProcess.start(dir)) {
      Jedis j = redis.jedis();
      populate(j, keys);
      assertThat(j.save()).isEqualTo("OK");
    }
    Map<String, RdbKey> read = readFile(dir.resolve("dump.rdb"));
    assertThat(read).hasSameSizeAs(keys);
    for (Key k : keys) {
      RdbKey got = read.get(k.db() + "/" + RdbTestData.text(k.name()));
      assertThat(got).as(RdbTestData.text(k.name())).isNotNull();
      assertThat(canonical(got.value())).isEqualTo(canonical(k.value()));
      assertThat(encodingOf(got.value())).isEqualTo(encodingOf(k.value()));
      assertThat(got.expireAtMs()).isEqualTo(k.expireAtMs());
      assertThat(got.idleSeconds()).isEqualTo(-1);
      assertThat(got.frequency()).isEqualTo(-1);
    }
  }

  @Test
  void filesWeWritePassRedisCheckRdbAndLoadIntoRedis() throws Exception {
    List<Key> keys = dataset(25);
    for (RdbOptions options :
        new RdbOptions[] {RdbOptions.DEFAULTS, new RdbOptions(false, false, -1, 2)}) {
      Path file = dir.resolve("ours.rdb");
      writeFile(file, keys, options);
      String report = checkRdb(file);
      assertThat(report).contains("RDB looks OK");
      try (RedisServerProcess redis =
          RedisServerProcess.start(
              dir,
              "--dbfilename",
              "ours.rdb",
              "--list-max-listpack-size",
              Integer.toString(options.listMaxListpackSize()),
              "--list-compress-depth",
              Integer.toString(options.listCompressDepth()))) {
        Jedis j = redis.jedis();
        assertRedisHolds(j, keys);
        // and what Redis writes back from it is what we write, byte for byte, key by key
        j.configSet("rdbcompression", options.compression() ? "yes" : "no");
        RdbEncoder encoder = new RdbEncoder(options);
        for (Key k : keys) {
          j.select(k.db());
          if (k.value() instanceof byte[]
              || k.value() instanceof ListValue
              || (k.value() instanceof SetValue s && s.isIntset())
              || (k.value() instanceof HashValue h && h.isListpack())) {
            DumpStructure.assertEquivalent(
                encoder.dump(k.value()), j.dump(k.name()), RdbTestData.text(k.name()));
          }
        }
      }
    }
  }

  @Test
  void lruIdleAndLfuFrequencyTravelBothWays() throws Exception {
    // Redis writes IDLE under an LRU policy and FREQ under an LFU policy.
    for (String policy : new String[] {"allkeys-lru", "allkeys-lfu"}) {
      Path sub = Files.createDirectories(dir.resolve(policy));
      try (RedisServerProcess redis = RedisServerProcess.start(sub, "--maxmemory-policy", policy)) {
        Jedis j = redis.jedis();
        j.set("a", "1");
        j.set("b", "2");
        j.save();
      }
      Map<String, RdbKey> read = readFile(sub.resolve("dump.rdb"));
      for (RdbKey k : read.values()) {
        if (policy.endsWith("lru")) {
          assertThat(k.idleSeconds()).isBetween(0L, 60L);
          assertThat(k.frequency()).isEqualTo(-1);
        } else {
          assertThat(k.frequency()).isBetween(0, 255);
          assertThat(k.idleSeconds()).isEqualTo(-1);
        }
      }
      // and Redis loads ours: IDLE 5000 seconds, FREQ 77
      Path file = sub.resolve("ours.rdb");
      try (OutputStream out = Files.newOutputStream(file)) {
        RdbWriter w = new RdbWriter(out, RdbOptions.DEFAULTS);
        w.writeHeader(RdbAux.now(0));
        w.selectDb(0, 1, 0);
        boolean lru = policy.endsWith("lru");
        w.writeKey(Bytes.utf8("k"), Bytes.utf8("v"), -1, lru ? 5000 : -1, lru ? -1 : 77);
        w.finish();
      }
      checkRdb(file);
      try (RedisServerProcess redis =
          RedisServerProcess.start(sub, "--maxmemory-policy", policy, "--dbfilename", "ours.rdb")) {
        Jedis j = redis.jedis();
        if (policy.endsWith("lru")) {
          assertThat(j.objectIdletime("k")).isBetween(5000L, 5060L);
        } else {
          assertThat(j.objectFreq("k")).isEqualTo(77L);
        }
      }
    }
  }

  @Test
  void aofPreambleWrittenByRedisReads() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start(dir, "--appendonly", "yes")) {
      Jedis j = redis.jedis();
      j.set("x", "1");
      j.rpush("l", "a", "b");
      j.bgrewriteaof();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(20))
          .until(
              () ->
                  j.info("persistence").contains("aof_rewrite_in_progress:0")
                      && !j.info("persistence").contains("aof_rewrite_scheduled:1")
                      && Files.list(dir.resolve("appendonlydir"))
                          .anyMatch(
                              p ->
                                  p.toString().endsWith(".base.rdb")
                                      && !p.toString().contains(".1.base")));
    }
    Path base;
    try (var files = Files.list(dir.resolve("appendonlydir"))) {
      base =
          files.filter(p -> p.toString().endsWith(".base.rdb")).max(Path::compareTo).orElseThrow();
    }
    Map<String, String> aux = new HashMap<>();
    List<String> keys = new ArrayList<>();
    RdbReader.read(
        base,
        true,
        new RdbVisitor() {
          @Override
          public void aux(byte[] name, byte[] value) {
            aux.put(Bytes.str(name), Bytes.str(value));
          }

          @Override
          public void key(RdbKey key) {
            keys.add(Bytes.str(key.key()));
          }
        });
    assertThat(aux).containsEntry("aof-base", "1").containsEntry("redis-ver", "7.0.15");
    assertThat(keys).containsExactlyInAnyOrder("x", "l");
  }
}
