package io.banyan.node.command.lists;

import static org.awaitility.Awaitility.await;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Propagator;
import io.banyan.node.store.Bytes;
import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Helpers for the list command tests: records what the node propagates, waits for clients to block,
 * and reaches the server-side session of a connection (for RESP3 and EXEC context while HELLO and
 * MULTI live in other families).
 */
abstract class ListTestBase extends ServerTestBase {
  /** Commands the node propagated, as space-joined strings, in order. */
  protected final List<String> propagated = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void recordPropagation() throws Exception {
    propagated.clear();
    onServer(
        () -> {
          server.engine().setPropagator((db, argv) -> propagated.add(join(argv)));
          return null;
        });
  }

  @AfterEach
  void stopRecording() throws Exception {
    onServer(
        () -> {
          server.engine().setPropagator(Propagator.NONE);
          return null;
        });
  }

  protected <T> T onServer(Callable<T> task) {
    try {
      return server.onCommandThread(task);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  protected static String join(byte[][] argv) {
    StringBuilder sb = new StringBuilder();
    for (byte[] a : argv) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(Bytes.str(a));
    }
    return sb.toString();
  }

  /** Whether key exists in database 0 (EXISTS belongs to another family). */
  protected boolean exists(String key) {
    return onServer(() -> server.engine().keyspace().db(0).exists(Bytes.utf8(key)));
  }

  protected int blockedClients() {
    return onServer(() -> server.engine().blocking().blockedClients());
  }

  protected void awaitBlocked(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients() == n);
  }

  /** A raw connection together with its server-side session. */
  protected record Conn(RawConnection raw, Client session) {
    String call(String... args) {
      return raw.call(args);
    }

    void send(String... args) {
      raw.send(args);
    }

    String read() {
      return raw.read();
    }
  }

  private final List<RawConnection> rawConnections = new ArrayList<>();

  @AfterEach
  void closeRawConnections() {
    rawConnections.forEach(RawConnection::close);
    rawConnections.clear();
  }

  /** A new raw connection; its session is the newest client once PING is answered. */
  protected Conn connect() {
    RawConnection r = new RawConnection(port());
    rawConnections.add(r);
    r.call("PING");
    Client session =
        onServer(
            () ->
                server.engine().clients().all().stream()
                    .reduce((a, b) -> a.id() > b.id() ? a : b)
                    .orElseThrow());
    return new Conn(r, session);
  }

  /** A connection speaking RESP3: HELLO 3 when the node has it, else set on the session. */
  protected Conn connectResp3() {
    Conn c = connect();
    if (c.call("HELLO", "3").startsWith("-")) {
      onServer(
          () -> {
            c.session().reply().setProtocol(3);
            return null;
          });
    }
    return c;
  }

  /** Runs a command as EXEC runs queued commands: blocking commands must not block. */
  protected String inTransaction(Conn c, String... args) {
    setExecuting(c, true);
    try {
      return c.call(args);
    } finally {
      setExecuting(c, false);
    }
  }

  private void setExecuting(Conn c, boolean executing) {
    onServer(
        () -> {
          c.session().setExecutingTransaction(executing);
          return null;
        });
  }

  protected static String str(Object reply) {
    return RespClient.str(reply);
  }

  /** A reply array of bulk strings as Strings (nested arrays converted too). */
  protected static Object strs(Object reply) {
    if (reply instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(o instanceof byte[] || o instanceof List<?> ? strs(o) : o);
      }
      return out;
    }
    return reply instanceof byte[] b ? Bytes.str(b) : reply;
  }

  protected static RespClient.Err err(String message) {
    return new RespClient.Err(message);
  }

  protected static final RespClient.Err WRONGTYPE =
      err("WRONGTYPE Operation against a key holding the wrong kind of value");

  // ---- expected protocol text ----------------------------------------------------------------

  protected static final String NULL_BULK = "$-1\r\n";
  protected static final String NULL_ARRAY = "*-1\r\n";
  protected static final String NULL3 = "_\r\n";
  protected static final String OK = "+OK\r\n";
  protected static final String WRONGTYPE_LINE =
      "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

  protected static String bulk(String s) {
    return "$" + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
  }

  protected static String integer(long v) {
    return ":" + v + "\r\n";
  }

  protected static String error(String message) {
    return "-" + message + "\r\n";
  }

  /** An array of already-encoded elements. */
  protected static String array(String... encoded) {
    return "*" + encoded.length + "\r\n" + String.join("", encoded);
  }

  /** An array of bulk strings. */
  protected static String bulks(String... values) {
    String[] encoded = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      encoded[i] = bulk(values[i]);
    }
    return array(encoded);
  }
}
