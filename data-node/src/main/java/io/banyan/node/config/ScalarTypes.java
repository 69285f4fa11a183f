package io.banyan.node.config;

import io.banyan.node.store.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The single-word value types: yes/no, numbers (plain, memory, percent, octal), enums, strings. */
public final class ScalarTypes {
  private ScalarTypes() {}

  /** yes / no, case-insensitive. */
  public static final class BoolType implements ValueType<Boolean> {
    static final BoolType INSTANCE = new BoolType();

    @Override
    public Boolean parse(List<String> words, Boolean current) {
      String w = words.get(0);
      if (w.equalsIgnoreCase("yes")) {
        return true;
      }
      if (w.equalsIgnoreCase("no")) {
        return false;
      }
      throw new InvalidValueException(
          "argument must be 'yes' or 'no'", "'" + w + "' is neither yes nor no");
    }

    @Override
    public String format(Boolean value) {
      return value ? "yes" : "no";
    }
  }

  /** How a numeric option's text is read. */
  public enum NumberStyle {
    /** A strict decimal integer. */
    INTEGER,
    /** Bytes, with an optional unit: b, k (1000), kb (1024), m, mb, g, gb; case-insensitive. */
    MEMORY,
    /** Bytes as {@link #MEMORY}, or a percentage like {@code 10%}, stored as a negative value. */
    MEMORY_OR_PERCENT,
    /** An octal number (file permissions). */
    OCTAL
  }

  /** An integer within bounds, read in one of the {@link NumberStyle}s. */
  public static final class NumberType implements ValueType<Long> {
    private final long min;
    private final long max;
    private final NumberStyle style;

    NumberType(long min, long max, NumberStyle style) {
      this.min = min;
      this.max = max;
      this.style = style;
    }

    @Override
    public Long parse(List<String> words, Long current) {
      String w = words.get(0);
      Long v = read(w);
      if (v == null) {
        throw new InvalidValueException(readError(), "'" + w + "' is not " + expectation());
      }
      if (style == NumberStyle.MEMORY_OR_PERCENT && v < 0) {
        if (v < min) {
          throw new InvalidValueException(
              "percentage argument must be less or equal to " + (-min),
              "'" + w + "' is more than " + (-min) + "%");
        }
      } else if (v < min || v > max) {
        String range =
            style == NumberStyle.OCTAL
                ? Long.toOctalString(min) + " and " + Long.toOctalString(max)
                : min + " and " + max;
        throw new InvalidValueException(
            "argument must be between " + range + " inclusive",
            "'" + w + "' is not " + expectation());
      }
      return v;
    }

    private Long read(String w) {
      switch (style) {
        case MEMORY:
          return parseMemory(w);
        case MEMORY_OR_PERCENT:
          Long bytes = parseMemory(w);
          if (bytes != null) {
            return bytes;
          }
          if (w.length() > 1 && w.endsWith("%")) {
            Long pct = Bytes.parseLong(utf8(w.substring(0, w.length() - 1)));
            if (pct != null && pct >= 0) {
              return -pct;
            }
          }
          return null;
        case OCTAL:
          if (!w.matches("[+-]?[0-7]+") || w.length() > 22) {
            return null;
          }
          return Long.parseLong(w, 8);
        default:
          return Bytes.parseLong(utf8(w));
      }
    }

    private String readError() {
      return switch (style) {
        case MEMORY_OR_PERCENT -> "argument must be a memory or percent value";
        case MEMORY -> "argument must be a memory value";
        case OCTAL -> "argument couldn't be parsed as an octal number";
        default -> "argument couldn't be parsed into an integer";
      };
    }

    /** What the option accepts, for start-up error messages. */
    String expectation() {
      String kind =
          switch (style) {
            case MEMORY -> "a memory size (bytes, or with a unit: k, kb, m, mb, g, gb)";
            case MEMORY_OR_PERCENT -> "a memory size (bytes, or with a unit: kb, mb, gb) or 0-100%";
            case OCTAL -> "an octal number";
            default -> "an integer";
          };
      boolean unbounded = min == Long.MIN_VALUE && max == Long.MAX_VALUE;
      if (unbounded || (style != NumberStyle.INTEGER && min <= 0 && max == Long.MAX_VALUE)) {
        return kind;
      }
      if (max == Long.MAX_VALUE) {
        return kind + " of at least " + min;
      }
      if (style == NumberStyle.OCTAL) {
        return kind + " between " + Long.toOctalString(min) + " and " + Long.toOctalString(max);
      }
      return kind + " between " + min + " and " + max;
    }

    @Override
    public String format(Long value) {
      if (style == NumberStyle.MEMORY_OR_PERCENT && value < 0) {
        return (-value) + "%";
      }
      return style == NumberStyle.OCTAL ? Long.toOctalString(value) : Long.toString(value);
    }

    @Override
    public String fileText(Long value) {
      if (value >= 0 && (style == NumberStyle.MEMORY || style == NumberStyle.MEMORY_OR_PERCENT)) {
        return formatMemory(value);
      }
      return format(value);
    }
  }

