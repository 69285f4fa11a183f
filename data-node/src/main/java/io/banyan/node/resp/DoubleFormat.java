package io.banyan.node.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Textual forms of doubles that match what Redis 7.0 prints. */
public final class DoubleFormat {
  private DoubleFormat() {}

  private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

  /**
   * The form Redis 7.0 uses in replies (ZSCORE, ZRANGE WITHSCORES): C's {@code %.17g}, with {@code
   * inf}, {@code -inf} and {@code nan} spelled out.
   */
  public static String reply(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (Double.isNaN(d)) {
      return "nan";
    }
    return g17(d);
  }

  /** C's {@code printf("%.17g", d)} for a finite double. */
  public static String g17(double d) {
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal v = new BigDecimal(d).round(SEVENTEEN);
    // Exponent in scientific notation: position of the most significant digit.
    int exponent = v.precision() - v.scale() - 1;
    if (exponent < -4 || exponent >= 17) {
      BigDecimal unscaled = v.movePointLeft(exponent).stripTrailingZeros();
      String mantissa = unscaled.toPlainString();
      String sign = exponent < 0 ? "-" : "+";
      int abs = Math.abs(exponent);
      return mantissa + "e" + sign + (abs < 10 ? "0" + abs : Integer.toString(abs));
    }
    String plain = v.stripTrailingZeros().toPlainString();
    return plain;
  }

  /**
   * The shortest text that reads back as the same double, never in exponent form: what INCRBYFLOAT
   * and HINCRBYFLOAT store (Redis prints a long double with trailing zeros removed, which for
   * values a double can hold gives the same digits).
   */
  public static String humanFriendly(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e17) {
      return Long.toString((long) d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
