package io.banyan.operator.backup;

import io.banyan.operator.node.Credentials;
import io.banyan.operator.node.NodeConnector;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of an rdb-only full sync, as {@code redis-cli --rdb} does it: {@code REPLCONF
 * rdb-only 1}, {@code PSYNC ? -1}, {@code +FULLRESYNC <replid> <offset>}, then the RDB as a sized
 * bulk ({@code $<len>}) or EOF-marked ({@code $EOF:<40 bytes>}) — which the node closes after.
 * Every read is bounded by the socket timeout (a node sends a newline every second while it
 * prepares the snapshot, so a slow snapshot does not time out). Not thread-safe.
 */
final class SnapshotStream implements AutoCloseable {
  /** The longest header line accepted: a node that sends more is not speaking RESP. */
  private static final int MAX_LINE = 1024;

  private static final int MARK_LENGTH = 40;

  /** What +FULLRESYNC said: the history and offset the snapshot belongs to. */
  record FullResync(String replId, long offset) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private SnapshotStream(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    this.out = socket.getOutputStream();
  }

  /**
   * Connects (in TLS when the node serves TLS: {@code connector} knows) and authenticates as {@code
   * credentials} say.
   */
  static SnapshotStream open(
      NodeConnector connector, String host, int port, Credentials credentials, int timeoutMillis)
      throws IOException {
    Socket s = connector.openSocket(host, port, timeoutMillis);
    try {
      SnapshotStream stream = new SnapshotStream(s);
      if (credentials.password() != null && credentials.user() != null) {
        stream.expectOk("AUTH", credentials.user(), credentials.password());
      } else if (credentials.password() != null) {
        stream.expectOk("AUTH", credentials.password());
      }
      return stream;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** For tests and other transports: an already connected stream pair. */
  static FullResync readFullResync(InputStream in) throws IOException {
    String line = headerLine(in);
    String[] words = line.split(" ");
    if (!line.startsWith("+FULLRESYNC ") || words.length != 3) {
      throw new IOException("the node did not start a full sync: " + printable(line));
    }
    try {
      return new FullResync(words[1], Long.parseLong(words[2]));
    } catch (NumberFormatException e) {
      throw new IOException("bad offset in " + printable(line));
    }
  }

  /** Asks for the snapshot: rdb-only, then PSYNC ? -1. */
  FullResync requestSnapshot() throws IOException {
    expectOk("REPLCONF", "rdb-only", "1");
    send("PSYNC", "?", "-1");
    return readFullResync(in);
  }

  /** Copies the RDB payload into {@code sink}; returns its length in bytes. */
  long copyRdbTo(OutputStream sink) throws IOException {
    return copyRdb(in, sink);
  }

  /**
   * Reads the RDB bulk that follows +FULLRESYNC from {@code in} into {@code sink} (bounded memory:
   * one 64 KiB buffer plus the 40-byte mark window).
   */
  static long copyRdb(InputStream in, OutputStream sink) throws IOException {
    String header = headerLine(in);
    if (header.startsWith("-")) {
      throw new IOException("the node refused the snapshot: " + printable(header));
    }
    if (header.startsWith("$EOF:")) {
      byte[] mark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
      if (mark.length != MARK_LENGTH) {
        throw new IOException("bad EOF mark in " + printable(header));
      }
      return copyUntilMark(in, sink, mark);
    }
    long length;
    try {
      length = header.startsWith("$") ? Long.parseLong(header.substring(1)) : -1;
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0) {
      throw new IOException("expected an RDB bulk, got " + printable(header));
    }
    byte[] buf = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new EOFException("connection closed " + (length - left) + " bytes into the RDB");
      }
      sink.write(buf, 0, n);
      left -= n;
    }
    return length;
  }

  /**
   * Everything up to the mark: the last 40 bytes read are held back until more arrive, since they
   * may be the mark.
   */
  private static long copyUntilMark(InputStream in, OutputStream sink, byte[] mark)
      throws IOException {
    byte[] buf = new byte[64 * 1024 + MARK_LENGTH];
    int held = 0; // bytes at the start of buf not yet written
    long total = 0;
    while (true) {
      int n = in.read(buf, held, buf.length - held);
      if (n < 0) {
        throw new EOFException("connection closed before the RDB's EOF mark");
      }
      held += n;
      if (held >= MARK_LENGTH
          && Arrays.equals(buf, held - MARK_LENGTH, held, mark, 0, MARK_LENGTH)) {
        sink.write(buf, 0, held - MARK_LENGTH);
        return total + held - MARK_LENGTH;
      }
      int safe = held - MARK_LENGTH;
      if (safe > 0) {
        sink.write(buf, 0, safe);
        total += safe;
        System.arraycopy(buf, safe, buf, 0, MARK_LENGTH);
        held = MARK_LENGTH;
      }
    }
  }

  private void expectOk(String... command) throws IOException {
    send(command);
    String reply = headerLine(in);
    if (!reply.startsWith("+")) {
      throw new IOException(command[0] + " refused: " + printable(reply));
    }
  }

  private void send(String... args) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String a : args) {
      byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
      b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(bytes);
      b.writeBytes(new byte[] {'\r', '\n'});
    }
    out.write(b.toByteArray());
    out.flush();
  }

  /** One CRLF-terminated line, skipping the bare newlines a node sends while it prepares. */
  private static String headerLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed by the node");
      }
      if (c == '\n') {
        if (line.size() == 0) {
          continue; // a keep-alive newline
        }
        byte[] b = line.toByteArray();
        int end = b[b.length - 1] == '\r' ? b.length - 1 : b.length;
        return new String(b, 0, end, StandardCharsets.US_ASCII);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("reply line longer than " + MAX_LINE + " bytes");
      }
      line.write(c);
    }
  }

  /** An error line quoted in a message: printable ASCII, bounded. */
  private static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // best effort
    }
  }
}
