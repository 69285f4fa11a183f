package io.banyan.node.command.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;
import io.banyan.node.store.type.ListValue;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands with several real connections: who is served, in which order, with what,
 * and what is left in the lists.
 */
class ListBlockingTest extends ListTestBase {

  @Test
  void blpopWaitsForAPushAndTheElementDoesNotStayInTheList() {
    Conn waiter = connect();
    Conn pusher = connect();
    waiter.send("BLPOP", "k", "0");
    awaitBlocked(1);
    assertThat(pusher.call("RPUSH", "k", "x")).isEqualTo(integer(1));
    assertThat(waiter.read()).isEqualTo(bulks("k", "x"));
    assertThat(blockedClients()).isZero();
    assertThat(exists("k")).isFalse();
    assertThat(pusher.call("LLEN", "k")).isEqualTo(integer(0));
  }

  @Test
  void waitersAreServedFirstBlockedFirstServed() {
    Conn first = connect();
    Conn second = connect();
    Conn third = connect();
    Conn pusher = connect();
    first.send("BLPOP", "k", "0");
    awaitBlocked(1);
    second.send("BRPOP", "k", "0");
    awaitBlocked(2);
    third.send("BLPOP", "k", "0");
    awaitBlocked(3);

    assertThat(pusher.call("RPUSH", "k", "a")).isEqualTo(integer(1));
    assertThat(first.read()).isEqualTo(bulks("k", "a"));
    assertThat(blockedClients()).isEqualTo(2);

    assertThat(pusher.call("RPUSH", "k", "b")).isEqualTo(integer(1));
    assertThat(second.read()).isEqualTo(bulks("k", "b"));
    assertThat(blockedClients()).isEqualTo(1);
    assertThat(exists("k")).isFalse();
  }

  @Test
  void pushOfSeveralElementsWakesSeveralWaitersInOrder() {
    Conn a = connect();
    Conn b = connect();
    Conn c = connect();
    Conn pusher = connect();
    a.send("BLPOP", "k", "0");
    awaitBlocked(1);
    b.send("BLPOP", "k", "0");
    awaitBlocked(2);
    c.send("BRPOP", "k", "0");
    awaitBlocked(3);
    // The pusher sees the length before anyone is served.
    assertThat(pusher.call("LPUSH", "k", "1", "2", "3", "4")).isEqualTo(integer(4));
    assertThat(a.read()).isEqualTo(bulks("k", "4"));
    assertThat(b.read()).isEqualTo(bulks("k", "3"));
    assertThat(c.read()).isEqualTo(bulks("k", "1"));
    assertThat(blockedClients()).isZero();
    assertThat(pusher.call("LRANGE", "k", "0", "-1")).isEqualTo(bulks("2"));
  }

  @Test
  void clientBlockedOnSeveralKeysIsServedFromTheKeyThatGotData() {
    Conn waiter = connect();
    Conn pusher = connect();
    waiter.send("BLPOP", "a", "b", "c", "0");
    awaitBlocked(1);
    pusher.call("RPUSH", "b", "x");
    assertThat(waiter.read()).isEqualTo(bulks("b", "x"));
    assertThat(onServer(() -> server.engine().blocking().blockingKeys())).isZero();
  }

  @Test
  void whenSeveralKeysGetDataAtOnceTheFirstToBecomeReadyServes() {
    Conn waiter = connect();
    waiter.send("BLPOP", "a", "b", "c", "0");
    awaitBlocked(1);
    // As EXEC would: c gets data first, then a, and waiters are served after both.
    onServer(
        () -> {
          Database db = server.engine().keyspace().db(0);
          for (String key : new String[] {"c", "a"}) {
            ListValue l = new ListValue();
            l.addLast(Bytes.utf8(key + "-value"));
            db.add(Bytes.utf8(key), l);
            db.modified(Bytes.utf8(key));
          }
          server.engine().blocking().serveReady();
          return null;
        });
    // Redis 7.0 serves the waiter from the key that woke it first, not the first in its arguments.
    assertThat(waiter.read()).isEqualTo(bulks("c", "c-value"));
    assertThat(exists("a")).isTrue();
  }

