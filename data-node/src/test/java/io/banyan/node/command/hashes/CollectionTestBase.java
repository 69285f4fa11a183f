package io.banyan.node.command.hashes;

import io.banyan.node.client.Client;
import io.banyan.node.command.CommandSpec;
import io.banyan.node.engine.Propagator;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Entry;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
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
  protected RawClient raw(int protocol) throws Exception {
    RawClient c = new RawClient(port());
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
  void closeRawClients() throws Exception {
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
  public static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    public String call(String... args) {
      try {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
          byte[] v = a.getBytes(StandardCharsets.UTF_8);
          b.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
          b.writeBytes(v);
          b.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(b.toByteArray());
        out.flush();
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        readReply(reply);
        return reply.toString(StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void readReply(ByteArrayOutputStream reply) throws IOException {
      String line = readLine();
      reply.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      char type = line.charAt(0);
      String rest = line.substring(1);
      if ((type == '$' || type == '=' || type == '!') && !rest.equals("-1")) {
        reply.writeBytes(in.readNBytes(Integer.parseInt(rest) + 2));
      } else if ("*~%>|".indexOf(type) >= 0 && !rest.equals("-1")) {
        int n = Integer.parseInt(rest) * (type == '%' || type == '|' ? 2 : 1);
        for (int i = 0; i < n; i++) {
          readReply(reply);
        }
      }
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != '\r') {
        if (c == -1) {
          throw new IOException("connection closed");
        }
        b.write(c);
      }
      in.read();
      return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
