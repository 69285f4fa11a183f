package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.banyan.node.store.Database;
import io.banyan.node.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What commands of every family propagate (to replicas and the AOF) when mixed: rewritten forms
 * (SPOP as SREM or DEL, relative expiries as PXAT, INCRBYFLOAT as SET KEEPTTL, blocking pops as
 * plain pops), writes that change nothing and propagate nothing, MULTI/EXEC wrapping, database
 * switches, and clients served by a transaction. The expected streams are redis-server 7.0.15's
 * replication stream (read with SYNC) for the same scripts, with absolute times masked.
 */
class PropagationAcrossFamiliesTest extends CrossFamilySupport {
  /**
   * Blocking, transactions, databases, expiry. "SLEEP" waits for keys with a short time to live to
   * expire, "ASYNC" sends a command on a new connection that then waits blocked.
   */
  private static final String[] MIXED_SCRIPT = {
    "SET s 10 EX 100",
    "RPUSH l 3 1 2",
    "SADD st a",
    "SPOP st",
    "ZADD z 1 a 2 b",
    "HSET h f 1",
    "INCRBYFLOAT s 1.5",
    "HINCRBYFLOAT h f 2.5",
    "GETEX s PX 5000",
    "GETEX s PERSIST",
    "EXPIRE l 100",
    "SORT l STORE sorted",
    "SORT l BY nosort STORE sorted2",
    "SADD st2 q",
    "ZUNIONSTORE zu 2 z st2",
    "LMOVE l l2 LEFT RIGHT",
    "BLMOVE l l2 LEFT RIGHT 0",
    "BLPOP l 0",
    "BZPOPMIN z 0",
    "BZMPOP 0 1 z MIN COUNT 5",
    "MULTI",
    "LPUSH q x",
    "BLPOP q 0",
    "SADD st3 b",
    "SPOP st3",
    "EXEC",
    "MULTI",
    "LPUSH q2 x",
    "EXEC",
    "SELECT 3",
    "SET k3 v",
    "COPY k3 k4 DB 0",
    "MOVE k3 0",
    "SELECT 0",
    "SWAPDB 0 3",
    "SWAPDB 0 3",
    "RENAME k4 k5",
    "SET pxk v PX 1",
    "SLEEP 0.1",
    "GET pxk",
    "ZINCRBY zz 1 a",
    "ZADD zz INCR 1 a",
    "LMPOP 1 l2 RIGHT COUNT 10",
    "ASYNC BLPOP w1 0",
    "RPUSH w1 x y",
    "ASYNC BZPOPMAX w2 0",
    "ASYNC BLMOVE w3 w4 RIGHT LEFT 0",
    "MULTI",
    "ZADD w2 1 m 2 n",
    "RPUSH w3 a b",
    "EXEC",
    "ASYNC BLMPOP 0 2 w5 w6 LEFT COUNT 3",
    "RPUSH src6 1 2",
    "SORT src6 STORE w6",
    "SETEX se 100 v",
    "PSETEX pe 100000 v",
    "SET kt v EXAT 99999999999",
    "EXPIREAT kt 1",
    "GETDEL k5",
    "SPOP st2 1",
    "SREM nothere x",
    "DEL nothere",
    "FLUSHDB"
  };