  /** One of a fixed set of names, case-insensitive; some names may stand for another. */
  public static final class EnumType implements ValueType<String> {
    private final Map<String, String> canonical = new LinkedHashMap<>();

    /**
     * @param names accepted names in Redis's order; {@code "relative=yes"} accepts {@code relative}
     *     and stores it as {@code yes}
     */
    EnumType(String... names) {
      for (String n : names) {
        int eq = n.indexOf('=');
        canonical.put(eq < 0 ? n : n.substring(0, eq), eq < 0 ? n : n.substring(eq + 1));
      }
    }

    @Override
    public String parse(List<String> words, String current) {
      String w = words.get(0);
      String v = canonical.get(w.toLowerCase(Locale.ROOT));
      if (v == null) {
        String list = String.join(", ", canonical.keySet());
        throw new InvalidValueException(
            "argument(s) must be one of the following: " + list,
            "'" + w + "' is not one of: " + list);
      }
      return v;
    }

    @Override
    public String format(String value) {
      return value;
    }

    List<String> names() {
      return new ArrayList<>(canonical.keySet());
    }
  }

  /**
   * A string. With {@code emptyIsNull}, the empty string unsets the option (stored as null, and
   * CONFIG REWRITE removes its lines); otherwise the empty string is a value like any other.
   */
  public static final class StringType implements ValueType<String> {
    private final boolean emptyIsNull;
    private final UnaryOperator<String> validator;

    /**
     * @param validator returns Redis's error text for an unacceptable value, or null
     */
    StringType(boolean emptyIsNull, UnaryOperator<String> validator) {
      this.emptyIsNull = emptyIsNull;
      this.validator = validator;
    }

    @Override
    public String parse(List<String> words, String current) {
      String w = words.get(0);
      if (validator != null) {
        String error = validator.apply(w);
        if (error != null) {
          throw new InvalidValueException(error);
        }
      }
      return emptyIsNull && w.isEmpty() ? null : w;
    }

    @Override
    public String format(String value) {
      return value == null ? "" : value;
    }

    @Override
    public String fileText(String value) {
      return ConfigSyntax.quote(format(value));
    }

    @Override
    public List<RewriteLine> rewrite(String value, boolean isDefault) {
      if (value == null) {
        return List.of(); // unset: the option must not appear in the file
      }
      return List.of(new RewriteLine(fileText(value), !isDefault));
    }
  }

  // ---- number text ---------------------------------------------------------------------------

  /**
   * Bytes from a memory value as Redis reads them: digits then an optional unit (b, k, kb, m, mb,
   * g, gb, any case); no sign. Digits may be absent (the value is then 0, as in Redis). Null when
   * the text is not a memory value or overflows.
   */
  public static Long parseMemory(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    long multiplier =
        switch (s.substring(i).toLowerCase(Locale.ROOT)) {
          case "", "b" -> 1;
          case "k" -> 1000;
          case "kb" -> 1024;
          case "m" -> 1000L * 1000;
          case "mb" -> 1024L * 1024;
          case "g" -> 1000L * 1000 * 1000;
          case "gb" -> 1024L * 1024 * 1024;
          default -> -1;
        };
    if (multiplier < 0) {
      return null;
    }
    long value = 0;
    for (int k = 0; k < i; k++) {
      int d = s.charAt(k) - '0';
      if (value > (Long.MAX_VALUE - d) / 10) {
        return null;
      }
      value = value * 10 + d;
    }
    if (value > Long.MAX_VALUE / multiplier) {
      return null;
    }
    return value * multiplier;
  }

  /** Bytes in the shortest exact unit form CONFIG REWRITE uses: 3gb, 64mb, 2kb, or plain bytes. */
  public static String formatMemory(long bytes) {
    long gb = 1024L * 1024 * 1024;
    long mb = 1024L * 1024;
    if (bytes != 0 && bytes % gb == 0) {
      return bytes / gb + "gb";
    }
    if (bytes != 0 && bytes % mb == 0) {
      return bytes / mb + "mb";
    }
    if (bytes != 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "kb";
    }
    return Long.toString(bytes);
  }

  /**
   * An integer as C's strtoll reads it when the whole text must be consumed: leading whitespace, an
   * optional sign, digits; the empty text reads as 0. Out-of-range values saturate. Null when
   * characters are left over.
   */
  static Long parseLenientLong(String s) {
    if (s.isEmpty()) {
      return 0L;
    }
    int i = 0;
    while (i < s.length() && ConfigSyntax.isSpace((byte) s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int start = i;
    long value = 0;
    boolean saturated = false;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      int d = s.charAt(i) - '0';
      if (value > (Long.MAX_VALUE - d) / 10) {
        saturated = true;
      } else if (!saturated) {
        value = value * 10 + d;
      }
      i++;
    }
    if (i == start || i != s.length()) {
      return null;
    }
    if (saturated) {
      return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return negative ? -value : value;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
