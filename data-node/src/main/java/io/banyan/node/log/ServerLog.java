package io.banyan.node.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The node's log in redis-server's line format ({@code pid:role dd Mon yyyy hh:mm:ss.mmm * text})
 * so that operators' existing log tooling reads it. Levels as Redis: debug, verbose, notice,
 * warning. Thread-safe.
 */
public final class ServerLog {
  /** Log levels in increasing severity, with the marker character Redis prints for each. */
  public enum Level {
    DEBUG('.'),
    VERBOSE('-'),
    NOTICE('*'),
    WARNING('#');

    final char marker;

    Level(char marker) {
      this.marker = marker;
    }

    public static Level byName(String name) {
      for (Level l : values()) {
        if (l.name().equalsIgnoreCase(name)) {
          return l;
        }
      }
      return null;
    }
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT);

  private final long pid = ProcessHandle.current().pid();
  private volatile Level level = Level.NOTICE;
  private volatile PrintStream out = System.out;
  private volatile char role = 'M';

  public void setLevel(Level level) {
    this.level = level;
  }

  public Level level() {
    return level;
  }

  /** Role marker in each line: M master, S replica, C child (unused), X sentinel (unused). */
  public void setRole(char role) {
    this.role = role;
  }

  /** Sends the log to a file, or to standard output when path is empty. */
  public synchronized void setFile(String path) throws IOException {
    PrintStream previous = out;
    if (path == null || path.isEmpty()) {
      out = System.out;
    } else {
      out = new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8);
    }
    if (previous != System.out && previous != out) {
      previous.close();
    }
  }

  public void debug(String message) {
    log(Level.DEBUG, message);
  }

  public void verbose(String message) {
    log(Level.VERBOSE, message);
  }

  public void notice(String message) {
    log(Level.NOTICE, message);
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  public boolean enabled(Level l) {
    return l.ordinal() >= level.ordinal();
  }

  public void log(Level l, String message) {
    if (!enabled(l)) {
      return;
    }
    String line =
        pid + ":" + role + " " + TIME.format(ZonedDateTime.now()) + " " + l.marker + " " + message;
    PrintStream o = out;
    synchronized (this) {
      o.println(line);
    }
  }
}