  private static final List<String> MIXED_REDIS_STREAM =
      List.of(
          "SELECT 0",
          "SET s 10 PXAT <t>",
          "RPUSH l 3 1 2",
          "SADD st a",
          "SREM st a",
          "ZADD z 1 a 2 b",
          "HSET h f 1",
          "SET s 11.5 KEEPTTL",
          "HSET h f 3.5",
          "PEXPIREAT s <t>",
          "PERSIST s",
          "PEXPIREAT l <t>",
          "SORT l STORE sorted",
          "SORT l BY nosort STORE sorted2",
          "SADD st2 q",
          "ZUNIONSTORE zu 2 z st2",
          "LMOVE l l2 LEFT RIGHT",
          "LMOVE l l2 LEFT RIGHT",
          "LPOP l",
          "ZPOPMIN z",
          "ZPOPMIN z 1",
          "MULTI",
          "LPUSH q x",
          "LPOP q",
          "SADD st3 b",
          "SREM st3 b",
          "EXEC",
          "LPUSH q2 x",
          "SELECT 3",
          "SET k3 v",
          "COPY k3 k4 DB 0",
          "MOVE k3 0",
          "SELECT 0",
          "SWAPDB 0 3",
          "SWAPDB 0 3",
          "RENAME k4 k5",
          "SET pxk v PXAT <t>",
          "DEL pxk",
          "ZINCRBY zz 1 a",
          "ZADD zz INCR 1 a",
          "RPOP l2 2",
          "RPUSH w1 x y",
          "LPOP w1",
          "MULTI",
          "ZADD w2 1 m 2 n",
          "RPUSH w3 a b",
          "EXEC",
          "ZPOPMAX w2",
          "LMOVE w3 w4 right left",
          "RPUSH src6 1 2",
          "SORT src6 STORE w6",
          "LPOP w6 2",
          "SET se v PXAT <t>",
          "SET pe v PXAT <t>",
          "SET kt v PXAT <t>",
          "DEL kt",
          "DEL k5",
          "DEL st2",
          "FLUSHDB");

  /** Writes of every family, many of which change nothing. */
  private static final String[] NO_OP_SCRIPT = {
    "SET k v",
    "SET k v2 GET",
    "SET k v3 KEEPTTL",
    "SET k v4 NX",
    "SET k v5 XX EX 100",
    "SET k v6 XX GET PX 100000",
    "SETEX k2 100 v",
    "GETSET k2 v2",
    "MSET a 1 b 2",
    "MSETNX a 1 c 3",
    "MSETNX c 3 d 4",
    "PEXPIRE a 0",
    "EXPIRE b -1",
    "SET e v",
    "EXPIRE e 100 NX",
    "EXPIRE e 200 NX",
    "EXPIRE e 50 GT",
    "PERSIST c",
    "PERSIST e",
    "PERSIST e",
    "SADD s a",
    "SADD s a",
    "SREM s zz",
    "DEL nothere",
    "ZADD z 1 a",
    "ZADD z 1 a",
    "ZADD z XX 2 nothere",
    "ZREM z zz",
    "HSET h f v",
    "HSET h f v",
    "HDEL h zz",
    "HSETNX h f x",
    "HSETNX h g x",
    "HMSET h i 1",
    "HINCRBY h i 2",
    "RPUSH l a b c d e",
    "LREM l 0 zz",
    "LREM l 1 a",
    "LINSERT l BEFORE c x",
    "LINSERT l BEFORE zz x",
    "LSET l 0 y",
    "LTRIM l 0 100",
    "LTRIM l 1 -1",
    "LPOP nothere",
    "GETDEL nothere",
    "GETEX e",
    "GETEX e EX 100",
    "GETEX e PERSIST",
    "TOUCH e",
    "SMOVE s s2 a",
    "SMOVE s s2 a",
    "SADD s3 1 2",
    "SINTERSTORE s4 s3 nothere",
    "SDIFFSTORE s5 s3 s3",
    "SUNIONSTORE s6 s3",
    "ZADD z2 1 a 2 b 3 c 4 d 5 e",
    "ZINTERSTORE z3 2 z2 nothere",
    "ZRANGESTORE z4 z2 0 1",
    "ZRANGESTORE z5 nothere 0 1",
    "ZREMRANGEBYSCORE z2 1 1",
    "ZREMRANGEBYSCORE z2 100 200",
    "ZREMRANGEBYLEX z2 - +",
    "ZADD z6 1 a 2 b 3 c",
    "ZMPOP 1 z6 MAX COUNT 2",
    "ZPOPMIN z6 10",
    "ZPOPMIN z6",
    "SETBIT bits 5 1",
    "SETBIT bits 5 1",
    "BITFIELD bf SET u8 0 5",
    "BITFIELD bf GET u8 0",
    "BITFIELD bf INCRBY u8 0 1",
    "BITOP AND bo bits nothere",
    "INCR cnt",
    "INCRBY cnt 5",
    "DECR cnt",
    "APPEND cnt x",
    "SETRANGE cnt 0 y",
    "SETRANGE cnt 0 \"\"",
    "RENAMENX cnt bits",
    "COPY cnt bits",
    "MOVE cnt 5",
    "SELECT 5",
    "SET cnt zz",
    "SELECT 0",
    "MOVE cnt 5",
    "SWAPDB 1 1",
    "UNLINK bits nothere",
    "LMPOP 2 nothere l RIGHT COUNT 2",
    "RPOPLPUSH l l",
    "LMOVE l l3 RIGHT LEFT",
    "SPOP s3 5",
    "SRANDMEMBER s2",
    "HRANDFIELD h",
    "ZRANDMEMBER z2",
    "SORT l",
    "SORT l STORE st",
    "SORT nothere STORE st",
    "SORT nothere STORE st",
    "FLUSHALL"
  };