  @Test
  void waiterStaysBlockedWhenTheReadyKeyNoLongerHoldsAList() {
    Conn waiter = connect();
    Conn pusher = connect();
    waiter.send("BLPOP", "k", "0");
    awaitBlocked(1);
    // As MULTI / RPUSH k a / SET k str / EXEC: the key was ready but is a string when served.
    onServer(
        () -> {
          Database db = server.engine().keyspace().db(0);
          ListValue l = new ListValue();
          l.addLast(Bytes.utf8("a"));
          db.add(Bytes.utf8("k"), l);
          db.modified(Bytes.utf8("k"));
          db.set(Bytes.utf8("k"), Bytes.utf8("str"));
          server.engine().blocking().serveReady();
          return null;
        });
    assertThat(blockedClients()).isEqualTo(1);
    onServer(
        () -> {
          server.engine().keyspace().db(0).delete(Bytes.utf8("k"));
          return null;
        });
    pusher.call("RPUSH", "k", "b");
    assertThat(waiter.read()).isEqualTo(bulks("k", "b"));
  }

  @Test
  void timeoutsAnswerNullArraysInRedis70Shapes() {
    Conn c = connect();
    assertThat(c.call("BLPOP", "nokey", "0.01")).isEqualTo(NULL_ARRAY);
    assertThat(c.call("BRPOP", "nokey", "other", "0.01")).isEqualTo(NULL_ARRAY);
    assertThat(c.call("BLMPOP", "0.01", "1", "nokey", "LEFT")).isEqualTo(NULL_ARRAY);
    // Redis 7.0 also times BLMOVE and BRPOPLPUSH out with a null array, not a null bulk.
    assertThat(c.call("BLMOVE", "nokey", "d", "LEFT", "LEFT", "0.01")).isEqualTo(NULL_ARRAY);
    assertThat(c.call("BRPOPLPUSH", "nokey", "d", "0.01")).isEqualTo(NULL_ARRAY);
    assertThat(blockedClients()).isZero();
    assertThat(exists("d")).isFalse();

    Conn c3 = connectResp3();
    assertThat(c3.call("BLPOP", "nokey", "0.01")).isEqualTo(NULL3);
    assertThat(c3.call("BLMOVE", "nokey", "d", "LEFT", "LEFT", "0.01")).isEqualTo(NULL3);
    assertThat(c3.call("BLMPOP", "0.01", "1", "nokey", "LEFT")).isEqualTo(NULL3);
  }

  @Test
  void insideATransactionEmptyKeysAnswerAtOnce() {
    Conn c = connect();
    assertThat(inTransaction(c, "BLPOP", "nokey", "0")).isEqualTo(NULL_ARRAY);
    assertThat(inTransaction(c, "BRPOP", "nokey", "0")).isEqualTo(NULL_ARRAY);
    assertThat(inTransaction(c, "BLMPOP", "0", "1", "nokey", "LEFT")).isEqualTo(NULL_ARRAY);
    assertThat(inTransaction(c, "BLMOVE", "nokey", "d", "LEFT", "LEFT", "0")).isEqualTo(NULL_BULK);
    assertThat(inTransaction(c, "BRPOPLPUSH", "nokey", "d", "0")).isEqualTo(NULL_BULK);
    assertThat(blockedClients()).isZero();
    c.call("RPUSH", "k", "a", "b");
    assertThat(inTransaction(c, "BLPOP", "k", "0")).isEqualTo(bulks("k", "a"));
    assertThat(inTransaction(c, "BLMOVE", "k", "k", "LEFT", "RIGHT", "0")).isEqualTo(bulk("b"));

    Conn c3 = connectResp3();
    assertThat(inTransaction(c3, "BLPOP", "nokey", "0")).isEqualTo(NULL3);
    assertThat(inTransaction(c3, "BLMOVE", "nokey", "d", "LEFT", "LEFT", "0")).isEqualTo(NULL3);
  }

  @Test
  void blmoveOntoTheSameListRotatesIt() {
    Conn waiter = connect();
    Conn pusher = connect();
    waiter.send("BLMOVE", "k", "k", "RIGHT", "LEFT", "0");
    awaitBlocked(1);
    pusher.call("RPUSH", "k", "a", "b");
    assertThat(waiter.read()).isEqualTo(bulk("b"));
    assertThat(pusher.call("LRANGE", "k", "0", "-1")).isEqualTo(bulks("b", "a"));
  }

