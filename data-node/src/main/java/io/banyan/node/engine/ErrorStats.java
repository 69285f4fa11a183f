package io.banyan.node.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error replies counted by error code (the first word: ERR, WRONGTYPE, NOAUTH, ...) for INFO
 * errorstats. Like Redis, at most 128 distinct codes are tracked so that a client cannot grow the
 * table without bound. Command-execution thread only.
 */
public final class ErrorStats {
  private static final int MAX_CODES = 128;

  private final Map<String, Long> counts = new LinkedHashMap<>();

  /** Counts one error reply, given its text without the leading '-'. */
  public void record(String errorText) {
    String code = codeOf(errorText);
    Long n = counts.get(code);
    if (n == null && counts.size() >= MAX_CODES) {
      return;
    }
    counts.put(code, n == null ? 1 : n + 1);
  }

  /** The code of an error text: its first word when that ends within 32 characters, else ERR. */
  static String codeOf(String text) {
    int limit = Math.min(text.length(), 32);
    int space = text.indexOf(' ');
    if (space > 0 && space < limit) {
      return text.substring(0, space);
    }
    return "ERR";
  }

  public Map<String, Long> all() {
    return Collections.unmodifiableMap(counts);
  }

  /** CONFIG RESETSTAT. */
  public void reset() {
    counts.clear();
  }
}
