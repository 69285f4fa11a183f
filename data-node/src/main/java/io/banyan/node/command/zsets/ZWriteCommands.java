package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.CompositeWrites;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.type.ZSetValue;

/** Sorted-set writes by member or range: ZADD, ZINCRBY, ZREM, ZREMRANGEBYRANK/SCORE/LEX. */
final class ZWriteCommands {
  private ZWriteCommands() {}

  private static final CommandException XX_AND_NX =
      Errors.err("XX and NX options at the same time are not compatible");
  private static final CommandException GT_LT_NX =
      Errors.err("GT, LT, and/or NX options at the same time are not compatible");
  private static final CommandException INCR_SINGLE_PAIR =
      Errors.err("INCR option supports a single increment-element pair");
  static final CommandException NAN_RESULT = Errors.err("resulting score is not a number (NaN)");

  static void zadd(Client c, byte[][] argv) {
    add(c, argv, false);
  }

  static void zincrby(Client c, byte[][] argv) {
    add(c, argv, true);
  }

  /** ZADD (and ZINCRBY, which is ZADD INCR with a single pair and no options). */
  private static void add(Client c, byte[][] argv, boolean incrCommand) {
    boolean nx = false;
    boolean xx = false;
    boolean gt = false;
    boolean lt = false;
    boolean ch = false;
    boolean incr = incrCommand;
    int scoreIdx = 2;
    for (; !incrCommand && scoreIdx < argv.length; scoreIdx++) {
      byte[] a = argv[scoreIdx];
      if (Args.is(a, "nx")) {
        nx = true;
      } else if (Args.is(a, "xx")) {
        xx = true;
      } else if (Args.is(a, "ch")) {
        ch = true;
      } else if (Args.is(a, "incr")) {
        incr = true;
      } else if (Args.is(a, "gt")) {
        gt = true;
      } else if (Args.is(a, "lt")) {
        lt = true;
      } else {
        break;
      }
    }
    int remaining = argv.length - scoreIdx;
    if (remaining == 0 || remaining % 2 != 0) {
      throw Errors.SYNTAX;
    }
    int elements = remaining / 2;
    if (nx && xx) {
      throw XX_AND_NX;
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw GT_LT_NX;
    }
    if (incr && elements > 1) {
      throw INCR_SINGLE_PAIR;
    }
    double[] scores = new double[elements];
    for (int i = 0; i < elements; i++) {
      scores[i] = ZParse.scoreOrError(argv[scoreIdx + 2 * i]);
    }

    byte[] key = argv[1];
    ZSetValue z = Lookup.write(c, key, ZSetValue.class);
    if (z == null) {
      if (xx) {
        replyAdd(c, incr, false, 0, 0);
        return;
      }
      z = new ZSetValue(1, argv[scoreIdx + 1].length);
      c.db().add(key, z);
    }
    int added = 0;
    int updated = 0;
    boolean processed = false;
    double lastScore = 0;
    try {
      for (int i = 0; i < elements; i++) {
        byte[] member = argv[scoreIdx + 2 * i + 1];
        double score = scores[i];
        Double current = z.score(member);
        if (current != null) {
          if (nx) {
            continue;
          }
          double newScore = incr ? current + score : score;
          if (Double.isNaN(newScore)) {
            throw NAN_RESULT;
          }
          if ((lt && newScore >= current) || (gt && newScore <= current)) {
            continue;
          }
          processed = true;
          lastScore = newScore;
          if (newScore != current) {
            z.add(member, newScore);
            updated++;
          }
        } else if (!xx) {
          z.add(member, score);
          added++;
          processed = true;
          lastScore = score;
        }
      }
    } finally {
      if (added + updated > 0 || z.isEmpty()) {
        c.db().modified(key);
      }
    }
    replyAdd(c, incr, processed, lastScore, ch ? added + updated : added);
  }

  private static void replyAdd(Client c, boolean incr, boolean processed, double score, long n) {
    if (!incr) {
      c.reply().integer(n);
    } else if (processed) {
      c.reply().dbl(score);
    } else {
      c.reply().nullBulk();
    }
  }

  static void zrem(Client c, byte[][] argv) {
    CompositeWrites.removeEach(c, argv, ZSetValue.class, ZSetValue::remove);
  }

  static void zremrangebyrank(Client c, byte[][] argv) {
    long start = Args.toLong(argv[2]);
    long end = Args.toLong(argv[3]);
    ZSetValue z = Lookup.write(c, argv[1], ZSetValue.class);
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    ZRangeCommands.Span span = ZRangeCommands.rankSpan(z.size(), start, end, false);
    removeSpan(c, argv[1], z, span.from(), span.length());
  }

  static void zremrangebyscore(Client c, byte[][] argv) {
    ZParse.ScoreRange range = ZParse.scoreRange(argv[2], argv[3]);
    ZSetValue z = Lookup.write(c, argv[1], ZSetValue.class);
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    int first = range.first(z);
    removeSpan(c, argv[1], z, first, range.end(z) - first);
  }

  static void zremrangebylex(Client c, byte[][] argv) {
    LexRange range = ZParse.lexRange(argv[2], argv[3]);
    ZSetValue z = Lookup.write(c, argv[1], ZSetValue.class);
    if (z == null) {
      c.reply().integer(0);
      return;
    }
    // As Redis: a listpack starts at its first member in range, a skiplist where its descent
    // lands; both then remove members while they are not above max.
    int first = z.isListpack() ? range.first(z) : range.descendToMin(z);
    int n =
        first < 0 || first >= z.size() ? 0 : z.walk(first, false, -1, (m, s) -> range.lteMax(m));
    removeSpan(c, argv[1], z, first, n);
  }

  private static void removeSpan(Client c, byte[] key, ZSetValue z, int start, int count) {
    int removed = count > 0 ? z.removeRange(start, count, null) : 0;
    if (removed > 0) {
      c.db().modified(key);
    }
    c.reply().integer(removed);
  }
}
