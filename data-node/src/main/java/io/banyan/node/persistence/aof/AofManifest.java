package io.banyan.node.persistence.aof;

import java.util.ArrayList;
import java.util.List;

/**
 * The list of files that make up a Redis 7.0 multi-part AOF, as stored in {@code
 * <appendfilename>.manifest}: one base file (an RDB preamble or commands), then incremental files
 * of commands in sequence order, plus history files (replaced by a rewrite, about to be deleted).
 * One line per file: {@code file appendonly.aof.1.base.rdb seq 1 type b}.
 *
 * <p>Immutable: every change returns a new manifest, so the command thread can hand one to the IO
 * thread to persist while it keeps planning with its own copy.
 */
public final class AofManifest {
  /** The role of a file in the manifest, with its one-letter code. */
  public enum Type {
    BASE('b'),
    HISTORY('h'),
    INCR('i');

    final char code;

    Type(char code) {
      this.code = code;
    }

    static Type of(String code) {
      for (Type t : values()) {
        if (code.length() == 1 && code.charAt(0) == t.code) {
          return t;
        }
      }
      return null;
    }
  }

  /** One file of the AOF. */
  public record FileInfo(String name, long seq, Type type) {
    FileInfo as(Type newType) {
      return new FileInfo(name, seq, newType);
    }
  }

  /** Longest manifest line Redis accepts. */
  private static final int MAX_LINE = 1024;

  private final FileInfo base;
  private final List<FileInfo> incrs;
  private final List<FileInfo> history;
  private final long baseSeq;
  private final long incrSeq;

  private AofManifest(
      FileInfo base, List<FileInfo> incrs, List<FileInfo> history, long baseSeq, long incrSeq) {
    this.base = base;
    this.incrs = List.copyOf(incrs);
    this.history = List.copyOf(history);
    this.baseSeq = baseSeq;
    this.incrSeq = incrSeq;
  }

  /** A manifest listing nothing, for a node that has never written an AOF. */
  public static AofManifest empty() {
    return new AofManifest(null, List.of(), List.of(), 0, 0);
  }

  /** The manifest of an upgraded single-file AOF: the old file becomes the base (seq 1). */
  public static AofManifest legacy(String fileName) {
    return new AofManifest(new FileInfo(fileName, 1, Type.BASE), List.of(), List.of(), 1, 0);
  }

  /** The base file, or null when there is none yet. */
  public FileInfo base() {
    return base;
  }

  /** Incremental files in the order they are replayed; the last one is the one appended to. */
  public List<FileInfo> incrs() {
    return incrs;
  }

  /** Files a rewrite replaced, listed until they are deleted. */
  public List<FileInfo> history() {
    return history;
  }

  /** True when the manifest lists no base and no incremental file. */
  public boolean isEmpty() {
    return base == null && incrs.isEmpty();
  }

  /** The base and incremental files, in loading order. */
  public List<FileInfo> loadOrder() {
    List<FileInfo> all = new ArrayList<>(incrs.size() + 1);
    if (base != null) {
      all.add(base);
    }
    all.addAll(incrs);
    return all;
  }

  /** The last incremental file (the one writes go to), or null. */
  public FileInfo lastIncr() {
    return incrs.isEmpty() ? null : incrs.get(incrs.size() - 1);
  }

  // ---- names ---------------------------------------------------------------------------------

  /** The manifest's own file name: {@code <appendfilename>.manifest}. */
  public static String manifestName(String appendFilename) {
    return appendFilename + ".manifest";
  }

  /** A base file's entry: {@code <appendfilename>.<seq>.base.rdb} (or .aof without preamble). */
  public static FileInfo baseFile(String appendFilename, long seq, boolean rdbPreamble) {
    String name = appendFilename + "." + seq + ".base" + (rdbPreamble ? ".rdb" : ".aof");
    return new FileInfo(name, seq, Type.BASE);
  }

  /** An incremental file's entry: {@code <appendfilename>.<seq>.incr.aof}. */
  public static FileInfo incrFile(String appendFilename, long seq) {
    return new FileInfo(appendFilename + "." + seq + ".incr.aof", seq, Type.INCR);
  }

  // ---- changes -------------------------------------------------------------------------------

  /** This manifest with one more incremental file, which becomes the one appended to. */
  public AofManifest withIncr(FileInfo incr) {
    List<FileInfo> list = new ArrayList<>(incrs);
    list.add(incr);
    return new AofManifest(base, list, history, baseSeq, Math.max(incrSeq, incr.seq()));
  }

