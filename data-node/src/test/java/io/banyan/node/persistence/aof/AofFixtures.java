package io.banyan.node.persistence.aof;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made AOF directories for loading tests. */
final class AofFixtures {
  static final String BASE = "appendonly.aof.1.base.aof";
  static final String INCR = "appendonly.aof.1.incr.aof";
  static final String MANIFEST = "appendonly.aof.manifest";

  private AofFixtures() {}

  /** A command as the AOF stores it. */
  static byte[] command(String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, "*" + argv.length + "\r\n");
    for (String a : argv) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      write(out, "$" + b.length + "\r\n");
      out.writeBytes(b);
      write(out, "\r\n");
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Writes {@code <dir>/appendonlydir} with a command-format base and one incremental file, listed
   * by a manifest as Redis 7.0 writes it.
   */
  static Path writeAof(Path dir, byte[] base, byte[] incr) throws IOException {
    Path aofDir = dir.resolve("appendonlydir");
    Files.createDirectories(aofDir);
    Files.write(aofDir.resolve(BASE), base);
    Files.write(aofDir.resolve(INCR), incr);
    Files.writeString(
        aofDir.resolve(MANIFEST),
        "file " + BASE + " seq 1 type b\nfile " + INCR + " seq 1 type i\n");
    return aofDir;
  }
}
