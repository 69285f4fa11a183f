package io.banyan.node.command.zsets;

import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ZSetValue;
import java.util.Arrays;

/** Argument parsing for sorted-set commands, with Redis 7.0's rules and error texts. */
final class ZParse {
  private ZParse() {}

  static final CommandException NOT_FLOAT_RANGE =
      new CommandException("ERR min or max is not a float");
  static final CommandException NOT_LEX_RANGE =
      new CommandException("ERR min or max not valid string range item");
  static final CommandException NOT_POSITIVE =
      new CommandException("ERR value is out of range, must be positive");

  /**
   * A score as Redis's getDoubleFromObject reads it: strtod over the whole non-empty text, no
   * leading space, no overflow or underflow to zero, not NaN. Null when not such a number.
   */
  static Double score(byte[] arg) {
    if (arg.length == 0 || CDouble.isSpace(arg[0])) {
      return null;
    }
    CDouble.Result r = CDouble.strtod(arg, 0);
    if (r.end() != arg.length
        || Double.isNaN(r.value())
        || (r.outOfRange() && (Double.isInfinite(r.value()) || r.value() == 0))) {
      return null;
    }
    return r.value();
  }

  /** A score, or ERR value is not a valid float. */
  static double scoreOrError(byte[] arg) {
    Double d = score(arg);
    if (d == null) {
      throw Errors.NOT_FLOAT;
    }
    return d;
  }

  /** A score, or the given error. */
  static double scoreOrError(byte[] arg, String error) {
    Double d = score(arg);
    if (d == null) {
      throw new CommandException(error);
    }
    return d;
  }

  /** A long within [min, max]; the message (without "ERR ") for both non-numbers and range. */
  static long rangedLong(byte[] arg, long min, long max, String message) {
    Long v = Bytes.parseLong(arg);
    if (v == null || v < min || v > max) {
      throw Errors.err(message);
    }
    return v;
  }

  /** A long ≥ 0, or ERR value is out of range, must be positive (also for non-numbers). */
  static long positiveLong(byte[] arg) {
    Long v = Bytes.parseLong(arg);
    if (v == null || v < 0) {
      throw NOT_POSITIVE;
    }
    return v;
  }

  /** A score range bound pair, min and max as given (already swapped for reverse commands). */
  static ScoreRange scoreRange(byte[] min, byte[] max) {
    double minValue = bound(min);
    double maxValue = bound(max);
    return new ScoreRange(minValue, isExclusive(min), maxValue, isExclusive(max));
  }

  private static boolean isExclusive(byte[] arg) {
    return arg.length > 0 && arg[0] == '(';
  }

  private static double bound(byte[] arg) {
    int from = isExclusive(arg) ? 1 : 0;
    CDouble.Result r = CDouble.strtod(arg, from);
    if (r.end() != arg.length || Double.isNaN(r.value())) {
      throw NOT_FLOAT_RANGE;
    }
    return r.value();
  }

  /** A lexicographic range: each bound "-", "+", "(value" or "[value". */
  static LexRange lexRange(byte[] min, byte[] max) {
    return new LexRange(lexBound(min), lexBound(max));
  }

  private static LexRange.Bound lexBound(byte[] arg) {
    if (arg.length == 0) {
      throw NOT_LEX_RANGE;
    }
    switch (arg[0]) {
      case '+':
        if (arg.length != 1) {
          throw NOT_LEX_RANGE;
        }
        return LexRange.Bound.PLUS_INFINITY;
      case '-':
        if (arg.length != 1) {
          throw NOT_LEX_RANGE;
        }
        return LexRange.Bound.MINUS_INFINITY;
      case '(':
        return new LexRange.Bound(Arrays.copyOfRange(arg, 1, arg.length), true, 0);
      case '[':
        return new LexRange.Bound(Arrays.copyOfRange(arg, 1, arg.length), false, 0);
      default:
        throw NOT_LEX_RANGE;
    }
  }

  /** A score range with Redis's exclusive flags. */
  record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    /** Rank of the first member in range. */
    int first(ZSetValue z) {
      return z.countScoreBelow(min, minExclusive);
    }

    /** Rank just past the last member in range. */
    int end(ZSetValue z) {
      return z.countScoreBelow(max, !maxExclusive);
    }
  }
}