  private static final List<String> NO_OP_REDIS_STREAM =
      List.of(
          "SELECT 0",
          "SET k v",
          "SET k v2",
          "SET k v3 KEEPTTL",
          "SET k v5 PXAT <t>",
          "SET k v6 PXAT <t>",
          "SET k2 v PXAT <t>",
          "SET k2 v2",
          "MSET a 1 b 2",
          "MSETNX c 3 d 4",
          "DEL a",
          "DEL b",
          "SET e v",
          "PEXPIREAT e <t> NX",
          "PERSIST e",
          "SADD s a",
          "ZADD z 1 a",
          "HSET h f v",
          "HSET h f v",
          "HSETNX h g x",
          "HMSET h i 1",
          "HINCRBY h i 2",
          "RPUSH l a b c d e",
          "LREM l 1 a",
          "LINSERT l BEFORE c x",
          "LSET l 0 y",
          "LTRIM l 1 -1",
          "PEXPIREAT e <t>",
          "PERSIST e",
          "SMOVE s s2 a",
          "SADD s3 1 2",
          "SUNIONSTORE s6 s3",
          "ZADD z2 1 a 2 b 3 c 4 d 5 e",
          "ZRANGESTORE z4 z2 0 1",
          "ZREMRANGEBYSCORE z2 1 1",
          "ZREMRANGEBYLEX z2 - +",
          "ZADD z6 1 a 2 b 3 c",
          "ZPOPMAX z6 2",
          "ZPOPMIN z6 10",
          "SETBIT bits 5 1",
          "BITFIELD bf SET u8 0 5",
          "BITFIELD bf INCRBY u8 0 1",
          "BITOP AND bo bits nothere",
          "INCR cnt",
          "INCRBY cnt 5",
          "DECR cnt",
          "APPEND cnt x",
          "SETRANGE cnt 0 y",
          "SETRANGE cnt 0 \"\"",
          "MOVE cnt 5",
          "SELECT 5",
          "SET cnt zz",
          "SELECT 0",
          "SWAPDB 1 1",
          "UNLINK bits nothere",
          "RPOP l 2",
          "RPOPLPUSH l l",
          "LMOVE l l3 RIGHT LEFT",
          "DEL s3",
          "FLUSHALL");

