package io.banyan.operator.api;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * A memory size as {@code spec.maxmemory} accepts it: a Redis size ({@code 100}, {@code 4gb},
 * {@code 512mb}, {@code 1k} — {@code k/m/g} are powers of 1000, {@code kb/mb/gb} of 1024, any case)
 * or a Kubernetes quantity ({@code 4Gi}, {@code 1.5G}). Where the two notations overlap ({@code
 * 1k}, {@code 1M}, {@code 1G}) they agree; a lower-case {@code m} is Redis's mega, never
 * Kubernetes' milli (a thousandth of a byte means nothing).
 */
public final class MemorySize {
  /** The schema's pattern: either notation. */
  public static final String PATTERN =
      "^([0-9]+([kKmMgG][bB]?|[bB])?|[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E))$";

  private static final java.util.regex.Pattern REDIS =
      java.util.regex.Pattern.compile("^([0-9]+)([kKmMgG][bB]?|[bB])?$");
  private static final java.util.regex.Pattern QUANTITY = java.util.regex.Pattern.compile(PATTERN);

  private MemorySize() {}

  /** The size in bytes; throws IllegalArgumentException when {@code text} is neither notation. */
  public static long bytes(String text) {
    var redis = REDIS.matcher(text);
    if (redis.matches()) {
      long n = Long.parseLong(redis.group(1));
      String unit = redis.group(2) == null ? "" : redis.group(2).toLowerCase(Locale.ROOT);
      long factor =
          switch (unit) {
            case "", "b" -> 1L;
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> throw new IllegalArgumentException("not a memory size: " + text);
          };
      return Math.multiplyExact(n, factor);
    }
    if (QUANTITY.matcher(text).matches()) {
      return quantityBytes(new Quantity(text));
    }
    throw new IllegalArgumentException("not a memory size: " + text);
  }

  /** A Kubernetes quantity in bytes, rounded up to a whole byte. */
  public static long quantityBytes(Quantity quantity) {
    BigDecimal amount = quantity.getNumericalAmount();
    return amount.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }

  /** {@code spec.resources.limits.memory} in bytes, or null when no limit is set. */
  public static Long limitBytes(StoreClusterSpec spec) {
    if (spec.resources == null
        || spec.resources.getLimits() == null
        || spec.resources.getLimits().get("memory") == null) {
      return null;
    }
    return quantityBytes(spec.resources.getLimits().get("memory"));
  }
}
