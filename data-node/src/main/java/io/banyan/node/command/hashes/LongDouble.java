package io.banyan.node.command.hashes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The arithmetic Redis uses for HINCRBYFLOAT (and INCRBYFLOAT): x87 80-bit {@code long double}s,
 * parsed by {@code strtold} and printed with {@code "%.17Lf"} minus trailing zeros. Doubles would
 * give visibly different results (0.1 + 0.2 would print as 0.30000000000000004 instead of 0.3, and
 * 1e400 would not be a number at all), so values are kept as exact {@link BigDecimal}s rounded to a
 * 64-bit mantissa after every operation, with the format's 15-bit exponent range.
 */
public final class LongDouble {
  private LongDouble() {}

  /** Bits of the x87 extended mantissa (explicit integer bit). */
  private static final int MANTISSA_BITS = 64;

  /** Finite values are below 2^16384. */
  private static final int MAX_EXPONENT = 16383;

  /** The smallest subnormal is 2^-16445: no value has finer resolution. */
  private static final int MAX_FRACTION_BITS = 16445;

  /** Redis refuses longer texts (MAX_LONG_DOUBLE_CHARS). */
  private static final int MAX_CHARS = 5 * 1024;

  private static final double LOG2_10 = 3.321928094887362;
  private static final BigInteger FIVE = BigInteger.valueOf(5);

  /** A parsed number: either finite (an exactly representable long double) or infinite. */
  public record Parsed(BigDecimal finite, boolean infinite) {
    static final Parsed INFINITY = new Parsed(null, true);
  }

