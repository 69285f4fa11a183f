package io.banyan.node.command;

import java.math.BigInteger;

/**
 * The arithmetic INCRBYFLOAT (and HINCRBYFLOAT) must reproduce: Redis parses with {@code strtold},
 * adds in x87 80-bit extended precision (a 64-bit significand), and prints the sum with {@code
 * %.17Lf} minus trailing zeros. Doing the same in {@code double} would differ in ordinary cases
 * (0.1 + 0.2 would print 0.30000000000000004 instead of 0.3), so this class emulates the format
 * exactly: values are a sign, a significand below 2<sup>64</sup> and a binary exponent, every
 * result is rounded to nearest-even at 64 significant bits, and subnormals and overflow follow the
 * extended format's range.
 *
 * <p>Immutable. Parsing accepts what {@code strtold} accepts without surrounding text: decimal and
 * hexadecimal ({@code 0x1.8p3}) forms, {@code inf} and {@code infinity}; it rejects NaN, leading
 * whitespace, and values that overflow or underflow to zero, as Redis does.
 */
public final class LongDouble {
  private static final int SIGNIFICAND_BITS = 64;

  /** Binary exponent of the smallest subnormal, 2<sup>-16445</sup>. */
  private static final int MIN_ULP_EXPONENT = -16445;

  /** Values of 2<sup>16384</sup> and beyond overflow to infinity. */
  private static final int OVERFLOW_EXPONENT = 16384;

  /** Redis refuses numbers written with this many characters or more. */
  private static final int MAX_TEXT_LENGTH = 5 * 1024;

  /** Decimal exponents beyond which a number certainly overflows or underflows. */
  private static final int MAX_DECIMAL_EXPONENT = 4933;

  private static final int MIN_DECIMAL_EXPONENT = -4952;
  private static final int PRINTED_FRACTION_DIGITS = 17;
  private static final BigInteger PRINT_SCALE = BigInteger.TEN.pow(PRINTED_FRACTION_DIGITS);

  public static final LongDouble ZERO = new LongDouble(false, BigInteger.ZERO, 0, false);

  private final boolean negative;
  private final BigInteger significand;
  private final int exponent;
  private final boolean infinite;

  private LongDouble(boolean negative, BigInteger significand, int exponent, boolean infinite) {
    this.negative = negative;
    this.significand = significand;
    this.exponent = exponent;
    this.infinite = infinite;
  }

  public boolean isInfinite() {
    return infinite;
  }

  /** Parses text as Redis's string2ld does; null when it is not a valid number. */
  public static LongDouble parse(byte[] text) {
    int n = text.length;
    if (n == 0 || n >= MAX_TEXT_LENGTH || isSpace(text[0])) {
      return null;
    }
    int end = 0;
    while (end < n && text[end] != 0) {
      end++; // the C parser stops at a NUL byte and ignores what follows
    }
    if (end == 0) {
      return ZERO; // nothing before the NUL: strtold converts nothing and reports 0
    }
    return new Parser(text, end).parse();
  }

  /** The sum rounded to extended precision; null when it is infinite or NaN. */
  public LongDouble plus(LongDouble other) {
    if (infinite || other.infinite) {
      return null;
    }
    int e = Math.min(exponent, other.exponent);
    BigInteger a = signed().shiftLeft(exponent - e);
    BigInteger b = other.signed().shiftLeft(other.exponent - e);
    BigInteger sum = a.add(b);
    if (sum.signum() == 0) {
      return ZERO;
    }
    LongDouble r = round(sum.signum() < 0, sum.abs(), BigInteger.ONE, e);
    return r.infinite ? null : r;
  }

  private BigInteger signed() {
    return negative ? significand.negate() : significand;
  }

