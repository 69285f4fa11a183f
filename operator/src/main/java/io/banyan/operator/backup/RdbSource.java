package io.banyan.operator.backup;

import io.banyan.operator.api.S3Spec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The operator acting as a replication master for a restore: a data node told {@code REPLICAOF
 * <operator> <port>} gets the handshake answered (PING, AUTH, REPLCONF) and, on PSYNC/SYNC, {@code
 * +FULLRESYNC <new replid> 0} followed by the backup object streamed from S3 as a sized bulk (the
 * object's size); then a PING every second keeps the link up until the operator promotes the node
 * (which drops the link) or {@link #forget forgets} the restore. The node's first {@code REPLCONF
 * ACK} after the bulk says it loaded the data.
 *
 * <p>Only the node a restore was {@link #offer offered} to may sync, recognised by its address (the
 * connection's source, which a data node binds to its own address) and, when the cluster has a
 * password, by AUTH with it: backup data goes to nobody else. Requests are bounded (16 arguments of
 * 4 KiB). One virtual thread per connection; memory per restore is one 64 KiB copy buffer.
 */
public final class RdbSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RdbSource.class);
  private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_ARGS = 16;
  private static final int MAX_ARG_BYTES = 4096;

  /** One restore offered to one node address. */
  static final class Session {
    final String nodeIp;
    final String password;
    final S3Spec s3;
    final S3Store.Keys keys;
    final String key;
    final String replId = io.banyan.operator.backup.Ids.newReplId();
    volatile boolean sent;
    volatile boolean loaded;
    volatile String error;
    final List<Socket> connections = new CopyOnWriteArrayList<>();

    Session(String nodeIp, String password, S3Spec s3, S3Store.Keys keys, String key) {
      this.nodeIp = nodeIp;
      this.password = password;
      this.s3 = s3;
      this.keys = keys;
      this.key = key;
    }
  }

  private final ServerSocket server;
  private final String advertisedHost;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param bindAddress where to listen (null: every address)
   * @param port 0 for an ephemeral port
   * @param advertisedHost the address nodes are told to replicate from
   */
  public RdbSource(InetAddress bindAddress, int port, String advertisedHost) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(bindAddress, port));
    this.advertisedHost = advertisedHost;
    Thread.ofVirtual().name("rdb-source-accept").start(this::acceptLoop);
  }

  public String host() {
    return advertisedHost;
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * Lets the node at {@code nodeIp} load {@code key}; idempotent while the same restore is offered
   * (an offer of another key replaces it).
   */
  Session offer(String nodeIp, String password, S3Spec s3, S3Store.Keys keys, String key) {
    return sessions.compute(
        nodeIp,
        (ip, old) -> {
          if (old != null
              && old.key.equals(key)
              && java.util.Objects.equals(old.password, password)) {
            return old;
          }
          if (old != null) {
            closeConnections(old);
          }
          return new Session(ip, password, s3, keys, key);
        });
  }

  Session session(String nodeIp) {
    return sessions.get(nodeIp);
  }

  /** Ends the restore of {@code nodeIp}: its connections are closed. */
  void forget(String nodeIp) {
    Session s = sessions.remove(nodeIp);
    if (s != null) {
      closeConnections(s);
    }
  }

  private static void closeConnections(Session s) {
    for (Socket c : s.connections) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing is best effort
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().name("rdb-source-conn").start(() -> serve(s));
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("restore source: accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serve(Socket socket) {
    String peer = socket.getInetAddress().getHostAddress();
    Session session = sessions.get(peer);
    try (socket) {
      socket.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      if (session == null) {
        reply(out, "-ERR no restore is offered to " + peer);
        return;
      }
      session.connections.add(socket);
      boolean authed = session.password == null;
      while (true) {
        List<String> cmd = readCommand(in);
        String name = cmd.get(0).toUpperCase(java.util.Locale.ROOT);
        if (name.equals("AUTH")) {
          authed = matches(cmd.get(cmd.size() - 1), session.password);
          reply(out, authed ? "+OK" : "-WRONGPASS invalid username-password pair");
        } else if (!authed) {
          reply(out, "-NOAUTH Authentication required.");
        } else if (name.equals("PING")) {
          reply(out, "+PONG");
        } else if (name.equals("REPLCONF")) {
          reply(out, "+OK");
        } else if (name.equals("PSYNC") || name.equals("SYNC")) {
          sendSnapshot(session, socket, in, out, name.equals("PSYNC"));
          return;
        } else {
          reply(out, "-ERR this is a restore source: only the replication handshake is served");
        }
      }
    } catch (IOException e) {
      if (session != null && !session.loaded && !closed) {
        session.error = e.getMessage();
        LOG.info("restore source: connection of {} ended: {}", peer, e.toString());
      }
    } finally {
      if (session != null) {
        session.connections.remove(socket);
      }
    }
  }

  private void sendSnapshot(
      Session session, Socket socket, InputStream in, OutputStream out, boolean psync)
      throws IOException {
    if (psync) {
      reply(out, "+FULLRESYNC " + session.replId + " 0");
    }
    try (S3Store store = S3Store.open(session.s3, session.keys);
        ResponseInputStream<GetObjectResponse> object = store.get(session.key)) {
      long size = object.response().contentLength();
      out.write(("$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
      long copied = object.transferTo(out);
      if (copied != size) {
        throw new IOException("object " + session.key + " ended after " + copied + " bytes");
      }
      out.flush();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      session.error = "reading " + session.key + ": " + e.getMessage();
      throw new IOException(session.error, e);
    }
    session.sent = true;
    session.error = null;
    // The link stays up (a PING a second, as a master does) until the node is promoted or the
    // restore forgotten, which closes the socket; the node's ACKs say how far it got: any ACK now
    // means it loaded the RDB. The pings come from their own thread so reads never time out
    // halfway through a request.
    socket.setSoTimeout(0);
    Thread pinger =
        Thread.ofVirtual()
            .name("rdb-source-ping")
            .start(
                () -> {
                  try {
                    while (!socket.isClosed()) {
                      Thread.sleep(1000);
                      out.write(PING);
                      out.flush();
                    }
                  } catch (IOException | InterruptedException e) {
                    // the link is gone: the reader below sees it too
                  }
                });
    try {
      while (true) {
        List<String> cmd = readCommand(in);
        if (cmd.size() >= 2
            && cmd.get(0).equalsIgnoreCase("REPLCONF")
            && cmd.get(1).equalsIgnoreCase("ACK")) {
          session.loaded = true;
        }
      }
    } finally {
      pinger.interrupt();
    }
  }

  private static boolean matches(String given, String expected) {
    return expected == null
        || MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** One RESP multi-bulk request (what a replica sends), bounded in count and size. */
  static List<String> readCommand(InputStream in) throws IOException {
    String header = line(in);
    if (!header.startsWith("*")) {
      throw new IOException("expected a RESP array");
    }
    int n = parseBounded(header.substring(1), MAX_ARGS);
    if (n < 1) {
      throw new IOException("empty request");
    }
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String len = line(in);
      if (!len.startsWith("$")) {
        throw new IOException("expected a bulk string");
      }
      int size = parseBounded(len.substring(1), MAX_ARG_BYTES);
      byte[] b = in.readNBytes(size + 2);
      if (b.length != size + 2) {
        throw new EOFException("connection closed inside a request");
      }
      args.add(new String(b, 0, size, StandardCharsets.UTF_8));
    }
    return args;
  }

  private static int parseBounded(String s, int max) throws IOException {
    try {
      int v = Integer.parseInt(s);
      if (v < 0 || v > max) {
        throw new IOException("request too large");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IOException("bad length");
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("connection closed");
      }
      if (b.size() > 64) {
        throw new IOException("header line too long");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // best effort
    }
    sessions.values().forEach(RdbSource::closeConnections);
    sessions.clear();
  }
}