  @Test
  void blmoveIntoAListAnotherClientWaitsOnServesBoth() {
    Conn mover = connect();
    Conn popper = connect();
    Conn pusher = connect();
    mover.send("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
    awaitBlocked(1);
    popper.send("BLPOP", "dst", "0");
    awaitBlocked(2);
    pusher.call("RPUSH", "src", "x");
    assertThat(mover.read()).isEqualTo(bulk("x"));
    assertThat(popper.read()).isEqualTo(bulks("dst", "x"));
    assertThat(exists("src")).isFalse();
    assertThat(exists("dst")).isFalse();
  }

  @Test
  void brpoplpushServedWhileBlocked() {
    Conn waiter = connect();
    Conn pusher = connect();
    waiter.send("BRPOPLPUSH", "src", "dst", "0");
    awaitBlocked(1);
    pusher.call("RPUSH", "src", "1", "2");
    assertThat(waiter.read()).isEqualTo(bulk("2"));
    assertThat(pusher.call("LRANGE", "src", "0", "-1")).isEqualTo(bulks("1"));
    assertThat(pusher.call("LRANGE", "dst", "0", "-1")).isEqualTo(bulks("2"));
  }

  @Test
  void blmoveToAWrongTypeDestinationFailsWhenServedAndKeepsTheElement() {
    Conn waiter = connect();
    Conn pusher = connect();
    pusher.call("SET", "d", "str");
    waiter.send("BLMOVE", "s", "d", "LEFT", "LEFT", "0");
    awaitBlocked(1);
    pusher.call("RPUSH", "s", "x");
    assertThat(waiter.read()).isEqualTo(WRONGTYPE_LINE);
    assertThat(blockedClients()).isZero();
    assertThat(pusher.call("LRANGE", "s", "0", "-1")).isEqualTo(bulks("x"));
  }

  @Test
  void blmpopServedWhileBlockedPopsUpToCount() {
    Conn waiter = connect();
    Conn pusher = connect();
    waiter.send("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2");
    awaitBlocked(1);
    pusher.call("RPUSH", "b", "1", "2", "3");
    assertThat(waiter.read()).isEqualTo(array(bulk("b"), bulks("3", "2")));
    assertThat(pusher.call("LRANGE", "b", "0", "-1")).isEqualTo(bulks("1"));
  }

  @Test
  void servedReplyInResp3IsAnArray() {
    Conn waiter = connectResp3();
    Conn pusher = connect();
    waiter.send("BLPOP", "k", "0");
    awaitBlocked(1);
    pusher.call("RPUSH", "k", "v");
    assertThat(waiter.read()).isEqualTo(bulks("k", "v"));
  }

  @Test
  void requestsPipelinedBehindABlockedCommandWaitForIt() {
    Conn waiter = connect();
    Conn pusher = connect();
    waiter.send("BLPOP", "k", "0");
    waiter.send("LLEN", "k");
    awaitBlocked(1);
    pusher.call("RPUSH", "k", "a", "b");
    assertThat(waiter.read()).isEqualTo(bulks("k", "a"));
    assertThat(waiter.read()).isEqualTo(integer(1));
  }

  @Test
  void disconnectedWaiterIsForgottenAndTheNextOneServed() {
    Conn gone = connect();
    Conn next = connect();
    Conn pusher = connect();
    gone.send("BLPOP", "k", "0");
    awaitBlocked(1);
    next.send("BLPOP", "k", "0");
    awaitBlocked(2);
    gone.raw().close();
    awaitBlocked(1);
    pusher.call("RPUSH", "k", "x");
    assertThat(next.read()).isEqualTo(bulks("k", "x"));
  }

  @Test
  void timedOutWaiterIsNotServedLater() {
    Conn waiter = connect();
    Conn pusher = connect();
    assertThat(waiter.call("BLPOP", "k", "0.05")).isEqualTo(NULL_ARRAY);
    pusher.call("RPUSH", "k", "x");
    assertThat(pusher.call("LRANGE", "k", "0", "-1")).isEqualTo(bulks("x"));
    assertThat(waiter.call("PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void blockingCommandWithDataAtHandDoesNotBlock() {
    Conn c = connect();
    c.call("RPUSH", "b", "1", "2");
    assertThat(c.call("BLPOP", "a", "b", "0")).isEqualTo(bulks("b", "1"));
    assertThat(c.call("BRPOP", "a", "b", "0")).isEqualTo(bulks("b", "2"));
    assertThat(blockedClients()).isZero();
  }
}