  /** The text Redis stores: {@code %.17Lf} without trailing zeros (and "0" for negative zero). */
  public String toHumanString() {
    if (infinite) {
      return negative ? "-inf" : "inf";
    }
    String digits;
    if (exponent >= 0) {
      digits = significand.shiftLeft(exponent).toString();
    } else {
      int shift = -exponent;
      BigInteger scaled = significand.multiply(PRINT_SCALE);
      BigInteger q = scaled.shiftRight(shift);
      BigInteger rem = scaled.subtract(q.shiftLeft(shift));
      int cmp = rem.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
      if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
        q = q.add(BigInteger.ONE);
      }
      digits = withDecimalPoint(q.toString());
    }
    return negative && !digits.equals("0") ? "-" + digits : digits;
  }

  /** Places the point 17 digits from the right and drops trailing zeros of the fraction. */
  private static String withDecimalPoint(String fixed) {
    StringBuilder s = new StringBuilder();
    for (int i = fixed.length(); i <= PRINTED_FRACTION_DIGITS; i++) {
      s.append('0');
    }
    s.append(fixed);
    int point = s.length() - PRINTED_FRACTION_DIGITS;
    int last = s.length();
    while (last > point && s.charAt(last - 1) == '0') {
      last--;
    }
    return last == point
        ? s.substring(0, point)
        : s.substring(0, point) + "." + s.substring(point, last);
  }

  @Override
  public String toString() {
    return toHumanString();
  }

  /**
   * Rounds the positive rational {@code p / q * 2^exp2} to the nearest extended-precision value
   * (ties to even); returns infinity on overflow and zero on underflow.
   */
  static LongDouble round(boolean negative, BigInteger p, BigInteger q, int exp2) {
    int e0 = p.bitLength() - q.bitLength();
    boolean atLeast =
        e0 >= 0 ? p.compareTo(q.shiftLeft(e0)) >= 0 : p.shiftLeft(-e0).compareTo(q) >= 0;
    int floorLog2 = (atLeast ? e0 : e0 - 1) + exp2;
    int ulp = Math.max(floorLog2 - (SIGNIFICAND_BITS - 1), MIN_ULP_EXPONENT);
    int shift = exp2 - ulp;
    BigInteger num = shift >= 0 ? p.shiftLeft(shift) : p;
    BigInteger den = shift >= 0 ? q : q.shiftLeft(-shift);
    BigInteger[] qr = num.divideAndRemainder(den);
    BigInteger m = qr[0];
    int cmp = qr[1].shiftLeft(1).compareTo(den);
    if (cmp > 0 || (cmp == 0 && m.testBit(0))) {
      m = m.add(BigInteger.ONE);
    }
    if (m.bitLength() > SIGNIFICAND_BITS) {
      m = m.shiftRight(1); // rounding carried into a new bit: 2^64 becomes 2^63 * 2
      ulp++;
    }
    if (m.signum() == 0) {
      return new LongDouble(negative, BigInteger.ZERO, 0, false);
    }
    if (ulp + m.bitLength() > OVERFLOW_EXPONENT) {
      return new LongDouble(negative, BigInteger.ZERO, 0, true);
    }
    return new LongDouble(negative, m, ulp, false);
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  /** A strtold-compatible parser over text[0..end) that must consume all of it. */
  private static final class Parser {
    private final byte[] s;
    private final int end;
    private int i;

    Parser(byte[] s, int end) {
      this.s = s;
      this.end = end;
    }

    LongDouble parse() {
      boolean negative = false;
      if (s[i] == '+' || s[i] == '-') {
        negative = s[i] == '-';
        i++;
      }
      if (keyword("infinity") || keyword("inf")) {
        return new LongDouble(negative, BigInteger.ZERO, 0, true);
      }
      LongDouble v =
          (end - i > 2 && s[i] == '0' && (s[i + 1] | 0x20) == 'x')
              ? hexadecimal(negative)
              : decimal(negative);
      if (v == null || i != end) {
        return null;
      }
      return v;
    }

    private boolean keyword(String word) {
      if (end - i != word.length()) {
        return false;
      }
      for (int k = 0; k < word.length(); k++) {
        if ((s[i + k] | 0x20) != word.charAt(k)) {
          return false;
        }
      }
      i = end;
      return true;
    }

    private LongDouble decimal(boolean negative) {
      StringBuilder digits = new StringBuilder();
      int fractionDigits = 0;
      boolean sawDigit = false;
      boolean sawPoint = false;
      for (; i < end; i++) {
        byte c = s[i];
        if (c >= '0' && c <= '9') {
          sawDigit = true;
          if (digits.length() > 0 || c != '0') {
            digits.append((char) c);
          }
          if (sawPoint) {
            fractionDigits++;
          }
        } else if (c == '.' && !sawPoint) {
          sawPoint = true;
        } else {
          break;
        }
      }
      if (!sawDigit) {
        return null;
      }
      long exp = exponentPart('e');
      if (digits.length() == 0) {
        return new LongDouble(negative, BigInteger.ZERO, 0, false);
      }
      long decimalExponent = exp - fractionDigits;
      long leading = digits.length() - 1 + decimalExponent;
      if (leading > MAX_DECIMAL_EXPONENT || leading < MIN_DECIMAL_EXPONENT) {
        return null; // overflow or underflow: strtold's ERANGE, which Redis refuses
      }
      BigInteger d = new BigInteger(digits.toString());
      BigInteger p =
          decimalExponent >= 0 ? d.multiply(BigInteger.TEN.pow((int) decimalExponent)) : d;
      BigInteger q =
          decimalExponent >= 0 ? BigInteger.ONE : BigInteger.TEN.pow((int) -decimalExponent);
      return finite(round(negative, p, q, 0));
    }

    private LongDouble hexadecimal(boolean negative) {
      int start = i;
      i += 2;
      BigInteger mantissa = BigInteger.ZERO;
      long fractionDigits = 0;
      boolean sawDigit = false;
      boolean sawPoint = false;
      for (; i < end; i++) {
        int d = Character.digit(s[i], 16);
        if (d >= 0) {
          sawDigit = true;
          mantissa = mantissa.shiftLeft(4).or(BigInteger.valueOf(d));
          if (sawPoint) {
            fractionDigits++;
          }
        } else if (s[i] == '.' && !sawPoint) {
          sawPoint = true;
        } else {
          break;
        }
      }
      if (!sawDigit) {
        i = start + 1; // strtold reads just the "0" and stops at the 'x'
        return new LongDouble(negative, BigInteger.ZERO, 0, false);
      }
      long exp = exponentPart('p') - 4 * fractionDigits;
      if (mantissa.signum() == 0) {
        return new LongDouble(negative, BigInteger.ZERO, 0, false);
      }
      long magnitude = mantissa.bitLength() + exp;
      if (magnitude > OVERFLOW_EXPONENT + 1 || magnitude < MIN_ULP_EXPONENT - 1) {
        return null;
      }
      return finite(round(negative, mantissa, BigInteger.ONE, (int) exp));
    }

    /** An optional exponent introduced by marker; without digits the marker is not consumed. */
    private long exponentPart(char marker) {
      if (i >= end || (s[i] | 0x20) != marker) {
        return 0;
      }
      int j = i + 1;
      boolean negative = false;
      if (j < end && (s[j] == '+' || s[j] == '-')) {
        negative = s[j] == '-';
        j++;
      }
      if (j >= end || s[j] < '0' || s[j] > '9') {
        return 0;
      }
      long v = 0;
      for (; j < end && s[j] >= '0' && s[j] <= '9'; j++) {
        v = Math.min(v * 10 + (s[j] - '0'), 1_000_000_000L); // saturate: far beyond any range
      }
      i = j;
      return negative ? -v : v;
    }

    /** Overflow and underflow to zero are errors (ERANGE); subnormals are fine. */
    private static LongDouble finite(LongDouble v) {
      return v.infinite || v.significand.signum() == 0 ? null : v;
    }
  }
}
