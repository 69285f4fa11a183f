package io.banyan.node.replication;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes propagated writes as the RESP the replication stream carries, emitting {@code SELECT}
 * whenever a write targets another database than the stream's current one.
 */
final class StreamEncoder {
  private int selectedDb = -1;

  /** The next write is preceded by SELECT whatever its database (a new sync starts). */
  void forgetSelectedDb() {
    selectedDb = -1;
  }

  int selectedDb() {
    return selectedDb;
  }

  byte[] encode(int db, byte[][] argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (db != selectedDb) {
      write(out, new byte[][] {ascii("SELECT"), ascii(Integer.toString(db))});
      selectedDb = db;
    }
    write(out, argv);
    return out.toByteArray();
  }

  static byte[] command(String... words) {
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = ascii(words[i]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, argv);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, byte[][] argv) {
    out.writeBytes(ascii("*" + argv.length + "\r\n"));
    for (byte[] a : argv) {
      out.writeBytes(ascii("$" + a.length + "\r\n"));
      out.writeBytes(a);
      out.writeBytes(new byte[] {'\r', '\n'});
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
