package io.banyan.node.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    byte[] s = line.getBytes(StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>();
    int p = 0;
    while (true) {
      while (p < s.length && isSpace(s[p])) {
        p++;
      }
      if (p >= s.length) {
        return args;
      }
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      boolean inDouble = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        int c = p < s.length ? s[p] & 0xFF : -1;
        int next = p + 1 < s.length ? s[p + 1] & 0xFF : -1;
        if (inDouble) {
          if (c == '\\' && next == 'x' && p + 3 < s.length && isHex(s[p + 2]) && isHex(s[p + 3])) {
            current.write(hexValue(s[p + 2]) * 16 + hexValue(s[p + 3]));
            p += 3;
          } else if (c == '\\' && next != -1) {
            p++;
            current.write(
                switch (next) {
                  case 'n' -> '\n';
                  case 'r' -> '\r';
                  case 't' -> '\t';
                  case 'b' -> '\b';
                  case 'a' -> 7;
                  default -> next;
                });
          } else if (c == '"') {
            if (next != -1 && !isSpace((byte) next)) {
              return null; // closing quote must end the argument
            }
            done = true;
          } else if (c == -1) {
            return null; // unterminated quotes
          } else {
            current.write(c);
          }
        } else if (inSingle) {
          if (c == '\\' && next == '\'') {
            p++;
            current.write('\'');
          } else if (c == '\'') {
            if (next != -1 && !isSpace((byte) next)) {
              return null;
            }
            done = true;
          } else if (c == -1) {
            return null;
          } else {
            current.write(c);
          }
        } else {
          switch (c) {
            case ' ', '\n', '\r', '\t', -1 -> done = true;
            case '"' -> inDouble = true;
            case '\'' -> inSingle = true;
            default -> current.write(c);
          }
        }
        if (p < s.length) {
          p++;
        }
      }
      args.add(current.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * The value in double quotes with every byte that is not printable ASCII escaped, so that {@link
   * #split} reads it back as one argument (Redis writes strings this way in CONFIG REWRITE).
   */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 7 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            sb.append((char) c);
          } else {
            sb.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return sb.append('"').toString();
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
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hexValue(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : c - 'A' + 10;
  }
}
