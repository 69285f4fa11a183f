package io.banyan.node.command.keys;

import io.banyan.node.client.Client;
import io.banyan.node.engine.Propagator;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Test helpers for the string and key families: recording what the node propagates, placing values
 * of the other types (whose families live elsewhere) straight into the keyspace, reading other
 * databases, and switching a raw connection to RESP3.
 */
public final class KeyspaceTestSupport {
  private KeyspaceTestSupport() {}

  /** Every propagated command as "db ARG ARG ...", in order. */
  public static final class PropagationLog implements Propagator {
    private final List<String> entries = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void propagate(int db, byte[][] argv) {
      StringBuilder sb = new StringBuilder().append(db);
      for (byte[] a : argv) {
        sb.append(' ').append(new String(a, StandardCharsets.UTF_8));
      }
      entries.add(sb.toString());
    }

    public List<String> entries() {
      synchronized (entries) {
        return List.copyOf(entries);
      }
    }

    public void clear() {
      entries.clear();
    }
  }

  /** Replaces the node's propagator with a recorder. */
  public static PropagationLog recordPropagation(BanyanServer server) throws Exception {
    PropagationLog log = new PropagationLog();
    server.onCommandThread(
        () -> {
          server.engine().setPropagator(log);
          return null;
        });
    return log;
  }

  /** A one-element value of another type, for WRONGTYPE, TYPE and COPY tests. */
  public static final class OtherTypeValue extends CompositeValue {
    private final ValueType type;
    private final String content;

    public OtherTypeValue(ValueType type, String content) {
      this.type = type;
      this.content = content;
    }

    public String content() {
      return content;
    }

    @Override
    public ValueType type() {
      return type;
    }

    @Override
    public String encoding() {
      return "test";
    }

    @Override
    public int size() {
      return 1;
    }

    @Override
    public long memoryBytes() {
      return 64;
    }

    @Override
    public OtherTypeValue copy() {
      return new OtherTypeValue(type, content);
    }
  }

  /** Stores a value of the given (non-string) type at key in database db. */
  public static void putOtherType(BanyanServer server, int db, String key, ValueType type)
      throws Exception {
    server.onCommandThread(
        () -> {
          Database d = server.engine().keyspace().db(db);
          byte[] k = key.getBytes(StandardCharsets.UTF_8);
          d.delete(k);
          d.add(k, new OtherTypeValue(type, key));
          d.modified(k);
          return null;
        });
  }

  /** The value at key in database db (a String for strings, the value object otherwise). */
  public static Object valueIn(BanyanServer server, int db, String key) throws Exception {
    return server.onCommandThread(
        () -> {
          Entry e = server.engine().keyspace().db(db).lookup(key.getBytes(StandardCharsets.UTF_8));
          if (e == null) {
            return null;
          }
          return e.value() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : e.value();
        });
  }

  /** The absolute expiry of key in database db, -1 without one, -2 when absent. */
  public static long expiryIn(BanyanServer server, int db, String key) throws Exception {
    return server.onCommandThread(
        () -> server.engine().keyspace().db(db).expiryOf(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Stores a string in database db. */
  public static void putString(BanyanServer server, int db, String key, String value)
      throws Exception {
    server.onCommandThread(
        () -> {
          server
              .engine()
              .keyspace()
              .db(db)
              .set(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
          return null;
        });
  }

  public static long dirty(BanyanServer server) throws Exception {
    return server.onCommandThread(() -> server.engine().dirty());
  }

  /**
   * Switches a fresh connection to RESP3: with HELLO 3 when the node has it, otherwise (while the
   * connection family is developed separately) by setting the protocol of the newest client.
   */
  public static void useResp3(BanyanServer server, RespClient client) throws Exception {
    Object reply = client.call("HELLO", "3");
    if (reply instanceof RespClient.Err) {
      switchNewestClientToResp3(server);
    }
  }

  /**
   * A connection that returns replies as their exact wire text, to tell RESP3 types apart (a RESP3
   * null "_" and a RESP2 null bulk "$-1" parse to the same Java null).
   */
  public static final class RawConnection implements AutoCloseable {
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private final Socket socket;
    private final InputStream in;

    public RawConnection(int port) {
      try {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Sends a command and returns its reply's wire text (a PING after it marks the end). */
    public String exchange(Object... args) {
      try {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        encode(req, args);
        encode(req, new Object[] {"PING"});
        socket.getOutputStream().write(req.toByteArray());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!endsWithPong(got.toByteArray())) {
          int b = in.read();
          if (b < 0) {
            throw new IOException("closed");
          }
          got.write(b);
        }
        byte[] all = got.toByteArray();
        return new String(all, 0, all.length - PONG.length, StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static boolean endsWithPong(byte[] b) {
      if (b.length < PONG.length) {
        return false;
      }
      for (int i = 0; i < PONG.length; i++) {
        if (b[b.length - PONG.length + i] != PONG[i]) {
          return false;
        }
      }
      return true;
    }

    private static void encode(ByteArrayOutputStream out, Object[] args) {
      out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (Object a : args) {
        byte[] v = String.valueOf(a).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(v);
        out.writeBytes(new byte[] {'\r', '\n'});
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A raw connection switched to RESP3 (see {@link #useResp3}). */
  public static RawConnection rawResp3(BanyanServer server) throws Exception {
    RawConnection raw = new RawConnection(server.port());
    String hello = raw.exchange("HELLO", "3");
    if (hello.startsWith("-")) {
      switchNewestClientToResp3(server);
    }
    return raw;
  }

  private static void switchNewestClientToResp3(BanyanServer server) throws Exception {
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
}
