package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD. Inputs may be sorted sets or plain sets
 * (whose members count with score 1); missing keys are empty inputs.
 */
final class ZSetOperations {
  private ZSetOperations() {}

  private enum Op {
    UNION,
    INTER,
    DIFF
  }

  private enum Aggregate {
    SUM,
    MIN,
    MAX
  }

  /** One input with its weight. */
  private record Source(Object value, double weight) {
    int size() {
      if (value instanceof ZSetValue z) {
        return z.size();
      }
      return value == null ? 0 : ((SetValue) value).size();
    }

    void forEach(ZSetValue.MemberVisitor visitor) {
      if (value instanceof ZSetValue z) {
        z.forEach(visitor);
      } else if (value instanceof SetValue s) {
        s.forEach(m -> visitor.visit(m, 1.0));
      }
    }

    /** The member's score in this input, or null when absent. */
    Double score(byte[] member) {
      if (value instanceof ZSetValue z) {
        return z.score(member);
      }
      return value != null && ((SetValue) value).contains(member) ? 1.0 : null;
    }
  }

  /** Byte-array key for the accumulators. */
  private record Member(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Member m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }

  static void zunion(Client c, byte[][] argv) {
    run(c, argv, null, 1, Op.UNION, "zunion");
  }

  static void zinter(Client c, byte[][] argv) {
    run(c, argv, null, 1, Op.INTER, "zinter");
  }

  static void zdiff(Client c, byte[][] argv) {
    run(c, argv, null, 1, Op.DIFF, "zdiff");
  }

  static void zunionstore(Client c, byte[][] argv) {
    run(c, argv, argv[1], 2, Op.UNION, "zunionstore");
  }

  static void zinterstore(Client c, byte[][] argv) {
    run(c, argv, argv[1], 2, Op.INTER, "zinterstore");
  }

  static void zdiffstore(Client c, byte[][] argv) {
    run(c, argv, argv[1], 2, Op.DIFF, "zdiffstore");
  }

  static void zintercard(Client c, byte[][] argv) {
    run(c, argv, null, 1, Op.INTER, "zintercard");
  }

