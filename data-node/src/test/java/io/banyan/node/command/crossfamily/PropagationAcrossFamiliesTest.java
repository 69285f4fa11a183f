package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.banyan.node.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What commands of every family propagate (to replicas and the AOF) when mixed: rewritten forms
 * (SPOP as SREM, relative expiries as PXAT, INCRBYFLOAT as SET KEEPTTL, blocking pops as plain
 * pops), MULTI/EXEC wrapping, database switches, and clients served by a transaction. The expected
 * stream is redis-server 7.0.15's replication stream (read with SYNC) for the same script, with
 * absolute times masked.
 */
class PropagationAcrossFamiliesTest extends CrossFamilySupport {
  /**
   * The script: "SLEEP" waits for the key just set to expire, "ASYNC" sends a command on a new
   * connection that then waits blocked.
   */
  private static final String[] SCRIPT = {
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

  private static final List<String> REDIS_STREAM =
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

  @Test
  void propagatedStreamMatchesRedis() throws Exception {
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
    String lastSetKey = null;
    for (String line : SCRIPT) {
      if (line.startsWith("SLEEP")) {
        String key = lastSetKey;
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> (Long) observer.call("EXISTS", key) == 0);
        continue;
      }
      if (line.startsWith("ASYNC ")) {
        resp().send((Object[]) line.substring(6).split(" "));
        BlockingInTransactionsTest.awaitBlocked(observer, ++waiting);
        continue;
      }
      String[] argv = line.split(" ");
      if (argv[0].equals("SET")) {
        lastSetKey = argv[1];
      }
      c.call((Object[]) argv);
      if (argv[0].equals("EXEC") || argv[0].equals("RPUSH") || argv[0].equals("SORT")) {
        waiting = (int) BlockingInTransactionsTest.blockedClients(observer);
      }
    }
    List<String> masked = new ArrayList<>();
    for (String s : stream) {
      masked.add(
          s.replaceAll("PXAT \\d+", "PXAT <t>").replaceAll("^(PEXPIREAT \\S+) \\d+$", "$1 <t>"));
    }
    assertThat(masked).containsExactlyElementsOf(REDIS_STREAM);
  }
}
