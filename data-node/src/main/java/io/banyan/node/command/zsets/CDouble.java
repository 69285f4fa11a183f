package io.banyan.node.command.zsets;

import java.nio.charset.StandardCharsets;

/**
 * C's {@code strtod} as glibc implements it, because Redis reads sorted-set scores, range bounds
 * and SORT weights with it and its quirks are visible to clients: leading white space, hex floats
 * ({@code 0x1p3}), {@code inf}/{@code infinity}/{@code nan} in any case, and an empty string that
 * converts nothing (so a range bound of {@code ""} or {@code "("} means 0).
 */
final class CDouble {
  private CDouble() {}

  /**
   * The outcome of one conversion.
   *
   * @param value the converted value (0 when nothing was converted)
   * @param end index just past the converted text ({@code from} when nothing was converted)
   * @param outOfRange true where glibc's strtod sets ERANGE: finite text too large (value is
   *     infinite) or too small (value is zero or subnormal although the digits are not zero)
   */
  record Result(double value, int end, boolean outOfRange) {}

  /** Converts the longest prefix of {@code s[from..]} that strtod accepts. */
  static Result strtod(byte[] s, int from) {
    int n = s.length;
    int i = from;
    while (i < n && isSpace(s[i])) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
      negative = s[i] == '-';
      i++;
    }
    double sign = negative ? -1 : 1;
    if (startsWithIgnoreCase(s, i, "inf")) {
      int end = startsWithIgnoreCase(s, i, "infinity") ? i + 8 : i + 3;
      return new Result(sign * Double.POSITIVE_INFINITY, end, false);
    }
    if (startsWithIgnoreCase(s, i, "nan")) {
      int end = i + 3;
      if (end < n && s[end] == '(') {
        int j = end + 1;
        while (j < n && (isAlnum(s[j]) || s[j] == '_')) {
          j++;
        }
        if (j < n && s[j] == ')') {
          end = j + 1;
        }
      }
      return new Result(Double.NaN, end, false);
    }
    if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
      Result hex = hex(s, i + 2, sign);
      if (hex != null) {
        return hex;
      }
      // "0x" without hex digits: only the "0" converts.
    }
    return decimal(s, from, i, sign);
  }

  private static Result decimal(byte[] s, int from, int i, double sign) {
    int n = s.length;
    int start = i;
    boolean nonZeroDigit = false;
    int digits = 0;
    while (i < n && isDigit(s[i])) {
      nonZeroDigit |= s[i] != '0';
      digits++;
      i++;
    }
    if (i < n && s[i] == '.') {
      int j = i + 1;
      while (j < n && isDigit(s[j])) {
        nonZeroDigit |= s[j] != '0';
        digits++;
        j++;
      }
      if (digits > 0) {
        i = j;
      }
    }
    if (digits == 0) {
      return new Result(0, from, false);
    }
    i = exponentEnd(s, i, 'e');
    double v = Double.parseDouble(new String(s, start, i - start, StandardCharsets.US_ASCII));
    return new Result(sign * v, i, outOfRange(v, nonZeroDigit));
  }

  /** Parses hex digits after "0x"; null when there is no hex digit. */
  private static Result hex(byte[] s, int i, double sign) {
    int n = s.length;
    StringBuilder mantissa = new StringBuilder("0x");
    int digits = 0;
    boolean nonZeroDigit = false;
    while (i < n && isHexDigit(s[i])) {
      mantissa.append((char) s[i]);
      nonZeroDigit |= s[i] != '0';
      digits++;
      i++;
    }
    if (i < n && s[i] == '.') {
      int j = i + 1;
      StringBuilder frac = new StringBuilder(".");
      int fracDigits = 0;
      while (j < n && isHexDigit(s[j])) {
        frac.append((char) s[j]);
        nonZeroDigit |= s[j] != '0';
        fracDigits++;
        j++;
      }
      if (digits + fracDigits > 0) {
        mantissa.append(frac);
        digits += fracDigits;
        i = j;
      }
    }
    if (digits == 0) {
      return null;
    }
    int end = exponentEnd(s, i, 'p');
    long exponent = 0;
    if (end > i) {
      int j = i + 1;
      boolean negExp = false;
      if (s[j] == '+' || s[j] == '-') {
        negExp = s[j] == '-';
        j++;
      }
      for (; j < end; j++) {
        exponent = Math.min(exponent * 10 + (s[j] - '0'), 1_000_000);
      }
      if (negExp) {
        exponent = -exponent;
      }
    }
    double v = Double.parseDouble(mantissa + "p" + exponent);
    return new Result(sign * v, end, outOfRange(v, nonZeroDigit));
  }

  private static boolean outOfRange(double v, boolean nonZeroDigit) {
    return Double.isInfinite(v) || (nonZeroDigit && Math.abs(v) < Double.MIN_NORMAL);
  }

  /** Index after an exponent part (marker, optional sign, digits) at i, or i when there is none. */
  private static int exponentEnd(byte[] s, int i, char marker) {
    int n = s.length;
    if (i < n && (s[i] | 0x20) == marker) {
      int j = i + 1;
      if (j < n && (s[j] == '+' || s[j] == '-')) {
        j++;
      }
      if (j < n && isDigit(s[j])) {
        while (j < n && isDigit(s[j])) {
          j++;
        }
        return j;
      }
    }
    return i;
  }

  /** C's isspace in the C locale. */
  static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(byte c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isAlnum(byte c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean startsWithIgnoreCase(byte[] s, int i, String word) {
    if (i + word.length() > s.length) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if ((s[i + k] | 0x20) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
