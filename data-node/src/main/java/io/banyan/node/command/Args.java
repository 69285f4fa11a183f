package io.banyan.node.command;

import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import java.util.Locale;

/** Argument parsing with Redis's rules and error texts. */
public final class Args {
  private Args() {}

  /** A strict long, or ERR value is not an integer or out of range. */
  public static long toLong(byte[] arg) {
    Long v = Bytes.parseLong(arg);
    if (v == null) {
      throw Errors.NOT_INTEGER;
    }
    return v;
  }

  /** A strict long that must fit an int. */
  public static int toInt(byte[] arg) {
    long v = toLong(arg);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw Errors.NOT_INTEGER;
    }
    return (int) v;
  }

  /** A long that must be ≥ 0, with the given error otherwise. */
  public static long toNonNegativeLong(byte[] arg, String errorWhenNegative) {
    long v = toLong(arg);
    if (v < 0) {
      throw new CommandException(errorWhenNegative);
    }
    return v;
  }

  /**
   * A double as Redis's string2d reads it: decimal or exponent form, {@code inf}/{@code -inf} (also
   * {@code +inf}), no surrounding spaces, not NaN.
   */
  public static double toDouble(byte[] arg) {
    Double d = parseDouble(arg);
    if (d == null) {
      throw Errors.NOT_FLOAT;
    }
    return d;
  }

  /** Parses a double, returning null when the text is not one Redis accepts. */
  public static Double parseDouble(byte[] arg) {
    int n = arg.length;
    if (n == 0 || n > 5000) {
      return null;
    }
    if (isSpace(arg[0]) || isSpace(arg[n - 1])) {
      return null;
    }
    String s = new String(arg, java.nio.charset.StandardCharsets.US_ASCII);
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    for (int i = 0; i < n; i++) {
      byte c = arg[i];
      boolean ok =
          (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      if (!ok) {
        return null;
      }
    }
    try {
      double d = Double.parseDouble(s);
      if (Double.isNaN(d)) {
        return null;
      }
      return d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  /** Case-insensitive keyword test. */
  public static boolean is(byte[] arg, String lowerKeyword) {
    return Bytes.is(arg, lowerKeyword);
  }

  /**
   * A blocking-command timeout in seconds (may be fractional), converted to milliseconds; 0 means
   * forever. Errors as Redis: not a float, or negative.
   */
  public static long timeoutMillis(byte[] arg) {
    // Parsed as strtold does (Redis reads timeouts as long doubles): hexadecimal forms included.
    LongDouble parsed = LongDouble.parse(arg);
    if (parsed == null) {
      throw Errors.TIMEOUT_NOT_FLOAT;
    }
    String text =
        new String(arg, java.nio.charset.StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      text = text.substring(0, nul); // as the C parser, which stops there
    }
    double d;
    if (text.isEmpty()) {
      d = 0;
    } else if (parsed.isInfinite()) {
      d = text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    } else {
      // Java reads hexadecimal only with a binary exponent ("0x10" needs "p0").
      boolean hex = text.contains("x");
      d = Double.parseDouble(hex && !text.contains("p") ? text + "p0" : text);
    }
    double ms = Math.ceil(d * 1000);
    // Redis 7.0 converts to a long long in C: infinities and values past its range wrap to
    // negative, so they are reported as negative timeouts.
    if (ms < 0 || ms >= 0x1p63) {
      throw Errors.NOT_POSITIVE_TIMEOUT;
    }
    return (long) ms;
  }
}
