package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Glob;
import io.banyan.node.store.type.ZSetValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** ZRANDMEMBER and ZSCAN: the sorted-set reads whose output is not determined by the data. */
final class ZRandScanCommands {
  private ZRandScanCommands() {}

  private static final CommandException INVALID_CURSOR = Errors.err("invalid cursor");

  /** Replies beyond this many elements cannot be built; Redis would try and exhaust memory. */
  private static final long MAX_REPEATED_PICKS = Integer.MAX_VALUE / 2;

  static void zrandmember(Client c, byte[][] argv) {
    if (argv.length >= 3) {
      Long count = Bytes.parseLong(argv[2]);
      if (count == null) {
        throw Errors.NOT_INTEGER;
      }
      if (count == Long.MIN_VALUE) {
        throw Errors.err(
            "value is out of range, value must between -9223372036854775807 and"
                + " 9223372036854775807");
      }
      boolean withScores = false;
      if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "withscores"))) {
        throw Errors.SYNTAX;
      } else if (argv.length == 4) {
        withScores = true;
        if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
          throw Errors.err("value is out of range");
        }
      }
      withCount(c, argv[1], count, withScores);
      return;
    }
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    if (z == null) {
      c.reply().nullBulk();
      return;
    }
    c.reply().bulk(z.memberAt(ThreadLocalRandom.current().nextInt(z.size())));
  }

  private static void withCount(Client c, byte[] key, long count, boolean withScores) {
    ZSetValue z = Lookup.read(c, key, ZSetValue.class);
    Reply r = c.reply();
    if (z == null || count == 0) {
      r.array(0);
      return;
    }
    int size = z.size();
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    boolean nested = withScores && r.resp3();
    ZSetValue.MemberVisitor emit =
        withScores ? (m, s) -> ZReplies.pair(r, m, s, nested) : (m, s) -> r.bulk(m);
    if (count < 0 || count == 1) {
      // Repetitions allowed: independent picks.
      long n = Math.abs(count);
      if (n > MAX_REPEATED_PICKS) {
        throw Errors.err("value is out of range");
      }
      r.array((int) (withScores && !r.resp3() ? n * 2 : n));
      for (long i = 0; i < n; i++) {
        int rank = rnd.nextInt(size);
        z.visitRange(rank, rank, false, emit);
      }
      return;
    }
    if (count >= size) {
      ZReplies.range(c, z, 0, size - 1, false, withScores);
      return;
    }
    int n = (int) count;
    List<Integer> ranks = distinctRanks(size, n, rnd);
    r.array(withScores && !r.resp3() ? n * 2 : n);
    for (int rank : ranks) {
      z.visitRange(rank, rank, false, emit);
    }
  }

  /** n distinct ranks below size, in random order. */
  private static List<Integer> distinctRanks(int size, int n, ThreadLocalRandom rnd) {
    List<Integer> out = new ArrayList<>(n);
    if ((long) n * 3 > size) {
      // Many of them: a partial shuffle of every rank.
      int[] all = new int[size];
      for (int i = 0; i < size; i++) {
        all[i] = i;
      }
      for (int i = 0; i < n; i++) {
        int j = i + rnd.nextInt(size - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
        out.add(all[i]);
      }
      return out;
    }
    Set<Integer> seen = new HashSet<>();
    while (out.size() < n) {
      int rank = rnd.nextInt(size);
      if (seen.add(rank)) {
        out.add(rank);
      }
    }
    return out;
  }

  static void zscan(Client c, byte[][] argv) {
    long cursor = parseCursor(argv[2]);
    ZSetValue z = Lookup.read(c, argv[1], ZSetValue.class);
    Reply r = c.reply();
    if (z == null) {
      r.array(2);
      r.bulk(Bytes.fromLong(0));
      r.array(0);
      return;
    }
    long count = 10;
    byte[] pattern = null;
    for (int i = 3; i < argv.length; i += 2) {
      boolean hasValue = i + 1 < argv.length;
      if (Args.is(argv[i], "count") && hasValue) {
        count = Args.toLong(argv[i + 1]);
        if (count < 1) {
          throw Errors.SYNTAX;
        }
      } else if (Args.is(argv[i], "match") && hasValue) {
        byte[] p = argv[i + 1];
        pattern = (p.length == 1 && p[0] == '*') ? null : p;
      } else {
        throw Errors.SYNTAX;
      }
    }
    List<byte[]> items = new ArrayList<>();
    byte[] match = pattern;
    ZSetValue.ScanVisitor collect =
        (m, s) -> {
          if (match == null || Glob.matches(match, m)) {
            items.add(m);
            items.add(s);
          }
        };
    // Like Redis, count bounds the collected entries (member and score each count) and the number
    // of empty buckets visited, so a sparse table cannot stall the command thread.
    long budget = count * 10;
    int[] visited = {0};
    ZSetValue.ScanVisitor counting =
        (m, s) -> {
          visited[0] += 2;
          collect.visit(m, s);
        };
    do {
      cursor = z.scan(cursor, counting);
    } while (cursor != 0 && budget-- > 0 && visited[0] < count);
    r.array(2);
    r.bulk(Bytes.utf8(Long.toUnsignedString(cursor)));
    r.array(items.size());
    for (byte[] item : items) {
      r.bulk(item);
    }
  }

  /** A SCAN cursor as C's strtoul reads it: unsigned 64-bit, "-n" wraps around. */
  static long parseCursor(byte[] arg) {
    int n = arg.length;
    if (n > 0 && CDouble.isSpace(arg[0])) {
      throw INVALID_CURSOR;
    }
    int i = 0;
    boolean negative = false;
    if (i < n && (arg[i] == '+' || arg[i] == '-')) {
      negative = arg[i] == '-';
      i++;
    }
    if (i == n) {
      if (n == 0) {
        return 0; // nothing to convert, and nothing left over: cursor 0
      }
      throw INVALID_CURSOR;
    }
    long value = 0;
    for (; i < n; i++) {
      int d = arg[i] - '0';
      if (d < 0 || d > 9) {
        throw INVALID_CURSOR;
      }
      // Unsigned overflow check: value * 10 + d must stay below 2^64.
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0
          || (value == Long.divideUnsigned(-1L, 10) && d > 5)) {
        throw INVALID_CURSOR;
      }
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }
}
