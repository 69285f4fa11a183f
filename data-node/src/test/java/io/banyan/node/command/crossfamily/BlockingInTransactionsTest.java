package io.banyan.node.command.crossfamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Blocking list and sorted-set commands inside MULTI/EXEC (where they never block), and blocked
 * clients woken (or not) by writes of other families and by transactions. Expected values measured
 * on redis-server 7.0.15.
 */
class BlockingInTransactionsTest extends CrossFamilySupport {
  private static final String[] BLOCKING_ON_EMPTY = {
    "BLPOP l1 l2 0",
    "BLMOVE l1 l2 LEFT RIGHT 0",
    "BZPOPMIN z 0",
    "BZMPOP 0 1 z MIN",
    "BLMPOP 0 1 l1 LEFT",
    "BRPOPLPUSH l1 l2 0",
    "BZPOPMAX z 0",
    "BRPOP l1 0"
  };

  /** The exact timeout replies, RESP2: null arrays, except the moves that reply a null bulk. */
  private static final String EMPTY_RESP2 =
      "*8\r\n*-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n$-1\r\n*-1\r\n*-1\r\n";

  private static final String EMPTY_RESP3 = "*8\r\n_\r\n_\r\n_\r\n_\r\n_\r\n_\r\n_\r\n_\r\n";

  @Test
  void onEmptyKeysEachRepliesItsTimeoutShapeImmediately() {
    try (RawConnection raw = new RawConnection(port())) {
      assertThat(raw.call("MULTI")).isEqualTo("+OK\r\n");
      for (String cmd : BLOCKING_ON_EMPTY) {
        assertThat(raw.call(cmd.split(" "))).isEqualTo("+QUEUED\r\n");
      }
      assertThat(raw.call("EXEC")).isEqualTo(EMPTY_RESP2);
      raw.call("HELLO", "3");
      raw.call("MULTI");
      for (String cmd : BLOCKING_ON_EMPTY) {
        raw.call(cmd.split(" "));
      }
      assertThat(raw.call("EXEC")).isEqualTo(EMPTY_RESP3);
    }
  }

  @Test
  void withDataTheyPop() {
    RespClient c = resp();
    c.call("RPUSH", "l1", "a", "b", "c");
    c.call("ZADD", "z", "1", "m", "2", "n", "3", "o");
    c.call("MULTI");
    c.call("BLPOP", "l1", "l2", "0");
    c.call("BLMOVE", "l1", "l2", "LEFT", "RIGHT", "0");
    c.call("BZPOPMIN", "z", "0");
    c.call("BZMPOP", "0", "1", "z", "MIN");
    c.call("BRPOP", "l2", "l1", "0");
    c.call("BZPOPMAX", "z", "0");
    assertThat(call(c, "EXEC"))
        .isEqualTo(
            List.of(
                List.of("l1", "a"),
                "b",
                List.of("z", "m", "1"),
                List.of("z", List.of(List.of("n", "2"))),
                List.of("l2", "b"),
                List.of("z", "o", "3")));
    assertThat(c.call("EXISTS", "l1", "l2", "z")).isEqualTo(1L);
    // Data pushed earlier in the same transaction is there for the pop.
    c.call("MULTI");
    c.call("RPUSH", "fresh", "x");
    c.call("BLPOP", "fresh", "0");
    assertThat(call(c, "EXEC")).isEqualTo(List.of(1L, List.of("fresh", "x")));
  }

  @Test
  void bzpopminKeepsWaitingWhileItsKeyIsAListAndIsServedOnceItIsASortedSet() {
    RespClient blocked = resp();
    RespClient writer = resp();
    blocked.send("BZPOPMIN", "z", "0");
    awaitBlocked(writer, 1);
    assertThat(writer.call("LPUSH", "z", "a")).isEqualTo(1L);
    // Still blocked: PING on the writer round-trips after the push was handled.
    assertThat(writer.call("PING")).isEqualTo("PONG");
    assertThat(blockedClients(writer)).isEqualTo(1L);
    assertThat(writer.call("DEL", "z")).isEqualTo(1L);
    assertThat(writer.call("ZADD", "z", "4", "m")).isEqualTo(1L);
    assertThat(s(blocked.read())).isEqualTo(List.of("z", "m", "4"));
    assertThat(writer.call("EXISTS", "z")).isEqualTo(0L);
  }

