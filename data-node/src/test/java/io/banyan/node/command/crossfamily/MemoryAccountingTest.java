package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Memory accounting across families: the node's used_memory is the sum of what it accounted per
 * key, which every in-place change must refresh through {@code db.modified}; it must equal the sum
 * of MEMORY USAGE (computed afresh) after any write of any family, and come back to its starting
 * value once the keys are gone. MEMORY USAGE grows with the value for every type.
 */
class MemoryAccountingTest extends CrossFamilySupport {
  /** Writes of every family, run in sequence, including encoding conversions and key moves. */
  private static final String[] WRITES = {
    "SET s1 hello",
    "APPEND s1 " + "x".repeat(100),
    "SETRANGE s1 200 y",
    "INCR n1",
    "INCRBYFLOAT n1 1.5",
    "SETBIT b1 1000 1",
    "BITFIELD b2 SET u8 800 255",
    "BITOP OR b3 b1 b2",
    "GETSET s1 short",
    "MSET s2 a s3 b",
    "GETDEL s3",
    "GETEX s2 EX 1000",
    "RPUSH l1 a b c d e f",
    "LPUSH l1 " + "z".repeat(300),
    "LSET l1 1 " + "w".repeat(500),
    "LINSERT l1 BEFORE c " + "v".repeat(70),
    "LREM l1 0 a",
    "LTRIM l1 0 3",
    "LPOP l1",
    "RPOP l1 2",
    "LMOVE l1 l2 LEFT RIGHT",
    "RPOPLPUSH l1 l2",
    "RPUSH l3 1 2 3",
    "LMPOP 2 l2 l3 LEFT COUNT 1",
    "BLPOP l3 1",
    "SADD st1 1 2 3 4",
    "SADD st1 " + "m".repeat(100),
    "SREM st1 1",
    "SPOP st1",
    "SMOVE st1 st2 2",
    "SADD st3 3 4 5 6 7",
    "SINTERSTORE st4 st1 st3",
    "SUNIONSTORE st5 st1 st3 st2",
    "SDIFFSTORE st6 st3 st1",
    "ZADD z1 1 a 2 b 3 c 4 d",
    "ZADD z1 5 " + "k".repeat(100),
    "ZINCRBY z1 10 a",
    "ZREM z1 b",
    "ZPOPMIN z1",
    "ZPOPMAX z1 1",
    "ZADD z2 1 a 2 b 3 c 4 d 5 e",
    "ZMPOP 1 z2 MIN COUNT 2",
    "ZREMRANGEBYRANK z2 0 0",
    "ZREMRANGEBYSCORE z2 5 5",
    "ZADD z3 0 a 0 b 0 c",
    "ZREMRANGEBYLEX z3 [a [a",
    "ZUNIONSTORE z4 3 z1 z2 st3",
    "ZINTERSTORE z5 2 z4 st3",
    "ZDIFFSTORE z6 2 z4 z5",
    "ZRANGESTORE z7 z4 0 1",
    "BZPOPMIN z7 1",
    "HSET h1 f v g w",
    "HSET h1 big " + "q".repeat(100),
    "HSETNX h1 n 1",
    "HINCRBY h1 n 5",
    "HINCRBYFLOAT h1 fl 1.25",
    "HDEL h1 g",
    "HMSET h2 a 1 b 2",
    "SORT l1 ALPHA STORE sorted",
    "ZADD zs 3 c 1 a 2 b",
    "SORT zs ALPHA",
    "ZADD zs2 3 c 1 a",
    "SORT_RO zs2 BY nosort",
    "COPY h1 h1copy",
    "RENAME h1copy h3",
    "MOVE h3 1",
    "EXPIRE z4 1000",
    "PERSIST z4",
    "DEL s2",
    "UNLINK z5",
    "SWAPDB 0 1",
    "SWAPDB 0 1",
    // The large encodings DigestAcrossTypesTest.fillLarge creates.
    "HDEL bighash f1 f2",
    "HSET bighash f3 " + "r".repeat(200),
    "SREM bigset 1 2",
    "SADD bigset " + "s".repeat(200),
    "SPOP strset 3",
    "ZREM bigzset m1",
    "ZADD bigzset 1 " + "t".repeat(200),
    "LSET biglist 500 " + "u".repeat(200),
    "LTRIM biglist 0 100",
    "SORT bigzset ALPHA STORE sortedbig",
  };

