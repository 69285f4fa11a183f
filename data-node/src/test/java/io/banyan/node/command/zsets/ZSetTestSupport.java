package io.banyan.node.command.zsets;

import static org.awaitility.Awaitility.await;

import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Entry;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Helpers shared by the sorted-set command tests. */
@ResourceLock(value = "EncodingLimits", mode = ResourceAccessMode.READ)
abstract class ZSetTestSupport extends ServerTestBase {
  /** Commands the node propagated (to AOF/replicas), as space-joined strings. */
  protected final List<String> propagated = new CopyOnWriteArrayList<>();

  @BeforeEach
  void capturePropagation() throws Exception {
    propagated.clear();
    server.onCommandThread(
        () -> {
          server
              .engine()
              .setPropagator(
                  (db, argv) -> {
                    List<String> parts = new ArrayList<>();
                    for (byte[] a : argv) {
                      parts.add(new String(a, StandardCharsets.UTF_8));
                    }
                    propagated.add(String.join(" ", parts));
                  });
          return null;
        });
  }

  static RespClient.Err err(String message) {
    return new RespClient.Err(message);
  }

  /** A reply array of bulk strings (and nulls) as Strings; nested lists are converted too. */
  @SuppressWarnings("unchecked")
  static Object strs(Object reply) {
    if (reply instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (reply instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(strs(o));
      }
      return out;
    }
    return reply;
  }

  /** A RESP3 connection: HELLO 3 when the node has it, else the session is switched directly. */
  protected RespClient resp3() throws Exception {
    RespClient c = resp();
    Object hello = c.call("HELLO", "3");
    if (hello instanceof RespClient.Err) {
      server.onCommandThread(
          () -> {
            server.engine().clients().all().stream()
                .max(Comparator.comparingLong(io.banyan.node.client.Client::id))
                .orElseThrow()
                .reply()
                .setProtocol(3);
            return null;
          });
    }
    return c;
  }

  /** The encoding of a key in database 0, or null when absent. */
  protected String encoding(String key) throws Exception {
    return server.onCommandThread(
        () -> {
          Entry e = server.engine().keyspace().db(0).lookup(key.getBytes(StandardCharsets.UTF_8));
          return e == null ? null : ((CompositeValue) e.value()).encoding();
        });
  }

  protected int blockedClients() throws Exception {
    return server.onCommandThread(() -> server.engine().blocking().blockedClients());
  }

  protected void awaitBlocked(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients() == n);
  }
}