  @Test
  void blpopKeepsWaitingWhileItsKeyIsASortedSet() {
    RespClient blocked = resp();
    RespClient writer = resp();
    blocked.send("BLPOP", "k", "0");
    awaitBlocked(writer, 1);
    writer.call("ZADD", "k", "1", "m");
    assertThat(writer.call("PING")).isEqualTo("PONG");
    assertThat(blockedClients(writer)).isEqualTo(1L);
    // MULTI: replace the sorted set by a list in one step.
    writer.call("MULTI");
    writer.call("DEL", "k");
    writer.call("RPUSH", "k", "v");
    assertThat(call(writer, "EXEC")).isEqualTo(List.of(1L, 1L));
    assertThat(s(blocked.read())).isEqualTo(List.of("k", "v"));
  }

  @Test
  void aClientBlockedOnSeveralKeysIsServedByTheFirstKeyTheTransactionFilled() {
    RespClient blocked = resp();
    RespClient writer = resp();
    blocked.send("BLPOP", "a", "b", "c", "0");
    awaitBlocked(writer, 1);
    writer.call("MULTI");
    writer.call("RPUSH", "c", "from-c");
    writer.call("RPUSH", "b", "from-b");
    writer.call("RPUSH", "a", "from-a");
    assertThat(call(writer, "EXEC")).isEqualTo(List.of(1L, 1L, 1L));
    // Redis serves keys in the order they became ready, not in the order BLPOP named them.
    assertThat(s(blocked.read())).isEqualTo(List.of("c", "from-c"));
    assertThat(call(writer, "LRANGE", "a", "0", "-1")).isEqualTo(List.of("from-a"));
    assertThat(call(writer, "LRANGE", "b", "0", "-1")).isEqualTo(List.of("from-b"));
    assertThat(writer.call("EXISTS", "c")).isEqualTo(0L);
  }

  @Test
  void aWaiterIsServedFromTheReadyKeyEvenWhenAnEarlierKeyHoldsAnotherType() {
    RespClient writer = resp();
    String[][] cases = {
      {"BLPOP a b 0", "ZADD a 1 m", "RPUSH b x", "[b, x]"},
      {"BLMPOP 0 2 a b LEFT COUNT 2", "ZADD a 1 m", "RPUSH b x", "[b, [x]]"},
      {"BZPOPMIN a b 0", "RPUSH a x", "ZADD b 1 m", "[b, m, 1]"},
      {"BZMPOP 0 2 a b MIN", "RPUSH a x", "ZADD b 1 m", "[b, [[m, 1]]]"},
    };
    for (String[] t : cases) {
      RespClient blocked = resp();
      blocked.send((Object[]) t[0].split(" "));
      awaitBlocked(writer, 1);
      writer.call((Object[]) t[1].split(" "));
      writer.call((Object[]) t[2].split(" "));
      assertThat(String.valueOf(s(blocked.read()))).as(t[0]).isEqualTo(t[3]);
      assertThat(blockedClients(writer)).isEqualTo(0L);
      writer.call("DEL", "a", "b");
    }
  }

  @Test
  void aTransactionThatFillsAndEmptiesTheKeyServesNobody() {
    RespClient blocked = resp();
    RespClient writer = resp();
    blocked.send("BZPOPMIN", "z", "0");
    awaitBlocked(writer, 1);
    writer.call("MULTI");
    writer.call("ZADD", "z", "1", "m");
    writer.call("ZREM", "z", "m");
    writer.call("ZADD", "z2", "1", "m");
    assertThat(call(writer, "EXEC")).isEqualTo(List.of(1L, 1L, 1L));
    assertThat(writer.call("PING")).isEqualTo("PONG");
    assertThat(blockedClients(writer)).isEqualTo(1L);
    writer.call("ZADD", "z", "2", "n");
    assertThat(s(blocked.read())).isEqualTo(List.of("z", "n", "2"));
  }

