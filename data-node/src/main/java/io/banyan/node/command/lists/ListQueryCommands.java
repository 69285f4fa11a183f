package io.banyan.node.command.lists;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ListValue;
import java.util.Arrays;

/** Read-only list commands: LLEN, LINDEX, LRANGE, LPOS. */
final class ListQueryCommands {
  private ListQueryCommands() {}

  private static final CommandException RANK_ZERO =
      Errors.err(
          "RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use"
              + " negative to start from the end of the list");
  private static final CommandException COUNT_NEGATIVE = Errors.err("COUNT can't be negative");
  private static final CommandException MAXLEN_NEGATIVE = Errors.err("MAXLEN can't be negative");

  /** A possibly negative index resolved against size, or -1 when it falls outside the list. */
  static int resolveIndex(long index, int size) {
    if (index < 0) {
      index += size;
    }
    return index < 0 || index >= size ? -1 : (int) index;
  }

  static void llen(Client c, byte[][] argv) {
    ListValue list = Lookup.read(c, argv[1], ListValue.class);
    c.reply().integer(list == null ? 0 : list.size());
  }

  /** LINDEX key index: the key is looked up before the index is parsed, as in Redis. */
  static void lindex(Client c, byte[][] argv) {
    ListValue list = Lookup.read(c, argv[1], ListValue.class);
    if (list == null) {
      c.reply().nullBulk();
      return;
    }
    int i = resolveIndex(Args.toLong(argv[2]), list.size());
    c.reply().bulk(i < 0 ? null : list.get(i));
  }

  /** LRANGE key start stop: inclusive bounds, negative from the end, clamped to the list. */
  static void lrange(Client c, byte[][] argv) {
    long start = Args.toLong(argv[2]);
    long stop = Args.toLong(argv[3]);
    ListValue list = Lookup.read(c, argv[1], ListValue.class);
    if (list == null) {
      c.reply().array(0);
      return;
    }
    int size = list.size();
    if (start < 0) {
      start = Math.max(start + size, 0);
    }
    if (stop < 0) {
      stop += size;
    }
    if (start > stop || start >= size) {
      c.reply().array(0);
      return;
    }
    int from = (int) start;
    int to = (int) Math.min(stop, size - 1);
    c.reply().array(to - from + 1);
    for (int i = from; i <= to; i++) {
      c.reply().bulk(list.get(i));
    }
  }

  /**
   * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: positions of matches. RANK picks
   * the first match to report (negative: searching from the tail), COUNT how many (0: all), MAXLEN
   * how many elements to examine (0: all). Without COUNT the reply is one position or null.
   */
  static void lpos(Client c, byte[][] argv) {
    long rank = 1;
    long count = -1;
    long maxLen = 0;
    for (int j = 3; j < argv.length; j++) {
      boolean hasValue = j + 1 < argv.length;
      if (Args.is(argv[j], "rank") && hasValue) {
        rank = Args.toLong(argv[++j]);
        if (rank == 0) {
          throw RANK_ZERO;
        }
      } else if (Args.is(argv[j], "count") && hasValue) {
        count = nonNegative(argv[++j], COUNT_NEGATIVE);
      } else if (Args.is(argv[j], "maxlen") && hasValue) {
        maxLen = nonNegative(argv[++j], MAXLEN_NEGATIVE);
      } else {
        throw Errors.SYNTAX;
      }
    }
    ListValue list = Lookup.read(c, argv[1], ListValue.class);
    if (list == null) {
      if (count >= 0) {
        c.reply().array(0);
      } else {
        c.reply().nullBulk();
      }
      return;
    }
    long[] found = find(list, argv[2], rank, count == -1 ? 1 : count, maxLen);
    if (count == -1) {
      if (found.length == 0) {
        c.reply().nullBulk();
      } else {
        c.reply().integer(found[0]);
      }
      return;
    }
    c.reply().array(found.length);
    for (long position : found) {
      c.reply().integer(position);
    }
  }

  private static long nonNegative(byte[] arg, CommandException error) {
    Long v = Bytes.parseLong(arg);
    if (v == null || v < 0) {
      throw error;
    }
    return v;
  }

  /** Positions of matches in search order, skipping the first |rank|-1; count 0 means all. */
  private static long[] find(ListValue list, byte[] element, long rank, long count, long maxLen) {
    int size = list.size();
    boolean fromTail = rank < 0;
    // Redis 7.0 negates the rank with C arithmetic, so LONG_MIN stays negative and the first match
    // already satisfies it: it behaves as -1.
    long skip = rank == Long.MIN_VALUE ? 0 : Math.abs(rank) - 1;
    long limit = maxLen == 0 ? size : Math.min(maxLen, size);
    long[] out = new long[(int) Math.min(count == 0 ? 16 : count, 16)];
    int n = 0;
    for (int examined = 0; examined < limit; examined++) {
      int i = fromTail ? size - 1 - examined : examined;
      if (!Bytes.equal(list.get(i), element)) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = i;
      if (count != 0 && n == count) {
        break;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
