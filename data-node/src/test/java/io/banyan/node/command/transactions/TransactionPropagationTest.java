package io.banyan.node.command.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.model.CommandTable;
import io.banyan.node.engine.Propagator;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What transactions and PUBLISH send to replicas and the AOF (Redis 7.0's wrapping rules). */
class TransactionPropagationTest extends ServerTestBase {
  /** Propagated commands as "db:ARG ARG ...", in order; written on the command thread only. */
  private final List<String> propagated = new ArrayList<>();

  @Override
  protected void addTestCommands(CommandTable table) {
    TestOnlyCommands.register(table);
  }

  @BeforeEach
  void capturePropagation() throws Exception {
    server.onCommandThread(
        () -> {
          propagated.clear();
          server.engine().setPropagator(this::record);
          return null;
        });
  }

  @AfterEach
  void stopCapturing() throws Exception {
    server.onCommandThread(
        () -> {
          server.engine().setPropagator(Propagator.NONE);
          return null;
        });
  }

  private void record(int db, byte[][] argv) {
    StringJoiner j = new StringJoiner(" ", db + ":", "");
    for (byte[] a : argv) {
      j.add(new String(a, StandardCharsets.UTF_8));
    }
    propagated.add(j.toString());
  }

  private List<String> propagated() throws Exception {
    return server.onCommandThread(() -> new ArrayList<>(propagated));
  }

  @Test
  void severalWritesAreWrappedInMultiExec() throws Exception {
    RespClient c = resp();
    c.call("MULTI");
    c.call("SET", "a", "1");
    c.call("GET", "a");
    c.call("test-select", "2");
    c.call("SET", "b", "2");
    c.call("EXEC");
    assertThat(propagated()).containsExactly("0:MULTI", "0:SET a 1", "2:SET b 2", "2:EXEC");
  }

  @Test
  void aSingleWriteGoesAloneAndReadOnlyTransactionsPropagateNothing() throws Exception {
    RespClient c = resp();
    c.call("MULTI");
    c.call("SET", "a", "1");
    c.call("GET", "a");
    c.call("EXEC");
    c.call("MULTI");
    c.call("GET", "a");
    c.call("EXEC");
    assertThat(propagated()).containsExactly("0:SET a 1");
  }

  @Test
  void failedOrAbortedTransactionsPropagateNothing() throws Exception {
    RespClient c = resp();
    RespClient other = resp();
    c.call("WATCH", "w");
    other.call("GET", "w");
    other.call("SET", "w", "x");
    c.call("MULTI");
    c.call("SET", "a", "1");
    c.call("SET", "b", "1");
    c.call("EXEC");
    c.call("MULTI");
    c.call("SET", "a");
    c.call("EXEC");
    c.call("SET", "s", "abc");
    c.call("MULTI");
    c.call("test-incr", "s"); // fails inside EXEC: nothing to propagate for it
    c.call("SET", "c", "1");
    c.call("EXEC");
    assertThat(propagated()).containsExactly("0:SET w x", "0:SET s abc", "0:SET c 1");
  }

  @Test
  void publishIsPropagatedAlsoInsideTransactions() throws Exception {
    RespClient c = resp();
    c.call("PUBLISH", "ch", "m1");
    c.call("MULTI");
    c.call("PUBLISH", "ch", "m2");
    c.call("SET", "k", "v");
    c.call("EXEC");
    c.call("SPUBLISH", "sh", "m3");
    assertThat(propagated())
        .containsExactly(
            "0:PUBLISH ch m1",
            "0:MULTI",
            "0:PUBLISH ch m2",
            "0:SET k v",
            "0:EXEC",
            "0:SPUBLISH sh m3");
  }

  @Test
  void anExpiryDeletionCausedInsideExecJoinsTheUnit() throws Exception {
    RespClient c = resp();
    server.onCommandThread(
        () -> {
          server.engine().setActiveExpire(false);
          return null;
        });
    try {
      c.call("SET", "old", "v");
      c.call("test-pexpire", "old", "1");
      org.awaitility.Awaitility.await()
          .until(
              () ->
                  server.onCommandThread(
                      () -> {
                        var db = server.engine().keyspace().db(0);
                        var e = db.peek("old".getBytes());
                        return e != null && db.isExpired(e);
                      }));
      server.onCommandThread(
          () -> {
            propagated.clear();
            return null;
          });
      c.call("MULTI");
      c.call("GET", "old");
      c.call("SET", "new", "v");
      c.call("EXEC");
      assertThat(propagated()).containsExactly("0:MULTI", "0:DEL old", "0:SET new v", "0:EXEC");
    } finally {
      server.onCommandThread(
          () -> {
            server.engine().setActiveExpire(true);
            return null;
          });
    }
  }
}
