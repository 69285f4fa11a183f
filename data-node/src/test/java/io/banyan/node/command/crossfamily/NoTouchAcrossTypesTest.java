package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CLIENT NO-TOUCH (Redis 7.2's, which Banyan offers): reads of every family leave OBJECT IDLETIME
 * alone, TOUCH still records an access, and without NO-TOUCH every read does. Keys are aged by
 * moving their access clock back rather than by waiting.
 */
class NoTouchAcrossTypesTest extends CrossFamilySupport {
  private static final long AGE_SECONDS = 100;

  /** Reads of every family, each naming the key whose access it must not record. */
  private static final String[][] READS = {
    {"str", "GET str"},
    {"str", "STRLEN str"},
    {"str", "GETRANGE str 0 1"},
    {"str", "MGET str"},
    {"str", "BITCOUNT str"},
    {"str", "GETBIT str 1"},
    {"str", "LCS str str"},
    {"str", "SUBSTR str 0 1"},
    {"list", "LRANGE list 0 -1"},
    {"list", "LINDEX list 0"},
    {"list", "LLEN list"},
    {"list", "LPOS list a"},
    {"list", "SORT_RO list ALPHA"},
    {"list", "SORT list ALPHA"},
    {"set", "SMEMBERS set"},
    {"set", "SISMEMBER set x"},
    {"set", "SMISMEMBER set x"},
    {"set", "SCARD set"},
    {"set", "SRANDMEMBER set"},
    {"set", "SINTER set set"},
    {"set", "SUNION set"},
    {"set", "SDIFF set"},
    {"set", "SINTERCARD 1 set"},
    {"set", "SSCAN set 0"},
    {"set", "ZUNION 1 set"},
    {"zset", "ZRANGE zset 0 -1"},
    {"zset", "ZSCORE zset m"},
    {"zset", "ZMSCORE zset m"},
    {"zset", "ZCARD zset"},
    {"zset", "ZRANK zset m"},
    {"zset", "ZCOUNT zset 0 10"},
    {"zset", "ZRANGEBYSCORE zset 0 10"},
    {"zset", "ZLEXCOUNT zset - +"},
    {"zset", "ZRANDMEMBER zset"},
    {"zset", "ZINTER 1 zset"},
    {"zset", "ZDIFF 1 zset"},
    {"zset", "ZINTERCARD 1 zset"},
    {"zset", "ZSCAN zset 0"},
    {"hash", "HGET hash f"},
    {"hash", "HMGET hash f"},
    {"hash", "HGETALL hash"},
    {"hash", "HLEN hash"},
    {"hash", "HEXISTS hash f"},
    {"hash", "HSTRLEN hash f"},
    {"hash", "HKEYS hash"},
    {"hash", "HVALS hash"},
    {"hash", "HRANDFIELD hash"},
    {"hash", "HSCAN hash 0"},
    // BY and GET patterns read other keys: those must not be touched either.
    {"hash", "SORT_RO ph BY *ash->f ALPHA GET *ash->f"},
    {"str", "SORT_RO pr BY st* ALPHA GET st*"},
  };

  private RespClient c;

  @BeforeEach
  void fill() {
    assumeFalse(againstRedis(), "CLIENT NO-TOUCH is Redis 7.2's");
    c = resp();
    fillEveryType(c);
    c.call("RPUSH", "ph", "h");
    c.call("RPUSH", "pr", "r");
  }

  /** Moves every key's access clock back by AGE_SECONDS. */
  private void ageAllKeys() throws Exception {
    server.onCommandThread(
        () -> {
          Database db = server.engine().keyspace().db(0);
          for (String k : EVERY_TYPE.keySet()) {
            Entry e = db.lookup(Bytes.utf8(k));
            e.setAccessClock(AccessClock.lruNow() - (int) AGE_SECONDS);
          }
          return null;
        });
  }

  private Map<String, Long> idleTimes() {
    Map<String, Long> idle = new LinkedHashMap<>();
    for (String k : EVERY_TYPE.keySet()) {
      idle.put(k, (Long) c.call("OBJECT", "IDLETIME", k));
    }
    return idle;
  }

  @Test
  void readsUnderNoTouchLeaveIdleTimeAlone() throws Exception {
    assertThat(c.call("CLIENT", "NO-TOUCH", "ON")).isEqualTo("OK");
    ageAllKeys();
    List<String> touched = new ArrayList<>();
    for (String[] read : READS) {
      Object reply = c.call((Object[]) read[1].split(" "));
      assertThat(reply).as(read[1]).isNotInstanceOf(RespClient.Err.class);
      long idle = (Long) c.call("OBJECT", "IDLETIME", read[0]);
      if (idle < AGE_SECONDS) {
        touched.add(read[1]);
        ageAllKeys();
      }
    }
    assertThat(touched).isEmpty();
    // Key-space commands read without touching anyway.
    for (String k : EVERY_TYPE.keySet()) {
      c.call("EXISTS", k);
      c.call("TYPE", k);
      c.call("TTL", k);
      c.call("OBJECT", "ENCODING", k);
      c.call("MEMORY", "USAGE", k);
    }
    assertThat(idleTimes().values()).allMatch(idle -> idle >= AGE_SECONDS);
  }

  @Test
  void touchRecordsAnAccessEvenUnderNoTouch() throws Exception {
    c.call("CLIENT", "NO-TOUCH", "ON");
    ageAllKeys();
    assertThat(c.call("TOUCH", "str", "list", "set", "zset", "hash", "nokey")).isEqualTo(5L);
    assertThat(idleTimes().values()).allMatch(idle -> idle < AGE_SECONDS);
  }

  @Test
  void withoutNoTouchEveryReadRecordsAnAccess() throws Exception {
    List<String> notTouched = new ArrayList<>();
    for (String[] read : READS) {
      ageAllKeys();
      c.call((Object[]) read[1].split(" "));
      if ((Long) c.call("OBJECT", "IDLETIME", read[0]) >= AGE_SECONDS) {
        notTouched.add(read[1]);
      }
    }
    assertThat(notTouched).isEmpty();
    // Writes touch too, and CLIENT NO-TOUCH OFF restores the default.
    c.call("CLIENT", "NO-TOUCH", "ON");
    c.call("CLIENT", "NO-TOUCH", "OFF");
    ageAllKeys();
    c.call("APPEND", "str", "x");
    c.call("RPUSH", "list", "d");
    c.call("SADD", "set", "z");
    c.call("ZADD", "zset", "3", "o");
    c.call("HSET", "hash", "h", "x");
    assertThat(idleTimes().values()).allMatch(idle -> idle < AGE_SECONDS);
  }
}
