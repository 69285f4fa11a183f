package io.banyan.node.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal blocking RESP2/RESP3 client for tests that must see the exact reply types and error
 * texts. Replies are parsed into: String (simple), {@link Err}, Long, byte[] (bulk; use {@link
 * #str}), List, Map, Set, Double, Boolean, {@link Push}, and null.
 */
public final class RespClient implements AutoCloseable {
  /** An error reply. */
  public record Err(String message) {}

  /** A RESP3 push frame. */
  public record Push(List<Object> items) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespClient(String host, int port) {
    try {
      socket = new Socket(host, port);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a command and reads its reply. */
  public Object call(Object... args) {
    send(args);
    return read();
  }

  /** Sends a command without reading the reply. */
  public void send(Object... args) {
    sendRaw(encode(args));
  }

  /** A request as RESP multi-bulk bytes: byte[] arguments as they are, others as UTF-8 text. */
  static byte[] encode(Object... args) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object a : args) {
      byte[] v =
          a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
      b.writeBytes(("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(v);
      b.writeBytes(new byte[] {'\r', '\n'});
    }
    return b.toByteArray();
  }

  public void sendRaw(String s) {
    sendRaw(s.getBytes(StandardCharsets.UTF_8));
  }

  public void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void setTimeoutMillis(int ms) {
    try {
      socket.setSoTimeout(ms);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when the server closed the connection (reads EOF). */
  public boolean isClosedByServer() {
    try {
      return in.read() == -1;
    } catch (IOException e) {
      return true;
    }
  }

  /** Reads one reply. */
  public Object read() {
    return readReply(in);
  }

  /**
   * Reads one reply from {@code in} (shared with the in-process harness, so both tiers decode
   * replies alike).
   */
  static Object readReply(InputStream in) {
    try {
      int type = in.read();
      if (type == -1) {
        throw new UncheckedIOException(new IOException("connection closed by server"));
      }
      String line = readLine(in);
      switch (type) {
        case '+':
          return line;
        case '-':
          return new Err(line);
        case ':':
          return Long.parseLong(line);
        case '$':
          {
            int n = Integer.parseInt(line);
            if (n < 0) {
              return null;
            }
            byte[] data = in.readNBytes(n);
            in.readNBytes(2);
            return data;
          }
        case '=':
          {
            int n = Integer.parseInt(line);
            byte[] data = in.readNBytes(n);
            in.readNBytes(2);
            return new String(data, 4, n - 4, StandardCharsets.UTF_8);
          }
        case '*':
        case '~':
        case '>':
          {
            int n = Integer.parseInt(line);
            if (n < 0) {
              return null;
            }
            List<Object> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              items.add(readReply(in));
            }
            if (type == '~') {
              Set<Object> s = new LinkedHashSet<>();
              for (Object o : items) {
                s.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o);
              }
              return s;
            }
            return type == '>' ? new Push(items) : items;
          }
        case '%':
          {
            int n = Integer.parseInt(line);
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
              Object k = readReply(in);
              m.put(
                  k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : k, readReply(in));
            }
            return m;
          }
        case '_':
          return null;
        case ',':
          return switch (line) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(line);
          };
        case '#':
          return line.equals("t");
        default:
          throw new IllegalStateException("unexpected reply type " + (char) type + line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  /** A bulk reply as a String, for assertions. */
  public static String str(Object reply) {
    return reply instanceof byte[] b
        ? new String(b, StandardCharsets.UTF_8)
        : String.valueOf(reply);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