  private static void run(Client c, byte[][] argv, byte[] dst, int numkeysIdx, Op op, String name) {
    boolean cardinalityOnly = name.equals("zintercard");
    long numkeys = Args.toLong(argv[numkeysIdx]);
    if (numkeys < 1) {
      throw Errors.err("at least 1 input key is needed for '" + name + "' command");
    }
    if (numkeys > argv.length - (numkeysIdx + 1)) {
      throw Errors.SYNTAX;
    }
    int n = (int) numkeys;
    Object[] values = new Object[n];
    for (int i = 0; i < n; i++) {
      byte[] key = argv[numkeysIdx + 1 + i];
      // Sources are reads even for the STORE forms: Redis 7.0 counts their keyspace hits/misses.
      Object v = Lookup.read(c, key);
      if (v != null && !(v instanceof ZSetValue) && !(v instanceof SetValue)) {
        throw Errors.WRONG_TYPE;
      }
      values[i] = v;
    }
    double[] weights = new double[n];
    Arrays.fill(weights, 1.0);
    Aggregate aggregate = Aggregate.SUM;
    boolean withScores = false;
    long limit = 0;
    int j = numkeysIdx + 1 + n;
    while (j < argv.length) {
      int remaining = argv.length - j;
      byte[] a = argv[j];
      boolean weighted = op != Op.DIFF && !cardinalityOnly;
      if (weighted && remaining >= n + 1 && Args.is(a, "weights")) {
        for (int i = 0; i < n; i++) {
          weights[i] = ZParse.scoreOrError(argv[j + 1 + i], "ERR weight value is not a float");
        }
        j += n + 1;
      } else if (weighted && remaining >= 2 && Args.is(a, "aggregate")) {
        byte[] kind = argv[j + 1];
        if (Args.is(kind, "sum")) {
          aggregate = Aggregate.SUM;
        } else if (Args.is(kind, "min")) {
          aggregate = Aggregate.MIN;
        } else if (Args.is(kind, "max")) {
          aggregate = Aggregate.MAX;
        } else {
          throw Errors.SYNTAX;
        }
        j += 2;
      } else if (dst == null && !cardinalityOnly && Args.is(a, "withscores")) {
        withScores = true;
        j++;
      } else if (cardinalityOnly && remaining >= 2 && Args.is(a, "limit")) {
        limit = ZParse.rangedLong(argv[j + 1], 0, Long.MAX_VALUE, "LIMIT can't be negative");
        j += 2;
      } else {
        throw Errors.SYNTAX;
      }
    }

    List<Source> sources = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sources.add(new Source(values[i], weights[i]));
    }
    if (op != Op.DIFF) {
      // Smallest first, as Redis orders them (this also fixes the order scores are summed in).
      sources.sort(Comparator.comparingInt(Source::size));
    }
    if (cardinalityOnly) {
      c.reply().integer(intersectionCount(sources, limit));
      return;
    }
    Map<Member, Double> result =
        switch (op) {
          case UNION -> union(sources, aggregate);
          case INTER -> intersection(sources, aggregate);
          case DIFF -> difference(sources);
        };
    // Redis builds the result as a skiplist and compacts only what it stores (which turns -0 into
    // 0).
    ZSetValue z = toSortedSet(result, dst != null);
    if (dst != null) {
      if (z.isEmpty()) {
        c.db().delete(dst);
        c.reply().integer(0);
      } else {
        c.db().set(dst, z);
        c.reply().integer(z.size());
      }
      return;
    }
    ZReplies.range(c, z, 0, z.size() - 1, false, withScores);
  }

  private static double weighted(double score, double weight) {
    double v = score * weight;
    return Double.isNaN(v) ? 0 : v;
  }

  private static double aggregate(double target, double value, Aggregate how) {
    return switch (how) {
      case SUM -> {
        double sum = target + value;
        yield Double.isNaN(sum) ? 0 : sum; // inf + -inf counts as 0
      }
      case MIN -> value < target ? value : target;
      case MAX -> value > target ? value : target;
    };
  }

  private static Map<Member, Double> union(List<Source> sources, Aggregate how) {
    Map<Member, Double> acc = new LinkedHashMap<>();
    for (Source src : sources) {
      src.forEach(
          (m, s) -> {
            double score = weighted(s, src.weight);
            acc.merge(new Member(m), score, (old, add) -> aggregate(old, add, how));
          });
    }
    return acc;
  }

  private static Map<Member, Double> intersection(List<Source> sources, Aggregate how) {
    Map<Member, Double> acc = new LinkedHashMap<>();
    Source first = sources.get(0);
    if (first.size() == 0) {
      return acc;
    }
    first.forEach(
        (m, s) -> {
          Double score = intersect(sources, m, s, how);
          if (score != null) {
            acc.put(new Member(m), score);
          }
        });
    return acc;
  }

  /** The aggregated score of a member of the first input when every input has it, else null. */
  private static Double intersect(List<Source> sources, byte[] member, double s, Aggregate how) {
    Source first = sources.get(0);
    double score = weighted(s, first.weight);
    for (int i = 1; i < sources.size(); i++) {
      Source other = sources.get(i);
      Double value = other.value == first.value ? Double.valueOf(s) : other.score(member);
      if (value == null) {
        return null;
      }
      score = aggregate(score, value * other.weight, how);
    }
    return score;
  }

  private static long intersectionCount(List<Source> sources, long limit) {
    Source first = sources.get(0);
    if (first.size() == 0) {
      return 0;
    }
    long[] count = {0};
    // Visiting cannot stop early, so members past the limit are skipped instead.
    first.forEach(
        (m, s) -> {
          if ((limit == 0 || count[0] < limit) && intersect(sources, m, s, Aggregate.SUM) != null) {
            count[0]++;
          }
        });
    return count[0];
  }

  private static Map<Member, Double> difference(List<Source> sources) {
    Map<Member, Double> acc = new LinkedHashMap<>();
    Source first = sources.get(0);
    first.forEach(
        (m, s) -> {
          for (int i = 1; i < sources.size(); i++) {
            if (sources.get(i).score(m) != null) {
              return;
            }
          }
          acc.put(new Member(m), s);
        });
    return acc;
  }

  /** A sorted set of the result; when compact, listpack-encoded if small enough. */
  private static ZSetValue toSortedSet(Map<Member, Double> result, boolean compact) {
    int maxLength = 0;
    for (Member m : result.keySet()) {
      maxLength = Math.max(maxLength, m.bytes.length);
    }
    ZSetValue z = new ZSetValue(compact ? result.size() : Integer.MAX_VALUE, maxLength);
    result.forEach((m, s) -> z.add(m.bytes, s));
    return z;
  }
}
