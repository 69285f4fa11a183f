package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.CompositeValue;
import io.banyan.node.testing.RedisServerProcess;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/**
 * DUMP payloads travel between this node and a real redis-server 7.0 in both directions: every
 * type, small and large encodings, binary data, with RESTORE's TTL. Sorted sets have their own
 * test, which needs the sorted-set type.
 */
class DumpRestoreInteropTest extends ServerTestBase {
  @TempDir static Path dir;
  private static RedisServerProcess redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServerProcess.start(dir);
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(Random r, int n) {
    byte[] out = new byte[n];
    r.nextBytes(out);
    return out;
  }

  /** Fills a server with strings, lists, sets and hashes in every encoding; returns the keys. */
  private static List<byte[]> populate(Jedis j, long seed) {
    Random r = new Random(seed);
    List<byte[]> keys = new ArrayList<>();
    String[] strings = {
      "",
      "0",
      "-1",
      "127",
      "128",
      "32768",
      "-2147483648",
      "2147483648",
      "9223372036854775807",
      "007",
      "hello",
      "x".repeat(21),
      "abc".repeat(5000)
    };
    for (int i = 0; i < strings.length; i++) {
      keys.add(b("s" + i));
      j.set(b("s" + i), b(strings[i]));
    }
    keys.add(b("bin"));
    j.set(b("bin"), random(r, 5000));
    keys.add(random(r, 30));
    j.set(keys.get(keys.size() - 1), b("binary key"));
    for (int size : new int[] {1, 100, 5000}) {
      byte[] key = b("list" + size);
      keys.add(key);
      for (int i = 0; i < size; i++) {
        j.rpush(
            key,
            r.nextInt(10) == 0
                ? random(r, r.nextInt(12_000))
                : b(Long.toString(r.nextLong() >> r.nextInt(64))));
      }
    }
    for (int size : new int[] {1, 512, 513}) {
      byte[] key = b("iset" + size);
      keys.add(key);
      for (int i = 0; j.scard(key) < size; i++) {
        j.sadd(key, b(Integer.toString(r.nextInt(1_000_000) - 500_000)));
      }
    }
    byte[] set = b("set");
    keys.add(set);
    for (int i = 0; i < 50; i++) {
      j.sadd(set, random(r, 1 + r.nextInt(20)));
    }
    for (int size : new int[] {1, 512, 513}) {
      byte[] key = b("hash" + size);
      keys.add(key);
      for (int i = 0; i < size; i++) {
        j.hset(key, b("f" + i), random(r, r.nextInt(64)));
      }
    }
    byte[] wide = b("widehash");
    keys.add(wide);
    j.hset(wide, b("f"), random(r, 65));
    return keys;
  }

  /** Type and content of a key as a comparable value. */
  private static Object view(Jedis j, byte[] key) {
    String type = j.type(key);
    Object content =
        switch (type) {
          case "string" -> latin1(j.get(key));
          case "list" -> j.lrange(key, 0, -1).stream().map(DumpRestoreInteropTest::latin1).toList();
          case "set" ->
              new TreeSet<>(j.smembers(key).stream().map(DumpRestoreInteropTest::latin1).toList());
          case "hash" -> {
            TreeMap<String, String> m = new TreeMap<>();
            j.hgetAll(key).forEach((f, v) -> m.put(latin1(f), latin1(v)));
            yield m;
          }
          case "zset" -> {
            List<String> out = new ArrayList<>();
            for (Tuple t : j.zrangeWithScores(key, 0, -1)) {
              out.add(latin1(t.getBinaryElement()) + "=" + t.getScore());
            }
            yield out;
          }
          default -> null;
        };
    return type + ":" + content;
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Encoding of a key on this node (OBJECT is not part of this branch): read in-process. */
  private String ourEncoding(byte[] key) throws Exception {
    return server.onCommandThread(
        () -> {
          Object v = server.engine().keyspace().db(0).lookup(key).value();
          return v instanceof CompositeValue c ? c.encoding() : null;
        });
  }

  private void copyAll(Jedis from, Jedis to, List<byte[]> keys, boolean toRedis) throws Exception {
    for (byte[] key : keys) {
      byte[] payload = from.dump(key);
      assertThat(to.restore(key, 777_000, payload)).isEqualTo("OK");
      assertThat(view(to, key)).isEqualTo(view(from, key));
      assertThat(to.pttl(key)).isBetween(700_000L, 777_000L);
      String ours = ourEncoding(key);
      if (ours != null) {
        assertThat(latin1(redis.jedis().objectEncoding(key))).isEqualTo(ours);
      }
    }
  }

  @Test
  void redisPayloadsRestoreHere() throws Exception {
    Jedis theirs = redis.jedis();
    theirs.flushAll();
    List<byte[]> keys = populate(theirs, 1);
    copyAll(theirs, jedis(), keys, false);
  }

  @Test
  void ourPayloadsRestoreIntoRedis() throws Exception {
    Jedis theirs = redis.jedis();
    theirs.flushAll();
    List<byte[]> keys = populate(jedis(), 2);
    copyAll(jedis(), theirs, keys, true);
  }

  @Test
  void sortedSetsTravelBothWays() throws Exception {
    Jedis theirs = redis.jedis();
    theirs.flushAll();
    Jedis ours = jedis();
    Random r = new Random(3);
    List<byte[]> keys = new ArrayList<>();
    double[] scores = {0, 1.5, -2, 1e17, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1};
    for (int size : new int[] {1, 128, 129}) {
      byte[] key = b("z" + size);
      keys.add(key);
      for (int i = 0; i < size; i++) {
        double score = r.nextBoolean() ? scores[r.nextInt(scores.length)] : r.nextGaussian();
        theirs.zadd(key, score, random(r, 1 + r.nextInt(30)));
      }
    }
    byte[] longMember = b("zlong");
    keys.add(longMember);
    theirs.zadd(longMember, 1, random(r, 100));
    copyAll(theirs, ours, keys, false);
    theirs.flushAll();
    copyAll(ours, theirs, keys, true);
  }
}
