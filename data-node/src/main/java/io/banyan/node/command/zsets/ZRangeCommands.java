package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.type.ZSetValue;

/**
 * ZRANGE in its unified Redis 6.2+ form and the older commands that are fixed settings of it
 * (ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX), plus ZRANGESTORE.
 * Every range becomes a span of ranks, so each form costs O(log n + m).
 */
final class ZRangeCommands {
  private ZRangeCommands() {}

  /** How the range arguments are read; AUTO until an option (or the command) decides. */
  enum By {
    AUTO,
    RANK,
    SCORE,
    LEX
  }

  /** Direction; AUTO until REV or the command decides. */
  enum Direction {
    AUTO,
    FORWARD,
    REVERSE
  }

  private static final CommandException LIMIT_NEEDS_BY =
      Errors.err(
          "syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
  private static final CommandException WITHSCORES_WITH_LEX =
      Errors.err("syntax error, WITHSCORES not supported in combination with BYLEX");

  static void zrange(Client c, byte[][] argv) {
    range(c, argv, 1, false, By.AUTO, Direction.AUTO);
  }

  static void zrangestore(Client c, byte[][] argv) {
    range(c, argv, 2, true, By.AUTO, Direction.AUTO);
  }

  static void zrevrange(Client c, byte[][] argv) {
    range(c, argv, 1, false, By.RANK, Direction.REVERSE);
  }

  static void zrangebyscore(Client c, byte[][] argv) {
    range(c, argv, 1, false, By.SCORE, Direction.FORWARD);
  }

  static void zrevrangebyscore(Client c, byte[][] argv) {
    range(c, argv, 1, false, By.SCORE, Direction.REVERSE);
  }

  static void zrangebylex(Client c, byte[][] argv) {
    range(c, argv, 1, false, By.LEX, Direction.FORWARD);
  }

  static void zrevrangebylex(Client c, byte[][] argv) {
    range(c, argv, 1, false, By.LEX, Direction.REVERSE);
  }

  /** A resolved span of ascending ranks {@code from..to}, to visit downwards when reverse. */
  record Span(int from, int to, boolean reverse) {
    static final Span EMPTY = new Span(0, -1, false);

    int length() {
      return Math.max(0, to - from + 1);
    }
  }

  /**
   * The common implementation; {@code keyIndex} is the source key's position (the destination
   * precedes it for ZRANGESTORE).
   */
  static void range(Client c, byte[][] argv, int keyIndex, boolean store, By by, Direction dir) {
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    for (int j = keyIndex + 3; j < argv.length; j++) {
      int left = argv.length - j - 1;
      byte[] a = argv[j];
      if (!store && Args.is(a, "withscores")) {
        withScores = true;
      } else if (Args.is(a, "limit") && left >= 2) {
        offset = Args.toLong(argv[j + 1]);
        limit = Args.toLong(argv[j + 2]);
        j += 2;
      } else if (dir == Direction.AUTO && Args.is(a, "rev")) {
        dir = Direction.REVERSE;
      } else if (by == By.AUTO && Args.is(a, "bylex")) {
        by = By.LEX;
      } else if (by == By.AUTO && Args.is(a, "byscore")) {
        by = By.SCORE;
      } else {
        throw Errors.SYNTAX;
      }
    }
    boolean reverse = dir == Direction.REVERSE;
    if (by == By.AUTO) {
      by = By.RANK;
    }
    if (limit != -1 && by == By.RANK) {
      throw LIMIT_NEEDS_BY;
    }
    if (withScores && by == By.LEX) {
      throw WITHSCORES_WITH_LEX;
    }
    // Score and lex ranges are given as max, min when reversed.
    byte[] minArg = argv[keyIndex + 1];
    byte[] maxArg = argv[keyIndex + 2];
    if (reverse && by != By.RANK) {
      byte[] t = minArg;
      minArg = maxArg;
      maxArg = t;
    }
    long start = 0;
    long end = 0;
    ZParse.ScoreRange scores = null;
    LexRange lex = null;
    switch (by) {
      case SCORE -> scores = ZParse.scoreRange(minArg, maxArg);
      case LEX -> lex = ZParse.lexRange(minArg, maxArg);
      default -> {
        start = Args.toLong(minArg);
        end = Args.toLong(maxArg);
      }
    }

    ZSetValue z = Lookup.read(c, argv[keyIndex], ZSetValue.class);
    Span span;
    if (z == null) {
      span = Span.EMPTY;
    } else if (by == By.RANK) {
      span = rankSpan(z.size(), start, end, reverse);
    } else if (by == By.SCORE) {
      span = limitSpan(scores.first(z), scores.end(z), offset, limit, reverse);
    } else {
      span = lexSpan(z, lex, offset, limit, reverse);
    }
    if (store) {
      store(c, argv[1], z, span);
    } else if (z == null) {
      c.reply().array(0);
    } else {
      ZReplies.range(c, z, span.from, span.to, span.reverse, withScores);
    }
  }

  /**
   * Ranks for start..end as ZRANGE reads them: negative values count from the end, the range is
   * clamped, and in reverse the ranks count from the highest score.
   */
  static Span rankSpan(int size, long start, long end, boolean reverse) {
    if (start < 0) {
      start += size;
    }
    if (end < 0) {
      end += size;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= size) {
      return Span.EMPTY;
    }
    if (end >= size) {
      end = size - 1;
    }
    if (reverse) {
      return new Span((int) (size - 1 - end), (int) (size - 1 - start), true);
    }
    return new Span((int) start, (int) end, false);
  }

  /**
   * Applies LIMIT offset count to the members with ranks first..end-1: a negative offset selects
   * nothing, a negative count means all the rest. In reverse, the offset counts from the top.
   */
  static Span limitSpan(int first, int end, long offset, long limit, boolean reverse) {
    long available = (long) end - first - offset;
    if (offset < 0 || available <= 0 || limit == 0) {
      return Span.EMPTY;
    }
    long n = limit < 0 ? available : Math.min(limit, available);
    if (reverse) {
      int hi = (int) (end - 1 - offset);
      return new Span((int) (hi - n + 1), hi, true);
    }
    int lo = (int) (first + offset);
    return new Span(lo, (int) (lo + n - 1), false);
  }

  /**
   * A lexicographic range with LIMIT, found as Redis finds it: from the first (or, in reverse, the
   * last) member in range, skip offset members, then take members while they stay in range.
   */
  static Span lexSpan(ZSetValue z, LexRange lex, long offset, long limit, boolean reverse) {
    int start = reverse ? lex.last(z) : lex.first(z);
    if (start < 0 || offset < 0 || offset >= z.size()) {
      return Span.EMPTY;
    }
    long pos = reverse ? start - offset : start + offset;
    if (pos < 0 || pos >= z.size()) {
      return Span.EMPTY;
    }
    int p = (int) pos;
    int n = z.walk(p, reverse, limit, (m, s) -> reverse ? lex.gteMin(m) : lex.lteMax(m));
    return reverse ? new Span(p - n + 1, p, true) : new Span(p, p + n - 1, false);
  }

  /** ZRANGESTORE's result: the destination replaced (or deleted when empty); replies the size. */
  private static void store(Client c, byte[] dst, ZSetValue source, Span span) {
    int n = span.length();
    if (n == 0) {
      c.db().delete(dst);
      c.reply().integer(0);
      return;
    }
    ZSetValue result = new ZSetValue();
    source.visitRange(span.from, span.to, span.reverse, result::add);
    c.db().set(dst, result);
    c.reply().integer(n);
  }
}
