package io.banyan.node.config;

import io.banyan.node.resp.ArgSyntax;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * redis.conf's lexical rules: splitting a line into arguments with Redis's quoting, and quoting a
 * value back so that it splits into the same argument (CONFIG REWRITE).
 *
 * <p>Arguments are separated by whitespace. Inside double quotes, {@code \n \r \t \b \a \\ \"} and
 * {@code \xHH} are escapes; inside single quotes only {@code \'} is. A closing quote must be
 * followed by whitespace or the end of the line. A quote may start in the middle of a word ({@code
 * a"b c"} is the single argument {@code ab c}), as in Redis.
 */
public final class ConfigSyntax {
  private ConfigSyntax() {}

  /** The line's arguments, or null when its quotes are unbalanced. */
  public static List<String> split(String line) {
    return ArgSyntax.splitText(line);
  }

  /**
   * The value in double quotes with every byte that is not printable ASCII escaped, so that {@link
   * #split} reads it back as one argument (Redis writes strings this way in CONFIG REWRITE).
   */
  public static String quote(String value) {
    return ArgSyntax.quote(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Splits a CONFIG SET value of a multi-word option on single spaces, as Redis does: an empty
   * value has no words, and consecutive spaces produce empty words (which options then reject).
   */
  public static List<String> splitOnSpaces(String value) {
    if (value.isEmpty()) {
      return List.of();
    }
    return List.of(value.split(" ", -1));
  }

  /** Trims spaces, tabs, CR and LF from both ends of a configuration line, as Redis does. */
  public static String trimLine(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && " \t\r\n".indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && " \t\r\n".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }

  static boolean isSpace(byte c) {
    return ArgSyntax.isSpace(c);
  }
}