  /**
   * Parses text as Redis's string2ld does: strtold syntax (decimal, hexadecimal, inf, infinity), no
   * leading space, nothing left over, not NaN, no overflow, no underflow to zero. Returns null when
   * the text is not such a number.
   */
  public static Parsed parse(byte[] text) {
    int n = text.length;
    if (n == 0 || n >= MAX_CHARS || isSpace(text[0])) {
      return null;
    }
    String s = new String(text, StandardCharsets.ISO_8859_1);
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    String body = s.substring(i);
    String lower = body.toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return Parsed.INFINITY;
    }
    BigDecimal exact;
    if (lower.startsWith("0x")) {
      exact = parseHex(body.substring(2));
    } else {
      exact = parseDecimal(body);
    }
    if (exact == null) {
      return null;
    }
    if (exact.signum() == 0) {
      return new Parsed(BigDecimal.ZERO, false);
    }
    BigDecimal rounded = round(exact);
    if (rounded == null || rounded.signum() == 0) {
      return null; // strtold reports ERANGE: overflow, or underflow to zero
    }
    return new Parsed(negative ? rounded.negate() : rounded, false);
  }

  /** a + b rounded to long double precision, or null when the sum overflows. */
  public static BigDecimal add(BigDecimal a, BigDecimal b) {
    return round(a.add(b));
  }

  /** The text Redis stores: {@code "%.17Lf"} without trailing zeros (and "0", never "-0"). */
  public static String format(BigDecimal v) {
    String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
    int end = s.length();
    if (s.indexOf('.') >= 0) {
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end--;
      }
    }
    s = s.substring(0, end);
    return s.equals("-0") ? "0" : s;
  }

  /**
   * Rounds an exact value to the nearest long double (ties to even), with subnormals below
   * 2^-16382. Returns null when the result is too large to be finite; zero when it underflows.
   */
  static BigDecimal round(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal a = x.abs();
    // Find k so that a * 2^k has exactly 64 integer bits (fewer for subnormals).
    long estimate = a.unscaledValue().bitLength() - 1 - (long) Math.ceil(a.scale() * LOG2_10);
    if (estimate > MAX_EXPONENT + 2) {
      return null;
    }
    if (estimate < -MAX_FRACTION_BITS - 4) {
      return BigDecimal.ZERO;
    }
    int k = (int) (MANTISSA_BITS - 1 - estimate);
    BigDecimal scaled;
    for (int attempt = 0; ; attempt++) {
      k = Math.min(k, MAX_FRACTION_BITS);
      scaled = timesPowerOfTwo(a, k);
      int bits = scaled.toBigInteger().bitLength();
      if (bits == MANTISSA_BITS || (bits < MANTISSA_BITS && k == MAX_FRACTION_BITS)) {
        break;
      }
      if (attempt > 8) {
        throw new IllegalStateException("long double rounding did not converge");
      }
      k += MANTISSA_BITS - Math.max(bits, 1);
    }
    BigInteger mantissa = scaled.setScale(0, RoundingMode.HALF_EVEN).unscaledValue();
    if (mantissa.signum() == 0) {
      return BigDecimal.ZERO;
    }
    if (mantissa.bitLength() - 1 - k > MAX_EXPONENT) {
      return null;
    }
    BigDecimal value = timesPowerOfTwo(new BigDecimal(mantissa), -k);
    return x.signum() < 0 ? value.negate() : value;
  }

  /** v * 2^k, exactly (a division by 2^j is a multiplication by 5^j and a decimal shift). */
  private static BigDecimal timesPowerOfTwo(BigDecimal v, int k) {
    if (k >= 0) {
      return v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k)));
    }
    return v.multiply(new BigDecimal(FIVE.pow(-k))).scaleByPowerOfTen(k);
  }

  /** digits [. digits] [e [sign] digits], at least one mantissa digit; null otherwise. */
  private static BigDecimal parseDecimal(String s) {
    int n = s.length();
    int i = 0;
    StringBuilder digits = new StringBuilder(n);
    int fractionDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      digits.append(s.charAt(i++));
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        digits.append(s.charAt(i++));
        fractionDigits++;
      }
    }
    if (digits.isEmpty()) {
      return null;
    }
    long exponent = 0;
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      boolean negative = false;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        negative = s.charAt(i) == '-';
        i++;
      }
      if (i == n) {
        return null;
      }
      while (i < n && isDigit(s.charAt(i))) {
        exponent = Math.min(exponent * 10 + (s.charAt(i++) - '0'), 1_000_000_000L);
      }
      exponent = negative ? -exponent : exponent;
    }
    if (i != n) {
      return null;
    }
    BigDecimal mantissa = new BigDecimal(new BigInteger(digits.toString()));
    if (mantissa.signum() == 0) {
      return BigDecimal.ZERO;
    }
    long decimalExponent = exponent - fractionDigits;
    // Magnitude = mantissa * 10^decimalExponent; refuse what is far outside the long double range
    // before building huge numbers.
    long log10 = mantissa.precision() - 1 + decimalExponent;
    if (log10 > 4934 || log10 < -4955) {
      return log10 > 0 ? OUT_OF_RANGE : TOO_SMALL;
    }
    return mantissa.scaleByPowerOfTen((int) decimalExponent);
  }

  /** hexdigits [. hexdigits] [p [sign] digits] after "0x"; null otherwise. */
  private static BigDecimal parseHex(String s) {
    int n = s.length();
    int i = 0;
    StringBuilder digits = new StringBuilder(n);
    int fractionDigits = 0;
    while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
      digits.append(s.charAt(i++));
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
        digits.append(s.charAt(i++));
        fractionDigits++;
      }
    }
    if (digits.isEmpty()) {
      return null;
    }
    long exponent = 0;
    if (i < n && (s.charAt(i) == 'p' || s.charAt(i) == 'P')) {
      i++;
      boolean negative = false;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        negative = s.charAt(i) == '-';
        i++;
      }
      if (i == n) {
        return null;
      }
      while (i < n && isDigit(s.charAt(i))) {
        exponent = Math.min(exponent * 10 + (s.charAt(i++) - '0'), 1_000_000_000L);
      }
      exponent = negative ? -exponent : exponent;
    }
    if (i != n) {
      return null;
    }
    BigInteger mantissa = new BigInteger(digits.toString(), 16);
    if (mantissa.signum() == 0) {
      return BigDecimal.ZERO;
    }
    long binaryExponent = exponent - 4L * fractionDigits;
    long top = mantissa.bitLength() - 1 + binaryExponent;
    if (top > MAX_EXPONENT + 1 || top < -MAX_FRACTION_BITS - 2) {
      return top > 0 ? OUT_OF_RANGE : TOO_SMALL;
    }
    return timesPowerOfTwo(new BigDecimal(mantissa), (int) binaryExponent);
  }

  /** Stand-ins that {@link #round} maps to overflow and to underflow respectively. */
  private static final BigDecimal OUT_OF_RANGE = BigDecimal.ONE.scaleByPowerOfTen(5000);

  private static final BigDecimal TOO_SMALL = BigDecimal.ONE.scaleByPowerOfTen(-5000);

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }
}
