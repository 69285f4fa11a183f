package io.banyan.node.persistence;

import io.banyan.node.io.DurableFiles;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.rdb.RdbAux;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code <dir>/banyan-replication}: the replication position (id, offset, stream database) the AOF
 * corresponds to, written at a clean shutdown right after the AOF's final fsync, with a fingerprint
 * of the AOF files at that moment.
 *
 * <p>Redis 7.0 restores a replication position only from an RDB file's aux fields, so a replica
 * restarted from its AOF always needs a full resync. This file lets a Banyan node continue with a
 * partial one. It is trusted only when the AOF on disk still has exactly the recorded fingerprint
 * (so it describes this dataset, not a later or another one), and it is consumed (deleted) at
 * start-up before anything is loaded or written: a later crash, whose AOF tail may differ, can
 * never reuse it. Anything wrong with it means a full resync as without it, never a failed start.
 */
final class ReplicationResumeFile {
  static final String NAME = "banyan-replication";

  /** Far more than the file ever holds: a damaged or foreign file is not read into memory. */
  private static final long MAX_SIZE = 4096;

  private static final int VERSION = 1;
  private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private ReplicationResumeFile() {}

  /** Writes the record durably and atomically ({@link DurableFiles#replace}). */
  static void write(Path dir, RdbAux.Replication position, String aofDigest) throws IOException {
    String text =
        "# Written by Banyan at a clean shutdown; read and deleted at the next start.\n"
            + "version "
            + VERSION
            + "\nrepl-id "
            + position.replId()
            + "\nrepl-offset "
            + position.offset()
            + "\nrepl-stream-db "
            + position.streamDb()
            + "\naof-digest "
            + aofDigest
            + "\n";
    DurableFiles.replace(dir.resolve(NAME), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Supplies the fingerprint of the AOF on disk now. */
  interface DigestSource {
    String digest() throws IOException;
  }

  /**
   * Reads and deletes the record in {@code dir}, and returns its position when it matches the AOF
   * that is about to be loaded; null (with a log line saying why) when there is none, it cannot be
   * read or deleted, it is malformed, or it describes another AOF state. Never throws.
   *
   * @param aofDigest the fingerprint of the AOF now, computed only when the record is well formed
   * @param databases the number of databases (a stream database beyond it is malformed)
   */
  static RdbAux.Replication take(Path dir, DigestSource aofDigest, int databases, ServerLog log) {
    Path file = dir.resolve(NAME);
    String text;
    try {
      if (Files.size(file) > MAX_SIZE) {
        throw new IOException("larger than " + MAX_SIZE + " bytes");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      log.warning("Ignoring " + file + " (can't read it: " + e + "): a full resync will follow");
      discard(dir, log);
      return null;
    }
    if (!discard(dir, log)) {
      return null;
    }
    try {
      Map<String, String> fields = parse(text);
      RdbAux.Replication position = position(fields, databases);
      String recorded = fields.get("aof-digest");
      if (recorded == null || !HEX64.matcher(recorded).matches()) {
        throw new IllegalArgumentException("aof-digest is missing or malformed");
      }
      String now = aofDigest.digest();
      if (!recorded.equals(now)) {
        log.warning(
            "Ignoring "
                + file
                + ": the AOF is not the one it was written for (changed since the clean shutdown):"
                + " a full resync will follow");
        return null;
      }
      return position;
    } catch (IOException | RuntimeException e) {
      log.warning("Ignoring " + file + " (" + e.getMessage() + "): a full resync will follow");
      return null;
    }
  }

  /**
   * Deletes the record durably, so that it is used at most once. Returns false (with a warning)
   * when it is still there: then it is not used at all.
   */
  static boolean discard(Path dir, ServerLog log) {
    Path file = dir.resolve(NAME);
    try {
      if (Files.deleteIfExists(file)) {
        DurableFiles.fsyncDirectory(dir.toAbsolutePath());
      }
      return true;
    } catch (IOException e) {
      log.warning("Can't delete " + file + " (" + e + "): it is not used");
      return false;
    }
  }

  private static Map<String, String> parse(String text) {
    Map<String, String> fields = new HashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      if (space <= 0 || fields.put(line.substring(0, space), line.substring(space + 1)) != null) {
        throw new IllegalArgumentException("malformed line: " + abbreviate(line));
      }
    }
    if (!Integer.toString(VERSION).equals(fields.get("version"))) {
      throw new IllegalArgumentException("unknown version " + abbreviate(fields.get("version")));
    }
    return fields;
  }

  private static RdbAux.Replication position(Map<String, String> fields, int databases) {
    String replId = fields.get("repl-id");
    if (replId == null || !HEX40.matcher(replId).matches()) {
      throw new IllegalArgumentException("repl-id is missing or malformed");
    }
    long offset = number(fields, "repl-offset", Long.MAX_VALUE);
    int db = (int) number(fields, "repl-stream-db", databases - 1);
    return new RdbAux.Replication(db, replId, offset);
  }

  private static long number(Map<String, String> fields, String name, long max) {
    String v = fields.get(name);
    try {
      long n = Long.parseLong(v == null ? "" : v);
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " is missing or out of range: " + abbreviate(v));
  }

  private static String abbreviate(String s) {
    return s == null ? "(none)" : s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
