package io.banyan.node.command.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What list commands send to replicas and the AOF: blocking pops become their non-blocking forms,
 * LMPOP becomes LPOP/RPOP with the number popped, and commands that change nothing send nothing —
 * as recorded from a Redis 7.0.15 AOF.
 */
class ListPropagationTest extends ListTestBase {

  private List<String> takePropagated() {
    synchronized (propagated) {
      List<String> copy = List.copyOf(propagated);
      propagated.clear();
      return copy;
    }
  }

  @Test
  void blockingCommandsWithDataPropagateAsNonBlockingOnes() {
    Conn c = connect();
    c.call("RPUSH", "k", "x", "y", "z", "w");
    c.call("BLPOP", "nokey", "k", "0");
    c.call("BRPOP", "k", "0");
    c.call("BLMOVE", "k", "d", "left", "RIGHT", "0");
    c.call("BRPOPLPUSH", "d", "k", "0");
    c.call("RPUSH", "k", "v");
    c.call("BLMPOP", "0", "2", "nokey", "k", "RIGHT", "COUNT", "2");
    assertThat(takePropagated())
        .containsExactly(
            "RPUSH k x y z w",
            "LPOP k",
            "RPOP k",
            "LMOVE k d left RIGHT",
            "RPOPLPUSH d k",
            "RPUSH k v",
            "RPOP k 2");
  }

  @Test
  void lmpopPropagatesAsPopWithTheNumberActuallyPopped() {
    Conn c = connect();
    c.call("RPUSH", "k", "a", "b");
    c.call("LMPOP", "2", "nokey", "k", "LEFT");
    c.call("LMPOP", "1", "k", "RIGHT", "COUNT", "10");
    c.call("LMPOP", "1", "k", "RIGHT", "COUNT", "10");
    assertThat(takePropagated()).containsExactly("RPUSH k a b", "LPOP k 1", "RPOP k 1");
  }

  @Test
  void servedWaitersPropagateAfterThePushInServingOrder() {
    Conn a = connect();
    Conn b = connect();
    Conn m = connect();
    Conn p = connect();
    a.send("BLPOP", "w", "0");
    awaitBlocked(1);
    b.send("BRPOP", "w", "0");
    awaitBlocked(2);
    m.send("BLMPOP", "0", "1", "w", "LEFT", "COUNT", "5");
    awaitBlocked(3);
    p.call("LPUSH", "w", "1", "2", "3", "4", "5");
    a.read();
    b.read();
    m.read();
    assertThat(takePropagated())
        .containsExactly("LPUSH w 1 2 3 4 5", "LPOP w", "RPOP w", "LPOP w 3");
  }

  @Test
  void servedMovesPropagateAsLmoveAndRpoplpush() {
    Conn mover = connect();
    Conn legacy = connect();
    Conn rotator = connect();
    Conn p = connect();
    mover.send("BLMOVE", "s1", "d1", "LEFT", "RIGHT", "0");
    legacy.send("BRPOPLPUSH", "s2", "d2", "0");
    rotator.send("BLMOVE", "s3", "s3", "RIGHT", "LEFT", "0");
    awaitBlocked(3);
    p.call("RPUSH", "s1", "a");
    p.call("RPUSH", "s2", "b");
    p.call("RPUSH", "s3", "c", "d");
    assertThat(mover.read()).isEqualTo(bulk("a"));
    assertThat(legacy.read()).isEqualTo(bulk("b"));
    assertThat(rotator.read()).isEqualTo(bulk("d"));
    // Served after waiting, Redis 7.0 writes the ends in lower case (its replication stream).
    assertThat(takePropagated())
        .containsExactly(
            "RPUSH s1 a",
            "LMOVE s1 d1 left right",
            "RPUSH s2 b",
            "RPOPLPUSH s2 d2",
            "RPUSH s3 c d",
            "LMOVE s3 s3 right left");
  }

  @Test
  void commandsThatChangeNothingPropagateNothing() {
    Conn c = connect();
    c.call("RPUSH", "k", "a", "b");
    takePropagated();
    c.call("LPOP", "nokey");
    c.call("LPOP", "k", "0");
    c.call("LTRIM", "k", "0", "-1");
    c.call("LREM", "k", "0", "zz");
    c.call("LINSERT", "k", "BEFORE", "zz", "x");
    c.call("LPUSHX", "nokey", "x");
    c.call("LMOVE", "nokey", "k", "LEFT", "LEFT");
    c.call("LMPOP", "1", "nokey", "LEFT");
    c.call("BLPOP", "nokey", "0.01");
    c.call("BLMOVE", "nokey", "k", "LEFT", "LEFT", "0.01");
    c.call("LSET", "k", "9", "x");
    c.call("LLEN", "k");
    assertThat(takePropagated()).isEmpty();
    c.call("LTRIM", "k", "1", "-1");
    c.call("LSET", "k", "0", "z");
    c.call("LREM", "k", "1", "z");
    assertThat(takePropagated()).containsExactly("LTRIM k 1 -1", "LSET k 0 z", "LREM k 1 z");
  }

  @Test
  void timedOutWaiterPropagatesNothing() {
    Conn c = connect();
    c.send("BLPOP", "k", "0.02");
    await().until(() -> blockedClients() == 0);
    assertThat(c.read()).isEqualTo(NULL_ARRAY);
    assertThat(takePropagated()).isEmpty();
  }
}
