package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RENAME, MOVE, COPY, SWAPDB, FLUSHDB and the expiry commands on keys of every type: values and
 * TTLs carried (or not), WATCH invalidated, and blocked clients served when these commands give
 * their key data. Expected behaviour checked on redis-server 7.0.15.
 */
class KeyMovesAcrossTypesTest extends CrossFamilySupport {
  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
    c.call("SELECT", "0");
  }

  /** Every type's key with a TTL, and its content. */
  private Map<String, Object> fillWithTtls() {
    fillEveryType(c);
    Map<String, Object> contents = new java.util.LinkedHashMap<>();
    for (String k : EVERY_TYPE.keySet()) {
      assertThat(c.call("EXPIRE", k, "1000")).isEqualTo(1L);
      contents.put(k, content(c, k));
    }
    return contents;
  }

  private void assertHasTtl(RespClient conn, String key) {
    assertThat((Long) conn.call("TTL", key)).as(key).isBetween(900L, 1000L);
  }

  @Test
  void renameCarriesValueAndTtlOfEveryType() {
    Map<String, Object> contents = fillWithTtls();
    for (String k : EVERY_TYPE.keySet()) {
      assertThat(c.call("RENAME", k, k + "2")).isEqualTo("OK");
      assertThat(c.call("EXISTS", k)).isEqualTo(0L);
      assertThat(c.call("TYPE", k + "2")).isEqualTo(EVERY_TYPE.get(k));
      assertThat(content(c, k + "2")).as(k).isEqualTo(contents.get(k));
      assertHasTtl(c, k + "2");
    }
    // RENAME onto a key of another type replaces it, TTL included.
    c.call("SET", "plain", "x");
    assertThat(c.call("RENAME", "zset2", "plain")).isEqualTo("OK");
    assertThat(c.call("TYPE", "plain")).isEqualTo("zset");
    assertHasTtl(c, "plain");
    c.call("RPUSH", "nottl", "a");
    assertThat(c.call("RENAME", "nottl", "hash2")).isEqualTo("OK");
    assertThat(c.call("TTL", "hash2")).isEqualTo(-1L);
    assertThat(c.call("RENAMENX", "set2", "list2")).isEqualTo(0L);
    assertThat(c.call("RENAMENX", "set2", "set3")).isEqualTo(1L);
    assertHasTtl(c, "set3");
  }

  @Test
  void moveAndCopyCarryValueAndTtlOfEveryType() {
    Map<String, Object> contents = fillWithTtls();
    RespClient db1 = resp();
    db1.call("SELECT", "1");
    for (String k : EVERY_TYPE.keySet()) {
      assertThat(c.call("COPY", k, k + "-copy")).isEqualTo(1L);
      assertThat(c.call("COPY", k, k, "DB", "2")).isEqualTo(1L);
      assertThat(c.call("MOVE", k, "1")).isEqualTo(1L);
      assertThat(c.call("EXISTS", k)).isEqualTo(0L);
      assertThat(content(db1, k)).as(k).isEqualTo(contents.get(k));
      assertHasTtl(db1, k);
      assertThat(content(c, k + "-copy")).as(k).isEqualTo(contents.get(k));
      assertHasTtl(c, k + "-copy");
    }
    // Copies are independent: changing one leaves the other alone.
    c.call("RPUSH", "list-copy", "d");
    c.call("SADD", "set-copy", "z");
    c.call("ZADD", "zset-copy", "9", "o");
    c.call("HSET", "hash-copy", "h", "x");
    c.call("APPEND", "str-copy", "w");
    for (String k : EVERY_TYPE.keySet()) {
      assertThat(content(db1, k)).as(k).isEqualTo(contents.get(k));
      assertThat(content(c, k + "-copy")).as(k).isNotEqualTo(contents.get(k));
    }
    RespClient db2 = resp();
    db2.call("SELECT", "2");
    for (String k : EVERY_TYPE.keySet()) {
      assertThat(content(db2, k)).as(k).isEqualTo(contents.get(k));
    }
    // MOVE refuses an existing destination; COPY needs REPLACE, which replaces any type.
    c.call("SET", "list", "in-db0");
    assertThat(c.call("MOVE", "list", "1")).isEqualTo(0L);
    assertThat(c.call("COPY", "hash-copy", "list")).isEqualTo(0L);
    assertThat(c.call("COPY", "hash-copy", "list", "REPLACE")).isEqualTo(1L);
    assertThat(c.call("TYPE", "list")).isEqualTo("hash");
    assertHasTtl(c, "list");
  }

  @Test
  void swapdbAndFlushdbOfEveryType() {
    Map<String, Object> contents = fillWithTtls();
    RespClient db1 = resp();
    db1.call("SELECT", "1");
    db1.call("SET", "only-in-1", "x");
    assertThat(c.call("SWAPDB", "0", "1")).isEqualTo("OK");
    for (String k : EVERY_TYPE.keySet()) {
      assertThat(content(db1, k)).as(k).isEqualTo(contents.get(k));
      assertHasTtl(db1, k);
    }
    assertThat(call(c, "KEYS", "*")).isEqualTo(List.of("only-in-1"));
    assertThat(db1.call("DBSIZE")).isEqualTo(5L);
    assertThat(db1.call("FLUSHDB")).isEqualTo("OK");
    assertThat(db1.call("DBSIZE")).isEqualTo(0L);
    assertThat(c.call("DBSIZE")).isEqualTo(1L);
  }

  @Test
  void expiryCommandsWorkOnEveryType() {
    fillEveryType(c);
    for (String k : EVERY_TYPE.keySet()) {
      assertThat(c.call("PEXPIRE", k, "100000", "NX")).isEqualTo(1L);
      assertThat(c.call("EXPIRE", k, "50", "GT")).isEqualTo(0L);
      assertThat((Long) c.call("PTTL", k)).isBetween(90_000L, 100_000L);
      assertThat((Long) c.call("EXPIRETIME", k)).isPositive();
      assertThat(c.call("PERSIST", k)).isEqualTo(1L);
      assertThat(c.call("TTL", k)).isEqualTo(-1L);
      assertThat(c.call("PEXPIRE", k, "0")).isEqualTo(1L);
      assertThat(c.call("EXISTS", k)).isEqualTo(0L);
    }
    // A write that replaces a value drops its TTL; changing a collection in place keeps it.
    fillEveryType(c);
    for (String k : EVERY_TYPE.keySet()) {
      c.call("EXPIRE", k, "1000");
    }
    c.call("RPUSH", "list", "d");
    c.call("SADD", "set", "z");
    c.call("ZADD", "zset", "9", "o");
    c.call("HSET", "hash", "h", "x");
    c.call("APPEND", "str", "w");
    for (String k : EVERY_TYPE.keySet()) {
      assertHasTtl(c, k);
    }
    c.call("SET", "str", "new");
    assertThat(c.call("TTL", "str")).isEqualTo(-1L);
    // Emptying a collection deletes it with its TTL.
    c.call("LPOP", "list", "10");
    c.call("RPUSH", "list", "again");
    assertThat(c.call("TTL", "list")).isEqualTo(-1L);
  }

  /** Runs cmd on another connection while c watches key, and returns whether EXEC was aborted. */
  private boolean execAbortedAfter(String key, int db, String... cmd) {
    RespClient other = resp();
    other.call("SELECT", String.valueOf(db));
    c.call("WATCH", key);
    other.call((Object[]) cmd);
    c.call("MULTI");
    c.call("PING");
    Object exec = c.call("EXEC");
    other.close();
    return exec == null;
  }

  @Test
  void watchIsInvalidatedByMovesOfEveryType() {
    List<String> notInvalidated = new ArrayList<>();
    for (String k : EVERY_TYPE.keySet()) {
      String[][] cases = {
        {"RENAME", k, "elsewhere"},
        {"MOVE", k, "1"},
        {"EXPIRE", k, "100"},
        {"PERSIST", k},
        {"DEL", k},
        {"UNLINK", k},
        {"COPY", "src", k, "REPLACE"},
        {"RENAME", "src", k},
        {"SWAPDB", "0", "1"},
        {"FLUSHDB"},
        {"FLUSHALL"},
        {"SORT", "src", "STORE", k},
      };
      for (String[] cmd : cases) {
        c.call("FLUSHALL");
        fillEveryType(c);
        c.call("EXPIRE", k, "1000");
        c.call("RPUSH", "src", "1");
        if (!execAbortedAfter(k, 0, cmd)) {
          notInvalidated.add(k + ": " + String.join(" ", cmd));
        }
      }
      // SWAPDB and FLUSHDB of another database do not touch it; COPY to another db neither.
      String[][] untouched = {{"FLUSHDB"}, {"SWAPDB", "2", "1"}, {"COPY", k, k, "DB", "3"}};
      for (String[] cmd : untouched) {
        c.call("FLUSHALL");
        fillEveryType(c);
        if (execAbortedAfter(k, cmd[0].equals("COPY") ? 0 : 1, cmd)) {
          notInvalidated.add("wrongly invalidated " + k + ": " + String.join(" ", cmd));
        }
      }
    }
    assertThat(notInvalidated).isEmpty();
  }

  @Test
  void aWatchedKeyThatAppearsInTheDbThroughSwapdbOrMoveInvalidates() {
    RespClient db1 = resp();
    db1.call("SELECT", "1");
    db1.call("HSET", "h", "f", "v");
    assertThat(execAbortedAfter("h", 0, "SWAPDB", "0", "1")).isTrue();
    c.call("SELECT", "0");
    c.call("FLUSHALL");
    db1.call("ZADD", "z", "1", "m");
    c.call("WATCH", "z");
    db1.call("MOVE", "z", "0");
    c.call("MULTI");
    c.call("PING");
    assertThat(c.call("EXEC")).isNull();
  }

  @Test
  void clientsBlockedOnAKeyAreServedWhenSwapdbMoveCopyOrRenameFillIt() {
    RespClient db1 = resp();
    db1.call("SELECT", "1");
    String[][] fills = {
      {"SWAPDB", "0", "1"}, {"MOVE", "k", "0"}, {"COPY", "k", "k", "DB", "0"}, {"SWAPDB", "1", "0"},
    };
    for (String[] fill : fills) {
      c.call("FLUSHALL");
      RespClient blocked = resp();
      blocked.send("BLPOP", "k", "0");
      BlockingInTransactionsTest.awaitBlocked(c, 1);
      db1.call("RPUSH", "k", "x", "y");
      db1.call((Object[]) fill);
      assertThat(s(blocked.read())).as(String.join(" ", fill)).isEqualTo(List.of("k", "x"));
      blocked.close();
    }
    // RENAME within the database, and a sorted set through SWAPDB.
    c.call("FLUSHALL");
    RespClient blocked = resp();
    blocked.send("BLMOVE", "k", "dst", "LEFT", "RIGHT", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    c.call("RPUSH", "src", "v");
    c.call("RENAME", "src", "k");
    assertThat(s(blocked.read())).isEqualTo("v");
    assertThat(call(c, "LRANGE", "dst", "0", "-1")).isEqualTo(List.of("v"));
    blocked.send("BZPOPMIN", "z", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    db1.call("ZADD", "z", "1", "m");
    db1.call("SWAPDB", "0", "1");
    assertThat(s(blocked.read())).isEqualTo(List.of("z", "m", "1"));
    // A key of another type swapped in leaves the client waiting.
    blocked.send("BLPOP", "k2", "0");
    BlockingInTransactionsTest.awaitBlocked(c, 1);
    db1.call("FLUSHDB");
    db1.call("SADD", "k2", "m");
    db1.call("SWAPDB", "0", "1");
    assertThat(c.call("PING")).isEqualTo("PONG");
    assertThat(BlockingInTransactionsTest.blockedClients(c)).isEqualTo(1L);
  }
}
