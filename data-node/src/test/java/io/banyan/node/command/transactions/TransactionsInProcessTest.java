package io.banyan.node.command.transactions;

import static io.banyan.node.testing.RespClient.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.InProcessClient;
import io.banyan.node.testing.InProcessTestBase;
import io.banyan.node.testing.RespClient.Err;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MULTI/EXEC/DISCARD/WATCH in-process: Redis 7.0's replies for the edge cases. */
class TransactionsInProcessTest extends InProcessTestBase {
  private static final Err WRONGTYPE =
      new Err("WRONGTYPE Operation against a key holding the wrong kind of value");

  @Test
  void aRuntimeErrorDoesNotStopTheOtherCommands() {
    InProcessClient c = client();
    assertThat(c.call("MULTI")).isEqualTo("OK");
    assertThat(c.call("SET", "a", "1")).isEqualTo("QUEUED");
    assertThat(c.call("INCR", "a")).isEqualTo("QUEUED");
    assertThat(c.call("LPUSH", "a", "x")).isEqualTo("QUEUED");
    assertThat(c.call("EXEC")).isEqualTo(List.of("OK", 2L, WRONGTYPE));
  }

  @Test
  void aQueueingErrorAbortsTheWholeTransaction() {
    InProcessClient c = client();
    c.call("MULTI");
    c.call("SET", "a", "1");
    assertThat(c.call("SET", "a"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'set' command"));
    assertThat(c.call("EXEC"))
        .isEqualTo(new Err("EXECABORT Transaction discarded because of previous errors."));
    assertThat(c.call("EXISTS", "a")).isEqualTo(0L);
    assertThat(c.call("EXEC")).isEqualTo(new Err("ERR EXEC without MULTI"));
  }

  @Test
  void nestingAndWatchInsideMultiAreRefused() {
    InProcessClient c = client();
    c.call("MULTI");
    assertThat(c.call("MULTI")).isEqualTo(new Err("ERR MULTI calls can not be nested"));
    assertThat(c.call("WATCH", "a")).isEqualTo(new Err("ERR WATCH inside MULTI is not allowed"));
    assertThat(c.call("DISCARD")).isEqualTo("OK");
    assertThat(c.call("DISCARD")).isEqualTo(new Err("ERR DISCARD without MULTI"));
  }

  @Test
  void aWatchedKeyTouchedByAnotherClientFailsTheExec() {
    InProcessClient c = client();
    InProcessClient other = client();
    c.call("SET", "a", "1");
    assertThat(c.call("WATCH", "a")).isEqualTo("OK");
    other.call("INCR", "a");
    c.call("MULTI");
    c.call("INCR", "a");
    assertThat(c.call("EXEC")).isNull();
    assertThat(str(c.call("GET", "a"))).isEqualTo("2");
    // EXEC unwatches: the next transaction runs.
    c.call("MULTI");
    c.call("INCR", "a");
    assertThat(c.call("EXEC")).isEqualTo(List.of(3L));
  }

  @Test
  void anUntouchedWatchLetsTheExecRun() {
    InProcessClient c = client();
    InProcessClient other = client();
    c.call("WATCH", "a");
    other.call("SET", "b", "1");
    c.call("MULTI");
    c.call("SET", "a", "x");
    assertThat(c.call("EXEC")).isEqualTo(List.of("OK"));
  }
}