  @Test
  void severalCommandsPropagatedByOneAreWrappedInMultiExec() throws Exception {
    server.onCommandThread(
        () -> {
          server.engine().setActiveExpire(false);
          return null;
        });
    try {
      assertThat(
              propagatedStream(
                  new String[] {
                    "SADD s a b c",
                    "SPOP s 2",
                    "SPOP s 1",
                    "SET k v PX 1",
                    "SET k2 v PX 1",
                    "RPUSH l a",
                    "PEXPIRE l 1",
                    "SLEEP",
                    "APPEND k x",
                    "MGET k2",
                    "RPUSH l b",
                  }))
          .containsExactly(
              "SELECT 0",
              "SADD s a b c",
              "MULTI",
              "SREM s *",
              "SREM s *",
              "EXEC",
              "DEL s", // SPOP of the whole set
              "SET k v PXAT <t>",
              "SET k2 v PXAT <t>",
              "RPUSH l a",
              "PEXPIREAT l <t>",
              "MULTI",
              "DEL k",
              "APPEND k x",
              "EXEC",
              "DEL k2",
              "MULTI",
              "DEL l",
              "RPUSH l b",
              "EXEC");
    } finally {
      server.onCommandThread(
          () -> {
            server.engine().setActiveExpire(true);
            return null;
          });
    }
  }

  @Test
  void mixedScriptPropagatesAsRedis() throws Exception {
    assertThat(propagatedStream(MIXED_SCRIPT)).containsExactlyElementsOf(MIXED_REDIS_STREAM);
  }

  @Test
  void writesThatChangeNothingPropagateNothing() throws Exception {
    assertThat(propagatedStream(NO_OP_SCRIPT)).containsExactlyElementsOf(NO_OP_REDIS_STREAM);
  }

  /** True when every key of database 0 with a time to live under a second is logically expired. */
  private boolean shortTtlsDue() throws Exception {
    return server.onCommandThread(
        () -> {
          Database db = server.engine().keyspace().db(0);
          long now = System.currentTimeMillis();
          boolean[] due = {true};
          db.forEach(
              e -> {
                if (e.hasExpiry() && e.expireAtMs() - now < 1000 && !db.isExpired(e)) {
                  due[0] = false;
                }
              });
          return due[0];
        });
  }

  /** Runs a script and returns what the node propagated, as a replication stream would show it. */
  private List<String> propagatedStream(String[] script) throws Exception {
    assumeFalse(againstRedis(), "reads the node's propagation");
    List<String> stream = new CopyOnWriteArrayList<>();
    int[] lastDb = {-1};
    server.onCommandThread(
        () -> {
          server
              .engine()
              .setPropagator(
                  (db, argv) -> {
                    if (db != lastDb[0]) {
                      stream.add("SELECT " + db);
                      lastDb[0] = db;
                    }
                    List<String> parts = new ArrayList<>();
                    for (byte[] a : argv) {
                      parts.add(new String(a, StandardCharsets.UTF_8));
                    }
                    stream.add(String.join(" ", parts));
                  });
          return null;
        });
    RespClient c = resp();
    RespClient observer = resp();
    int waiting = 0;
    for (String line : script) {
      if (line.startsWith("SLEEP")) {
        // Waits, without touching any key (that would expire it), until the keys given a time to
        // live under a second are due.
        await().atMost(Duration.ofSeconds(10)).until(this::shortTtlsDue);
        continue;
      }
      if (line.startsWith("ASYNC ")) {
        resp().send((Object[]) line.substring(6).split(" "));
        BlockingInTransactionsTest.awaitBlocked(observer, ++waiting);
        continue;
      }
      String[] argv = line.split(" ");
      c.call((Object[]) argv);
      waiting = (int) BlockingInTransactionsTest.blockedClients(observer);
    }
    List<String> masked = new ArrayList<>();
    for (String s : stream) {
      masked.add(
          s.replaceAll("PXAT \\d+", "PXAT <t>")
              .replaceAll("^(PEXPIREAT \\S+) \\d+", "$1 <t>")
              // SPOP removes random members
              .replaceAll("^SREM s \\S+$", "SREM s *"));
    }
    return masked;
  }
}