  private static long usedMemory(RespClient c) {
    return Long.parseLong(StatsAcrossFamiliesTest.info(c, "memory").get("used_memory"));
  }

  /** The sum of MEMORY USAGE over the keys of every database the test uses. */
  private static long sumOfMemoryUsage(RespClient c) {
    long sum = 0;
    for (int db = 0; db <= 1; db++) {
      c.call("SELECT", String.valueOf(db));
      for (Object key : (List<?>) c.call("KEYS", "*")) {
        sum += (Long) c.call("MEMORY", "USAGE", key);
      }
    }
    c.call("SELECT", "0");
    return sum;
  }

  @Test
  void accountedMemoryMatchesMemoryUsageAfterEveryWrite() {
    assumeFalse(againstRedis(), "Redis counts allocator and server memory in used_memory");
    RespClient c = resp();
    long start = usedMemory(c);
    assertThat(start).isZero();
    DigestAcrossTypesTest.fillLarge(c);
    assertThat(usedMemory(c)).isEqualTo(sumOfMemoryUsage(c));
    List<String> drifted = new ArrayList<>();
    for (String w : WRITES) {
      Object reply = c.call((Object[]) w.split(" "));
      assertThat(reply instanceof RespClient.Err).as(w + " failed: " + reply).isFalse();
      long used = usedMemory(c);
      long actual = sumOfMemoryUsage(c);
      if (used != actual) {
        drifted.add(w + ": used_memory " + used + ", sum of MEMORY USAGE " + actual);
      }
    }
    assertThat(drifted).isEmpty();
    c.call("FLUSHALL");
    assertThat(usedMemory(c)).isEqualTo(start);
  }

  @Test
  void usedMemoryReturnsToItsStartAfterDeletingKeysOfEveryEncoding() {
    RespClient c = resp();
    long start = usedMemory(c);
    DigestAcrossTypesTest.fillLarge(c);
    fillEveryType(c);
    for (String w : WRITES) {
      c.call((Object[]) w.split(" "));
    }
    long peak = usedMemory(c);
    assertThat(peak).isGreaterThan(start + 50_000);
    for (int db = 1; db >= 0; db--) {
      c.call("SELECT", String.valueOf(db));
      List<?> keys = (List<?>) c.call("KEYS", "*");
      for (Object key : keys) {
        assertThat(c.call("DEL", key)).isEqualTo(1L);
      }
    }
    if (againstRedis()) {
      // Redis's figure includes buffers and tables that shrink later: only check it went down.
      assertThat(usedMemory(c)).isLessThan(peak);
    } else {
      // The node's figure is its dataset estimate: exactly back where it started.
      assertThat(usedMemory(c)).isEqualTo(start);
    }
  }

  @Test
  void memoryUsageGrowsWithTheValueForEveryType() {
    RespClient c = resp();
    String[][] smallAndLarge = {
      {"SET k v", "SET k " + "v".repeat(1000)},
      {"RPUSH k a", "RPUSH k " + "a ".repeat(500).trim()},
      {"SADD k 1", "SADD k " + numbers(600)},
      {"SADD k a", "SADD k a " + "b".repeat(1000)},
      {"ZADD k 1 a", "ZADD k 1 a 2 " + "b".repeat(1000)},
      {"HSET k f v", "HSET k f v g " + "w".repeat(1000)},
    };
    for (String[] t : smallAndLarge) {
      c.call("DEL", "k");
      c.call((Object[]) t[0].split(" "));
      long small = (Long) c.call("MEMORY", "USAGE", "k");
      c.call("DEL", "k");
      c.call((Object[]) t[1].split(" "));
      long large = (Long) c.call("MEMORY", "USAGE", "k", "SAMPLES", "0");
      assertThat(large).as(t[1].substring(0, 10)).isGreaterThan(small + 900);
    }
    assertThat(c.call("MEMORY", "USAGE", "nokey")).isNull();
  }

  private static String numbers(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i).append(' ');
    }
    return sb.toString().trim();
  }
}