  @Test
  void storeCommandsOfEveryFamilyServeBlockedClients() {
    RespClient writer = resp();
    writer.call("RPUSH", "srclist", "3", "1", "2");
    writer.call("SADD", "srcset", "a", "b");
    writer.call("ZADD", "srczset", "5", "m", "6", "n");
    String[][] cases = {
      {"BLPOP dst 0", "SORT srclist STORE dst", "[dst, 1]"},
      {"BLPOP dst 0", "LMOVE srclist dst LEFT LEFT", "[dst, 3]"},
      {"BZPOPMIN dst 0", "ZUNIONSTORE dst 1 srcset", "[dst, a, 1]"},
      {"BZPOPMAX dst 0", "ZINTERSTORE dst 2 srczset srczset", "[dst, n, 12]"},
      {"BZPOPMIN dst 0", "ZRANGESTORE dst srczset 1 1", "[dst, n, 6]"},
      {"BZPOPMIN dst 0", "ZDIFFSTORE dst 2 srczset srcset", "[dst, m, 5]"},
      {"BZPOPMIN dst 0", "ZINCRBY dst 2 x", "[dst, x, 2]"},
      {"BZMPOP 0 1 dst MAX COUNT 5", "ZADD dst INCR 3 y", "[dst, [[y, 3]]]"},
    };
    for (String[] t : cases) {
      writer.call("DEL", "dst");
      RespClient blocked = resp();
      blocked.send((Object[]) t[0].split(" "));
      awaitBlocked(writer, 1);
      assertThat(writer.call((Object[]) t[1].split(" "))).isNotInstanceOf(RespClient.Err.class);
      assertThat(String.valueOf(s(blocked.read()))).as(t[1]).isEqualTo(t[2]);
      blocked.close();
    }
  }

  @Test
  void waitersOnTheSameKeyNameInTwoDatabasesAreServedByTheirOwn() {
    RespClient writer = resp();
    RespClient inDb0 = resp();
    RespClient inDb1 = resp();
    inDb1.call("SELECT", "1");
    inDb0.send("BLPOP", "k", "0");
    inDb1.send("BLPOP", "k", "0");
    awaitBlocked(writer, 2);
    writer.call("SELECT", "1");
    writer.call("RPUSH", "k", "for-db1");
    assertThat(s(inDb1.read())).isEqualTo(List.of("k", "for-db1"));
    assertThat(blockedClients(writer)).isEqualTo(1L);
    writer.call("SELECT", "0");
    writer.call("RPUSH", "k", "for-db0");
    assertThat(s(inDb0.read())).isEqualTo(List.of("k", "for-db0"));
  }

  @Test
  void timeoutsAreReadAsLongDoublesHexadecimalIncluded() {
    RespClient c = resp();
    c.call("RPUSH", "l", "a", "b", "c");
    c.call("ZADD", "z", "1", "m");
    assertThat(call(c, "BLPOP", "l", "0x10")).isEqualTo(List.of("l", "a"));
    assertThat(call(c, "BLMOVE", "l", "l2", "LEFT", "LEFT", "0X1p-2")).isEqualTo("b");
    assertThat(call(c, "BLMPOP", "0x.8", "1", "l", "LEFT")).isEqualTo(List.of("l", List.of("c")));
    assertThat(call(c, "BZPOPMIN", "z", "0x1P3")).isEqualTo(List.of("z", "m", "1"));
    // Tiny timeouts round up to a millisecond rather than meaning "forever".
    assertThat(c.call("BLPOP", "missing", "1e-18")).isNull();
    assertThat(c.call("BZMPOP", "0x1p-30", "1", "missing", "MIN")).isNull();
    assertThat(c.call("BLPOP", "l", "0x"))
        .isEqualTo(err("ERR timeout is not a float or out of range"));
    assertThat(c.call("BLPOP", "l", "0x1p"))
        .isEqualTo(err("ERR timeout is not a float or out of range"));
    assertThat(c.call("BLPOP", "l", "nan"))
        .isEqualTo(err("ERR timeout is not a float or out of range"));
    assertThat(c.call("BLPOP", "l", "-0x1")).isEqualTo(err("ERR timeout is negative"));
  }

  static long blockedClients(RespClient c) {
    String info = RespClient.str(c.call("INFO", "clients"));
    for (String line : info.split("\r\n")) {
      if (line.startsWith("blocked_clients:")) {
        return Long.parseLong(line.substring("blocked_clients:".length()));
      }
    }
    throw new IllegalStateException("no blocked_clients in " + info);
  }

  static void awaitBlocked(RespClient c, long n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients(c) == n);
  }
}
