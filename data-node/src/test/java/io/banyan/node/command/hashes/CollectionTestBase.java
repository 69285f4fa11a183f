package io.banyan.node.command.hashes;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.engine.Propagator;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Entry;
import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Helpers for the hash and set command tests: RESP3 connections, byte-exact replies, the encoding
 * of a key, what a command propagated, and a command's registered metadata.
 */
@ResourceLock(value = "EncodingLimits", mode = ResourceAccessMode.READ)
public abstract class CollectionTestBase extends ServerTestBase {

  /** A RespClient switched to RESP3 (as HELLO 3 would do). */
  protected RespClient resp3() throws Exception {
    RespClient c = resp();
    c.call("PING");
    switchNewestClientToResp3();
    return c;
  }

  /** A connection whose replies are returned as the exact protocol text. */
  protected RawConnection raw(int protocol) throws Exception {
    RawConnection c = new RawConnection(port());
    closeAfterTest(c);
    c.call("PING");
    if (protocol == 3) {
      switchNewestClientToResp3();
    }
    return c;
  }

  private void switchNewestClientToResp3() throws Exception {
    server.onCommandThread(
        () -> {
          Client newest =
              server.engine().clients().all().stream()
                  .max(Comparator.comparingLong(Client::id))
                  .orElseThrow();
          newest.reply().setProtocol(3);
          return null;
        });
  }

  private final List<AutoCloseable> extra = new ArrayList<>();

  private void closeAfterTest(AutoCloseable c) {
    extra.add(c);
  }

  @AfterEach
  void closeRawConnections() throws Exception {
    for (AutoCloseable c : extra) {
      c.close();
    }
    extra.clear();
  }

  /** OBJECT ENCODING of key in database 0, or null when absent. */
  protected String encoding(String key) throws Exception {
    return server.onCommandThread(
        () -> {
          Entry e = server.engine().keyspace().db(0).lookup(key.getBytes(StandardCharsets.UTF_8));
          return e == null ? null : ((CompositeValue) e.value()).encoding();
        });
  }

  /** Whether key exists in database 0. */
  protected boolean exists(String key) throws Exception {
    return server.onCommandThread(
        () -> server.engine().keyspace().db(0).exists(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sets an expiry an hour ahead on key in database 0. */
  protected void expireLater(String key) throws Exception {
    server.onCommandThread(
        () ->
            server
                .engine()
                .keyspace()
                .db(0)
                .setExpiry(
                    key.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() + 3_600_000));
  }

  /** Expiry of key in ms, -1 without one, -2 when absent. */
  protected long expiryOf(String key) throws Exception {
    return server.onCommandThread(
        () -> server.engine().keyspace().db(0).expiryOf(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Runs action and returns the commands it propagated, each as space-separated words. */
  protected List<String> propagated(ThrowingRunnable action) throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    server.onCommandThread(
        () -> {
          server
              .engine()
              .setPropagator(
                  (db, argv) -> {
                    List<String> words = new ArrayList<>();
                    for (byte[] a : argv) {
                      words.add(new String(a, StandardCharsets.UTF_8));
                    }
                    seen.add(String.join(" ", words));
                  });
          return null;
        });
    try {
      action.run();
    } finally {
      server.onCommandThread(
          () -> {
            server.engine().setPropagator(Propagator.NONE);
            return null;
          });
    }
    return seen;
  }

  /** The registered spec of a command. */
  protected CommandSpec spec(String name) {
    return server.engine().commands().lookup(name);
  }

  /** An action that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** A bare connection returning each reply's exact bytes (as ISO-8859-1 text). */
}