  /**
   * The manifest after a rewrite produced {@code newBase}: incremental files from {@code
   * firstKeptIncrSeq} on stay (they hold writes made after the snapshot began); the old base and
   * the other incremental files become history.
   *
   * @param firstKeptIncrSeq the sequence of the file opened when the rewrite began, or {@code
   *     Long.MAX_VALUE} to keep none (the AOF is off)
   */
  public AofManifest afterRewrite(FileInfo newBase, long firstKeptIncrSeq) {
    List<FileInfo> kept = new ArrayList<>();
    List<FileInfo> old = new ArrayList<>(history);
    if (base != null) {
      old.add(base.as(Type.HISTORY));
    }
    for (FileInfo f : incrs) {
      if (f.seq() >= firstKeptIncrSeq) {
        kept.add(f);
      } else {
        old.add(f.as(Type.HISTORY));
      }
    }
    return new AofManifest(newBase, kept, old, Math.max(baseSeq, newBase.seq()), incrSeq);
  }

  /** This manifest with the history files removed (after they were deleted). */
  public AofManifest withoutHistory() {
    return new AofManifest(base, incrs, List.of(), baseSeq, incrSeq);
  }

  /** A manifest listing exactly these files. */
  public static AofManifest of(FileInfo base, List<FileInfo> incrs, List<FileInfo> history) {
    long incrSeq = 0;
    for (FileInfo f : incrs) {
      incrSeq = Math.max(incrSeq, f.seq());
    }
    return new AofManifest(base, incrs, history, base == null ? 0 : base.seq(), incrSeq);
  }

  /** Every file the manifest names: base, incremental and history files. */
  public List<FileInfo> allFiles() {
    List<FileInfo> all = new ArrayList<>(loadOrder());
    all.addAll(history);
    return all;
  }

  long baseSeq() {
    return baseSeq;
  }

  long incrSeq() {
    return incrSeq;
  }

  // ---- text ----------------------------------------------------------------------------------

  /** The manifest text: base, history, then incremental files, one line each. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    if (base != null) {
      line(sb, base);
    }
    for (FileInfo f : history) {
      line(sb, f);
    }
    for (FileInfo f : incrs) {
      line(sb, f);
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, FileInfo f) {
    sb.append("file ")
        .append(ManifestWords.quoteIfNeeded(f.name()))
        .append(" seq ")
        .append(f.seq())
        .append(" type ")
        .append(f.type().code)
        .append('\n');
  }

  /**
   * Parses a manifest as Redis 7.0 writes it (blank lines and {@code #} comments allowed, keys in
   * any order, quoted names).
   *
   * @throws AofFormatException naming the line when the text is not a valid manifest
   */
  public static AofManifest parse(String text, String manifestName) {
    FileInfo base = null;
    List<FileInfo> incrs = new ArrayList<>();
    List<FileInfo> history = new ArrayList<>();
    long maxBaseSeq = 0;
    long maxIncrSeq = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String where = "line " + (i + 1) + " of the AOF manifest " + manifestName;
      if (line.length() > MAX_LINE) {
        throw new AofFormatException(where + " is too long");
      }
      FileInfo f = parseLine(trimmed, where);
      switch (f.type()) {
        case BASE -> {
          if (base != null) {
            throw new AofFormatException(where + " lists a second base file");
          }
          base = f;
          maxBaseSeq = Math.max(maxBaseSeq, f.seq());
        }
        case INCR -> {
          if (f.seq() <= maxIncrSeq) {
            throw new AofFormatException(
                where + ": incremental file sequence numbers must increase (" + f.seq() + ")");
          }
          incrs.add(f);
          maxIncrSeq = f.seq();
        }
        case HISTORY -> history.add(f);
      }
    }
    if (base == null && incrs.isEmpty() && history.isEmpty()) {
      throw new AofFormatException("the AOF manifest " + manifestName + " lists no file");
    }
    return new AofManifest(base, incrs, history, maxBaseSeq, maxIncrSeq);
  }

  private static FileInfo parseLine(String line, String where) {
    List<String> words = ManifestWords.split(line);
    if (words == null || words.size() % 2 != 0) {
      throw new AofFormatException(where + " is not a list of key/value pairs: " + line);
    }
    String name = null;
    Long seq = null;
    Type type = null;
    for (int i = 0; i < words.size(); i += 2) {
      String key = words.get(i);
      String value = words.get(i + 1);
      switch (key) {
        case "file" -> name = value;
        case "seq" -> seq = parseSeq(value);
        case "type" -> type = Type.of(value);
        default -> {
          // Later versions may add keys; Redis ignores what it does not know.
        }
      }
    }
    if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
      throw new AofFormatException(where + " has no valid file name: " + line);
    }
    if (seq == null || seq <= 0) {
      throw new AofFormatException(where + " has no valid sequence number: " + line);
    }
    if (type == null) {
      throw new AofFormatException(where + " has no valid type (b, h or i): " + line);
    }
    return new FileInfo(name, seq, type);
  }

  private static Long parseSeq(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return format();
  }
}
