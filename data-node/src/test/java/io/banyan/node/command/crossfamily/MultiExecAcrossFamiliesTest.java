package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MULTI/EXEC with commands of every family: EXEC's reply keeps each command's own RESP2/RESP3 shape
 * byte for byte, WATCH sees changes made by any family (and not no-op writes), and errors behave as
 * in Redis. Expected replies captured from redis-server 7.0.15.
 */
class MultiExecAcrossFamiliesTest extends CrossFamilySupport {
  private static final String[] SETUP = {
    "SET str 1.5",
    "RPUSH list a b",
    "SADD iset 3 1 2",
    "SADD hset x",
    "ZADD zset 1 m 2.5 n",
    "HSET hash f v g w",
  };

  private static final String[] QUEUED = {
    "GET str",
    "GET missing",
    "INCRBYFLOAT str 1",
    "LRANGE list 0 -1",
    "LPOP missing",
    "SMEMBERS iset",
    "SMEMBERS hset",
    "SISMEMBER iset 1",
    "SMISMEMBER iset 1 9",
    "SINTER iset iset",
    "SPOP hset 5",
    "ZSCORE zset n",
    "ZSCORE zset missing",
    "ZMSCORE zset m missing",
    "ZRANGE zset 0 -1 WITHSCORES",
    "ZRANGE zset 0 -1",
    "ZINCRBY zset 1 m",
    "ZADD zset INCR 1 m",
    "ZPOPMIN zset",
    "ZPOPMAX zset 1",
    "ZRANK zset missing",
    "HGETALL hash",
    "HINCRBYFLOAT hash num 2.5",
    "HMGET hash f nope",
    "HKEYS hash",
    "TYPE hash",
    "OBJECT ENCODING iset",
    "EXISTS str list iset zset hash",
    "CONFIG GET maxmemory",
  };

  private static final String EXEC_RESP2 =
      "*29|$3|1.5|$-1|$3|2.5|*2|$1|a|$1|b|$-1|*3|$1|1|$1|2|$1|3|*1|$1|x|:1|*2|:1|:0|*3|$1|1|$1|2|"
          + "$1|3|*1|$1|x|$3|2.5|$-1|*2|$1|1|$-1|*4|$1|m|$1|1|$1|n|$3|2.5|*2|$1|m|$1|n|$1|2|$1|3|"
          + "*2|$1|n|$3|2.5|*2|$1|m|$1|3|$-1|*4|$1|f|$1|v|$1|g|$1|w|$3|2.5|*2|$1|v|$-1|*3|$1|f|"
          + "$1|g|$3|num|+hash|$6|intset|:4|*2|$9|maxmemory|$1|0|";

  private static final String EXEC_RESP3 =
      "*29|$3|1.5|_|$3|2.5|*2|$1|a|$1|b|_|~3|$1|1|$1|2|$1|3|~1|$1|x|:1|*2|:1|:0|~3|$1|1|$1|2|"
          + "$1|3|~1|$1|x|,2.5|_|*2|,1|_|*2|*2|$1|m|,1|*2|$1|n|,2.5|*2|$1|m|$1|n|,2|,3|*2|$1|n|"
          + ",2.5|*1|*2|$1|m|,3|_|%2|$1|f|$1|v|$1|g|$1|w|$3|2.5|*2|$1|v|_|*3|$1|f|$1|g|$3|num|"
          + "+hash|$6|intset|:4|%1|$9|maxmemory|$1|0|";

  private String runTransaction(boolean resp3) {
    try (RawConnection raw = new RawConnection(port())) {
      if (resp3) {
        raw.call("HELLO", "3");
      }
      for (String cmd : SETUP) {
        raw.call(cmd.split(" "));
      }
      assertThat(raw.call("MULTI")).isEqualTo("+OK\r\n");
      for (String cmd : QUEUED) {
        assertThat(raw.call(cmd.split(" "))).as(cmd).isEqualTo("+QUEUED\r\n");
      }
      return raw.call("EXEC").replace("\r\n", "|");
    }
  }

  @Test
  void execRepliesKeepEachCommandsResp2Shape() {
    assertThat(runTransaction(false)).isEqualTo(EXEC_RESP2);
  }

  @Test
  void execRepliesKeepEachCommandsResp3Shape() {
    assertThat(runTransaction(true)).isEqualTo(EXEC_RESP3);
  }

  /** Whether a transaction watching key is aborted by cmd run on another connection. */
  private boolean aborts(RespClient watcher, RespClient other, String key, String cmd) {
    watcher.call("WATCH", key);
    Object reply = other.call((Object[]) cmd.split(" "));
    assertThat(reply).as(cmd).isNotInstanceOf(RespClient.Err.class);
    watcher.call("MULTI");
    watcher.call("GET", "str");
    return watcher.call("EXEC") == null;
  }

