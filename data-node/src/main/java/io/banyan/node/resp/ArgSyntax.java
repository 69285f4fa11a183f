package io.banyan.node.resp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's argument quoting, shared by inline requests, redis.conf lines and MONITOR output.
 *
 * <p>{@link #split}: arguments are separated by whitespace; inside double quotes {@code \n \r \t \b
 * \a \\ \"} and {@code \xHH} are escapes, inside single quotes only {@code \'} is; a closing quote
 * must be followed by whitespace or the end; a quote may start in the middle of a word ({@code a"b
 * c"} is the single argument {@code ab c}). {@link #quote} writes a value back in double quotes so
 * that split reads it as one argument.
 */
public final class ArgSyntax {
  private ArgSyntax() {}

  /** The line's arguments, or null when its quotes are unbalanced. */
  public static List<byte[]> split(byte[] s) {
    List<byte[]> args = new ArrayList<>();
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
              return null; // a closing quote must end the argument
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
      args.add(current.toByteArray());
    }
  }

  /**
   * {@link #split} for UTF-8 text: the line's arguments as strings, or null on unbalanced quotes.
   */
  public static List<String> splitText(String line) {
    List<byte[]> parts = split(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (parts == null) {
      return null;
    }
    List<String> args = new ArrayList<>(parts.size());
    for (byte[] part : parts) {
      args.add(new String(part, java.nio.charset.StandardCharsets.UTF_8));
    }
    return args;
  }

  /** The value in double quotes, every byte that is not printable ASCII escaped (sdscatrepr). */
  public static String quote(byte[] value) {
    StringBuilder sb = new StringBuilder(value.length + 2);
    appendQuoted(sb, value);
    return sb.toString();
  }

  /** Appends the quoted form of value to sb. */
  public static void appendQuoted(StringBuilder sb, byte[] value) {
    sb.append('"');
    for (byte b : value) {
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
    sb.append('"');
  }

  /** C's isspace for ASCII. */
  public static boolean isSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f';
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hexValue(byte c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }
}
