package io.banyan.node.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A connection that returns each reply as its exact protocol text, so tests can tell {@code *-1}
 * from {@code $-1} from {@code _}, which a parsing client reports alike as null, and can check that
 * a RESP2 reply holds no RESP3-only type.
 */
public final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawConnection(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a command and returns its reply's exact text. */
  public String call(String... args) {
    send(args);
    return read();
  }

  public void send(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] v = a.getBytes(StandardCharsets.UTF_8);
      sb.append('$').append(v.length).append("\r\n").append(a).append("\r\n");
    }
    try {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The type markers of one complete reply, in order (the first byte of every line that starts a
   * reply or an element), so a test sees the types without being fooled by bulk string contents.
   */
  public String readTypes() {
    StringBuilder types = new StringBuilder();
    readInto(new StringBuilder(), types);
    return types.toString();
  }

  /** Reads one complete reply, nested elements included. */
  public String read() {
    StringBuilder sb = new StringBuilder();
    readInto(sb, new StringBuilder());
    return sb.toString();
  }

  private void readInto(StringBuilder sb, StringBuilder types) {
    String line = readLine();
    sb.append(line).append("\r\n");
    char type = line.charAt(0);
    types.append(type);
    switch (type) {
      case '$', '=', '!' -> {
        int n = Integer.parseInt(line.substring(1));
        if (n >= 0) {
          sb.append(new String(readN(n + 2), StandardCharsets.UTF_8));
        }
      }
      case '*', '~', '>', '%', '|' -> {
        int n = Integer.parseInt(line.substring(1));
        if (type == '%' || type == '|') {
          n *= 2;
        }
        for (int i = 0; i < n; i++) {
          readInto(sb, types);
        }
      }
      default -> {
        // a single-line reply
      }
    }
  }

  private byte[] readN(int n) {
    try {
      return in.readNBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readLine() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\r') {
          in.read();
          return b.toString(StandardCharsets.UTF_8);
        }
        b.write(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new UncheckedIOException(new IOException("connection closed by server"));
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