  @Test
  void watchSeesChangesFromEveryFamilyButNotNoOpWrites() {
    RespClient watcher = resp();
    RespClient other = resp();
    String[][] changing = {
      {"str", "APPEND str x"},
      {"str", "SETRANGE str 0 y"},
      {"str", "GETEX str EX 100"},
      {"str", "GETDEL str"},
      {"str", "MSET str 2"},
      {"str", "SETBIT str 0 1"},
      {"str", "SORT list ALPHA STORE str"},
      {"list", "LSET list 0 z"},
      {"list", "LMOVE list list LEFT RIGHT"},
      {"list", "LTRIM list 0 0"},
      {"list", "RPOPLPUSH list other"},
      {"list", "LINSERT list BEFORE a q"},
      {"set", "SMOVE set other x"},
      {"set", "SINTERSTORE set set other"},
      {"set", "SPOP set"},
      {"set", "SUNIONSTORE set set"},
      {"zset", "ZINCRBY zset 1 m"},
      {"zset", "ZUNIONSTORE zset 2 zset set"},
      {"zset", "ZREMRANGEBYRANK zset 0 0"},
      {"zset", "ZADD zset 5 m"},
      {"zset", "ZPOPMIN zset"},
      {"zset", "ZRANGESTORE zset zset 0 0"},
      {"hash", "HINCRBY hash n 1"},
      {"hash", "HSETNX hash new v"},
      {"hash", "HDEL hash f"},
      {"hash", "HSET hash f v"},
    };
    String[][] noOps = {
      {"list", "LREM list 0 nothere"},
      {"list", "LPUSHX missing a"},
      {"set", "SADD set x"},
      {"set", "SREM set nothere"},
      {"set", "SMOVE set other nothere"},
      {"zset", "ZADD zset NX 5 m"},
      {"zset", "ZREM zset nothere"},
      {"zset", "ZADD zset 1 m"},
      {"hash", "HDEL hash nothere"},
      {"hash", "HSETNX hash f other"},
      {"str", "SORT_RO list ALPHA"},
      {"str", "SETBIT str 1 1"},
      {"zset", "ZRANGESTORE other missing 0 -1"},
    };
    List<String> wrong = new ArrayList<>();
    for (String[] t : changing) {
      other.call("FLUSHALL");
      fillEveryType(other);
      if (!aborts(watcher, other, t[0], t[1])) {
        wrong.add("not invalidated by " + t[1]);
      }
    }
    for (String[] t : noOps) {
      other.call("FLUSHALL");
      fillEveryType(other);
      if (aborts(watcher, other, t[0], t[1])) {
        wrong.add("invalidated by no-op " + t[1]);
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void watchOnSeveralTypesAndOwnChangesInsideTheTransaction() {
    RespClient c = resp();
    fillEveryType(c);
    c.call("WATCH", "str", "list", "set", "zset", "hash");
    c.call("MULTI");
    c.call("RPUSH", "list", "d");
    c.call("SADD", "set", "z");
    c.call("ZADD", "zset", "3", "o");
    c.call("HSET", "hash", "h", "x");
    c.call("SET", "str", "w");
    assertThat(call(c, "EXEC")).isEqualTo(List.of(4L, 1L, 1L, 1L, "OK"));
    // EXEC unwatched everything: a change now does not abort the next transaction.
    RespClient other = resp();
    other.call("DEL", "list");
    c.call("MULTI");
    c.call("LLEN", "list");
    assertThat(call(c, "EXEC")).isEqualTo(List.of(0L));
  }

  @Test
  void runtimeErrorsStayInTheirSlotAndQueueErrorsAbort() {
    RespClient c = resp();
    fillEveryType(c);
    c.call("MULTI");
    c.call("LPUSH", "hash", "x");
    c.call("HSET", "list", "f", "v");
    c.call("ZADD", "set", "1", "m");
    c.call("SADD", "zset", "m");
    c.call("INCR", "list");
    c.call("SADD", "set", "added");
    Object exec = call(c, "EXEC");
    RespClient.Err wrongType =
        err("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThat(exec).isEqualTo(List.of(wrongType, wrongType, wrongType, wrongType, wrongType, 1L));
    c.call("MULTI");
    c.call("SADD", "set", "never");
    assertThat(c.call("ZADD", "zset"))
        .isEqualTo(err("ERR wrong number of arguments for 'zadd' command"));
    assertThat(c.call("EXEC"))
        .isEqualTo(err("EXECABORT Transaction discarded because of previous errors."));
    assertThat(c.call("SISMEMBER", "set", "never")).isEqualTo(0L);
  }
}
