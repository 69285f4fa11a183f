package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.RespClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * INFO statistics across families: keyspace hits and misses for reads of every type (and none for
 * writes), per-command call counts with rejected and failed calls, and the keyspace section.
 * Expected numbers measured on redis-server 7.0.15.
 */
class StatsAcrossFamiliesTest extends CrossFamilySupport {
  private static final String[] SETUP = {
    "SET str v", "RPUSH list a b", "SADD set x y", "ZADD zset 1 m", "HSET hash f v", "SET w_a 1"
  };

  /** Command, keyspace hits it adds, keyspace misses it adds. */
  private static final String[][] HITS_AND_MISSES = {
    {"GET str", "1", "0"},
    {"GET nokey", "0", "1"},
    {"STRLEN str", "1", "0"},
    {"GETRANGE str 0 1", "1", "0"},
    {"MGET str nokey list", "2", "1"},
    {"LRANGE list 0 -1", "1", "0"},
    {"LLEN nokey", "0", "1"},
    {"LINDEX list 0", "1", "0"},
    {"LPOS list a", "1", "0"},
    {"SMEMBERS set", "1", "0"},
    {"SISMEMBER set x", "1", "0"},
    {"SCARD nokey", "0", "1"},
    {"SINTER set nokey", "1", "1"},
    {"SUNION set set", "2", "0"},
    {"SRANDMEMBER set", "1", "0"},
    {"ZRANGE zset 0 -1", "1", "0"},
    {"ZSCORE zset m", "1", "0"},
    {"ZCARD nokey", "0", "1"},
    {"ZUNION 2 zset set", "2", "0"},
    {"ZRANGEBYSCORE zset 0 1", "1", "0"},
    {"HGET hash f", "1", "0"},
    {"HGETALL hash", "1", "0"},
    {"HLEN nokey", "0", "1"},
    {"HEXISTS hash f", "1", "0"},
    {"HRANDFIELD hash", "1", "0"},
    {"SORT list ALPHA", "1", "0"},
    {"SORT list BY w_* GET w_*", "3", "2"},
    {"SORT_RO set ALPHA GET #", "1", "0"},
    {"EXISTS str list nokey", "2", "1"},
    {"TYPE set", "1", "0"},
    {"TTL zset", "1", "0"},
    {"OBJECT ENCODING hash", "1", "0"},
    {"SCAN 0", "0", "0"},
    {"KEYS *", "0", "0"},
    {"RANDOMKEY", "0", "0"},
    {"LPUSH list x", "0", "0"},
    {"SET str w", "0", "0"},
    {"APPEND str x", "0", "0"},
    {"GETDEL str", "1", "0"},
    {"DEL list", "0", "0"},
    {"HINCRBY hash n 1", "0", "0"},
    {"SUNIONSTORE dst set set", "2", "0"},
    {"ZUNIONSTORE dst 1 zset", "1", "0"},
    {"ZUNIONSTORE dst 2 zset nokey", "1", "1"},
    {"ZINTERSTORE dst 2 zset set", "2", "0"},
    {"ZDIFFSTORE dst 2 zset nokey", "1", "1"},
    {"ZRANGESTORE dst zset 0 -1", "1", "0"},
    {"SINTERSTORE d set nokey", "1", "1"},
    {"SDIFFSTORE d set nokey", "1", "1"},
    {"SMOVE set set2 x", "0", "0"},
    {"LMOVE list list LEFT RIGHT", "0", "0"},
    {"COPY str str2", "1", "0"},
    {"RENAME str str2", "0", "0"},
    {"SINTERCARD 1 set", "1", "0"},
    {"ZRANDMEMBER zset", "1", "0"},
    {"LCS str str", "2", "0"},
    {"BITCOUNT str", "1", "0"},
    {"GETBIT str 1", "1", "0"},
    {"SMISMEMBER set x", "1", "0"},
    {"TOUCH str nokey", "1", "1"},
    {"MEMORY USAGE str", "0", "0"}
  };

