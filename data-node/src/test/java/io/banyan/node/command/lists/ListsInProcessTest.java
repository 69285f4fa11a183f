package io.banyan.node.command.lists;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import org.junit.jupiter.api.Test;

/** List commands in-process, blocking pops included: Redis 7.0's replies for the edge cases. */
class ListsInProcessTest extends InProcessTestBase {
  private static List<String> strings(Object reply) {
    return ((List<?>) reply).stream().map(o -> o == null ? null : str(o)).toList();
  }

  @Test
  void indexesCountsAndMissingKeys() {
    InProcessClient c = client();
    assertThat(c.call("RPUSH", "l", "a", "b", "c")).isEqualTo(3L);
    assertThat(c.call("LPOS", "l", "c")).isEqualTo(2L);
    assertThat(c.call("LINDEX", "l", "5")).isNull();
    assertThat(c.call("LSET", "l", "5", "x")).isEqualTo(new Err("ERR index out of range"));
    assertThat(c.call("LSET", "missing", "0", "x")).isEqualTo(new Err("ERR no such key"));
    assertThat(c.call("LINSERT", "l", "BEFORE", "zz", "x")).isEqualTo(-1L);
    assertThat(c.call("LPOP", "l", "0")).isEqualTo(List.of());
    assertThat(c.call("LPOP", "missing", "0")).isNull();
    assertThat(c.call("LPOP", "l", "-1"))
        .isEqualTo(new Err("ERR value is out of range, must be positive"));
    assertThat(c.call("LMPOP", "1", "missing", "LEFT")).isNull();
  }

  @Test
  void lmpopNamesTheKeyItPoppedFrom() {
    InProcessClient c = client();
    c.call("RPUSH", "l", "a", "b", "c");
    List<?> reply = (List<?>) c.call("LMPOP", "2", "missing", "l", "RIGHT", "COUNT", "2");
    assertThat(str(reply.get(0))).isEqualTo("l");
    assertThat(strings(reply.get(1))).containsExactly("c", "b");
    assertThat(str(c.call("LMOVE", "l", "l2", "LEFT", "RIGHT"))).isEqualTo("a");
  }

  @Test
  void blockingTimeoutsAreValidated() {
    InProcessClient c = client();
    assertThat(c.call("BLPOP", "l", "-1")).isEqualTo(new Err("ERR timeout is negative"));
    assertThat(c.call("BLPOP", "l", "abc"))
        .isEqualTo(new Err("ERR timeout is not a float or out of range"));
    // A timeout answers a null array.
    assertThat(c.call("BLPOP", "l", "0.01")).isNull();
  }

  @Test
  void aBlockedPopIsServedByAnotherClientsPush() {
    InProcessClient waiter = client();
    InProcessClient pusher = client();
    waiter.send("BLPOP", "q1", "q2", "0");
    // Requests reach the command thread in the order they are sent: the pop is blocked first.
    assertThat(pusher.call("RPUSH", "q2", "x", "y")).isEqualTo(2L);
    assertThat(strings(waiter.read())).containsExactly("q2", "x");
    assertThat(strings(pusher.call("LRANGE", "q2", "0", "-1"))).containsExactly("y");
    // Unblocked, the waiter serves requests again.
    assertThat(waiter.call("PING")).isEqualTo("PONG");
  }

  @Test
  void aClientClosedWhileBlockedIsNotServed() {
    InProcessClient gone = client();
    InProcessClient waiter = client();
    InProcessClient pusher = client();
    gone.send("BRPOP", "q", "0");
    waiter.send("BRPOP", "q", "0");
    gone.close();
    pusher.call("LPUSH", "q", "only");
    assertThat(strings(waiter.read())).containsExactly("q", "only");
  }
}
