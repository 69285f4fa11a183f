package io.banyan.node.persistence.aof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The word syntax of manifest lines, as Redis splits them (sdssplitargs): words separated by
 * blanks, optionally in double quotes (with {@code \n \r \t \b \a \\ \" \xHH} escapes) or single
 * quotes (with {@code \'}). File names that need it are written quoted (sdscatrepr).
 */
final class ManifestWords {
  private ManifestWords() {}

  /** The words of a line, or null when quotes are unbalanced. */
  static List<String> split(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    List<String> words = new ArrayList<>();
    int i = 0;
    while (true) {
      while (i < b.length && isBlank(b[i])) {
        i++;
      }
      if (i == b.length) {
        return words;
      }
      ByteArrayOutputStream word = new ByteArrayOutputStream();
      if (b[i] == '"') {
        i++;
        while (true) {
          if (i >= b.length) {
            return null;
          }
          if (b[i] == '\\'
              && i + 3 < b.length
              && b[i + 1] == 'x'
              && isHex(b[i + 2])
              && isHex(b[i + 3])) {
            word.write(Integer.parseInt(new String(b, i + 2, 2, StandardCharsets.US_ASCII), 16));
            i += 4;
          } else if (b[i] == '\\' && i + 1 < b.length) {
            word.write(unescape(b[i + 1]));
            i += 2;
          } else if (b[i] == '"') {
            i++;
            if (i < b.length && !isBlank(b[i])) {
              return null; // a closing quote must end the word
            }
            break;
          } else {
            word.write(b[i++]);
          }
        }
      } else if (b[i] == '\'') {
        i++;
        while (true) {
          if (i >= b.length) {
            return null;
          }
          if (b[i] == '\\' && i + 1 < b.length && b[i + 1] == '\'') {
            word.write('\'');
            i += 2;
          } else if (b[i] == '\'') {
            i++;
            if (i < b.length && !isBlank(b[i])) {
              return null;
            }
            break;
          } else {
            word.write(b[i++]);
          }
        }
      } else {
        while (i < b.length && !isBlank(b[i])) {
          word.write(b[i++]);
        }
      }
      words.add(word.toString(StandardCharsets.UTF_8));
    }
  }

  private static int unescape(byte c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> c;
    };
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The name as is when it is plain, otherwise in double quotes with escapes. */
  static String quoteIfNeeded(String name) {
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    boolean plain = b.length > 0;
    for (byte c : b) {
      if (c <= ' ' || c >= 127 || c == '"' || c == '\'' || c == '\\') {
        plain = false;
        break;
      }
    }
    if (plain) {
      return name;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (byte c : b) {
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 7 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        default -> {
          if (c >= ' ' && c < 127) {
            sb.append((char) c);
          } else {
            sb.append(String.format("\\x%02x", c & 0xff));
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