  /** One INFO section as field name to value. */
  static Map<String, String> info(RespClient c, String section) {
    Map<String, String> fields = new HashMap<>();
    for (String line : RespClient.str(c.call("INFO", section)).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return fields;
  }

  @Test
  void readsOfEveryTypeCountHitsAndMissesAndWritesDoNot() {
    RespClient c = resp();
    List<String> wrong = new ArrayList<>();
    for (String[] t : HITS_AND_MISSES) {
      c.call("FLUSHALL");
      for (String s : SETUP) {
        c.call((Object[]) s.split(" "));
      }
      Map<String, String> before = info(c, "stats");
      Object reply = c.call((Object[]) t[0].split(" "));
      assertThat(reply instanceof RespClient.Err).as(t[0] + " failed: " + reply).isFalse();
      Map<String, String> after = info(c, "stats");
      long hits =
          Long.parseLong(after.get("keyspace_hits")) - Long.parseLong(before.get("keyspace_hits"));
      long misses =
          Long.parseLong(after.get("keyspace_misses"))
              - Long.parseLong(before.get("keyspace_misses"));
      if (hits != Long.parseLong(t[1]) || misses != Long.parseLong(t[2])) {
        wrong.add(t[0] + ": hits " + hits + " misses " + misses + ", Redis " + t[1] + " " + t[2]);
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** calls, rejected_calls and failed_calls of every command in INFO commandstats. */
  static Map<String, List<Long>> commandStats(RespClient c) {
    Map<String, List<Long>> stats = new HashMap<>();
    info(c, "commandstats")
        .forEach(
            (k, v) -> {
              Map<String, Long> f = new HashMap<>();
              for (String kv : v.split(",")) {
                String[] p = kv.split("=");
                if (!p[0].equals("usec_per_call")) {
                  f.put(p[0], Long.parseLong(p[1]));
                }
              }
              stats.put(
                  k.substring("cmdstat_".length()),
                  List.of(f.get("calls"), f.get("rejected_calls"), f.get("failed_calls")));
            });
    return stats;
  }

  @Test
  void commandstatsCountEveryFamilyOncePerCall() {
    RespClient c = resp();
    RespClient blocked = resp();
    assertThat(c.call("CONFIG", "RESETSTAT")).isEqualTo("OK");
    blocked.send("BLPOP", "bl", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    c.call("RPUSH", "bl", "x");
    assertThat(s(blocked.read())).isEqualTo(List.of("bl", "x"));
    blocked.send("BZPOPMIN", "bz", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    c.call("ZADD", "bz", "1", "m");
    assertThat(s(blocked.read())).isEqualTo(List.of("bz", "m", "1"));
    c.call("SET", "s", "v");
    assertThat(c.call("LPUSH", "s", "x")).isInstanceOf(RespClient.Err.class);
    assertThat(c.call("HSET")).isInstanceOf(RespClient.Err.class);
    c.call("OBJECT", "ENCODING", "s");
    c.call("MULTI");
    c.call("SADD", "st", "a");
    c.call("GET", "s");
    c.call("EXEC");
    c.call("SORT", "st", "ALPHA");
    Map<String, List<Long>> stats = commandStats(c);
    Map<String, List<Long>> expected = new HashMap<>();
    for (String name :
        List.of(
            "set",
            "bzpopmin",
            "rpush",
            "blpop",
            "zadd",
            "object|encoding",
            "multi",
            "get",
            "sadd",
            "exec",
            "sort")) {
      expected.put(name, List.of(1L, 0L, 0L));
    }
    expected.put("lpush", List.of(1L, 0L, 1L));
    expected.put("hset", List.of(0L, 1L, 0L));
    stats.remove("info");
    stats.remove("config|resetstat");
    assertThat(stats).isEqualTo(expected);
  }

  @Test
  void waitsAreCountedOnceWhenTheyEndAndArityErrorsAsRejectedCalls() {
    RespClient c = resp();
    RespClient blocked = resp();
    c.call("CONFIG", "RESETSTAT");
    assertThat(blocked.call("BLPOP", "t", "0.01")).isNull();
    blocked.send("BZPOPMIN", "z", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    c.call("LPUSH", "z", "wrong-type");
    c.call("DEL", "z");
    c.call("ZADD", "z", "1", "m");
    assertThat(s(blocked.read())).isEqualTo(List.of("z", "m", "1"));
    blocked.send("BLMOVE", "u", "v", "LEFT", "LEFT", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    String line =
        RespClient.str(c.call("CLIENT", "LIST"))
            .lines()
            .filter(l -> l.contains(" cmd=blmove "))
            .findFirst()
            .orElseThrow();
    String clientId = line.substring("id=".length(), line.indexOf(' '));
    assertThat(c.call("CLIENT", "UNBLOCK", clientId)).isEqualTo(1L);
    assertThat(blocked.read()).isNull();
    c.call("OBJECT");
    c.call("OBJECT", "ENCODING");
    c.call("OBJECT", "NOSUCH", "x");
    c.call("GET", "a", "b");
    c.call("MULTI");
    assertThat(c.call("EXEC", "extra"))
        .isEqualTo(
            err(
                "EXECABORT Transaction discarded because of: wrong number of arguments for 'exec'"
                    + " command"));
    assertThat(c.call("EXEC")).isEqualTo(err("ERR EXEC without MULTI"));
    Map<String, List<Long>> stats = commandStats(c);
    assertThat(stats.get("blpop")).isEqualTo(List.of(1L, 0L, 0L));
    assertThat(stats.get("bzpopmin")).isEqualTo(List.of(1L, 0L, 0L));
    assertThat(stats.get("blmove")).isEqualTo(List.of(1L, 0L, 1L));
    assertThat(stats.get("object")).isEqualTo(List.of(0L, 1L, 0L));
    assertThat(stats.get("object|encoding")).isEqualTo(List.of(0L, 1L, 0L));
    assertThat(stats.get("get")).isEqualTo(List.of(0L, 1L, 0L));
    assertThat(stats.get("exec")).isEqualTo(List.of(1L, 1L, 1L));
    assertThat(stats.get("multi")).isEqualTo(List.of(1L, 0L, 0L));
  }

  @Test
  void slowlogRecordsABlockingCommandOnceWhenServedAndNotWhenItTimesOut() {
    RespClient c = resp();
    RespClient blocked = resp();
    c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
    try {
      c.call("SLOWLOG", "RESET");
      assertThat(blocked.call("BLPOP", "t", "0.01")).isNull();
      blocked.send("BLPOP", "k", "0");
      BlockingInTransactionsTest.awaitBlocked(c, 1);
      c.call("RPUSH", "k", "x");
      assertThat(s(blocked.read())).isEqualTo(List.of("k", "x"));
      List<String> logged = new ArrayList<>();
      for (Object entry : (List<?>) call(c, "SLOWLOG", "GET", "100")) {
        logged.add(
            String.join(
                " ", ((List<?>) ((List<?>) entry).get(3)).stream().map(String::valueOf).toList()));
      }
      assertThat(logged.stream().filter(l -> l.startsWith("BLPOP")).toList())
          .containsExactly("BLPOP k 0");
      assertThat(logged.indexOf("BLPOP k 0")).isLessThan(logged.indexOf("RPUSH k x"));
    } finally {
      c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
    }
  }

  @Test
  void monitorShowsABlockingCommandOnceWhenItIsCalled() {
    RespClient monitor = resp();
    RespClient blocked = resp();
    RespClient c = resp();
    assertThat(monitor.call("MONITOR")).isEqualTo("OK");
    blocked.send("BLPOP", "k", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    c.call("RPUSH", "k", "x");
    assertThat(s(blocked.read())).isEqualTo(List.of("k", "x"));
    c.call("SET", "end", "1");
    List<String> lines = new ArrayList<>();
    String line;
    do {
      line = (String) monitor.read();
      lines.add(line.substring(line.indexOf(']') + 2));
    } while (!line.contains("\"end\""));
    List<String> blpops = lines.stream().filter(l -> l.startsWith("\"BLPOP\"")).toList();
    assertThat(blpops).containsExactly("\"BLPOP\" \"k\" \"0\"");
    assertThat(lines.indexOf(blpops.get(0))).isLessThan(lines.indexOf("\"RPUSH\" \"k\" \"x\""));
  }

  @Test
  void keyspaceSectionCountsKeysAndExpiresPerDatabase() {
    RespClient c = resp();
    fillEveryType(c);
    c.call("EXPIRE", "list", "100");
    c.call("PEXPIRE", "zset", "100000");
    RespClient db2 = resp();
    db2.call("SELECT", "2");
    db2.call("HSET", "h", "f", "v");
    Map<String, String> keyspace = info(c, "keyspace");
    assertThat(keyspace.get("db0")).matches("keys=5,expires=2,avg_ttl=\\d+");
    assertThat(keyspace.get("db2")).isEqualTo("keys=1,expires=0,avg_ttl=0");
    assertThat(keyspace).doesNotContainKey("db1");
    c.call("PERSIST", "list");
    c.call("DEL", "str");
    assertThat(info(c, "keyspace").get("db0")).matches("keys=4,expires=1,avg_ttl=\\d+");
    c.call("PEXPIRE", "zset", "1");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> info(c, "keyspace").get("db0").startsWith("keys=3,expires=0,"));
    assertThat(Long.parseLong(info(c, "stats").get("expired_keys"))).isPositive();
  }
}
