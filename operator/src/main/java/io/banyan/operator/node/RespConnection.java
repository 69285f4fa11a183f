package io.banyan.operator.node;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One blocking RESP2 connection to a data node, for the operator's few administrative commands.
 * Every call is bounded by the socket timeout so a frozen node (SIGSTOP) costs the probe its
 * timeout, not a stuck reconcile thread. Not thread-safe: one caller at a time.
 */
final class RespConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** Over {@code connected} (see {@link NodeConnector#openSocket}); closes it on failure. */
  RespConnection(Socket connected) throws IOException {
    try {
      in = new BufferedInputStream(connected.getInputStream());
      out = connected.getOutputStream();
    } catch (IOException e) {
      connected.close();
      throw e;
    }
    socket = connected;
  }

  /**
   * Connects to {@code host:port}, every read bounded by {@code timeoutMillis}, in TLS when {@code
   * tls} is given (a {@link TlsHandshakeException} when that fails).
   */
  static Socket open(String host, int port, int timeoutMillis, NodeConnector.NodeTls tls)
      throws IOException {
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), timeoutMillis);
      plain.setSoTimeout(timeoutMillis); // bounds the handshake too
      plain.setTcpNoDelay(true);
      if (tls != null && tls.trust() == null) {
        throw new TlsHandshakeException(tls.hostName(), new IOException(tls.error()));
      }
      return tls == null ? plain : tls.trust().handshake(plain, tls.hostName(), port);
    } catch (IOException e) {
      plain.close();
      throw e;
    }
  }

  /** Sends one command and reads its reply; an error reply becomes {@link NodeErrorReply}. */
  Object call(String... args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      buf.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.writeBytes(b);
      buf.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(buf.toByteArray());
    out.flush();
    Object reply = read();
    if (reply instanceof NodeErrorReply e) {
      throw e;
    }
    return reply;
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("connection closed by the node");
    }
    String line = line();
    return switch (type) {
      case '+' -> line;
      case '-' -> new NodeErrorReply(line);
      case ':' -> Long.parseLong(line);
      case '$' -> bulk(Integer.parseInt(line));
      case '*' -> array(Integer.parseInt(line));
      default -> throw new IOException("unexpected RESP type byte " + (char) type);
    };
  }

  private String bulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] data = in.readNBytes(length + 2);
    if (data.length != length + 2) {
      throw new IOException("connection closed inside a bulk reply");
    }
    return new String(data, 0, length, StandardCharsets.UTF_8);
  }

  private List<Object> array(int count) throws IOException {
    if (count < 0) {
      return null;
    }
    List<Object> items = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      items.add(read());
    }
    return items;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("connection closed inside a reply line");
      }
      sb.append((char) c);
    }
    if (in.read() != '\n') {
      throw new IOException("reply line not terminated by CRLF");
    }
    return sb.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }
}
