package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ZSetValue;
import java.util.Arrays;

/**
 * Pops of the lowest or highest scored members: ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN,
 * BZPOPMAX, BZMPOP. Blocking forms that find nothing wait through the engine's BlockingService,
 * which re-runs them when one of their keys receives data; they propagate as the non-blocking
 * ZPOPMIN/ZPOPMAX, as Redis 7.0 does.
 */
final class ZPopCommands {
  private ZPopCommands() {}

  private static final byte[] ZPOPMIN = Bytes.utf8("ZPOPMIN");
  private static final byte[] ZPOPMAX = Bytes.utf8("ZPOPMAX");

  /** How a pop replies (Redis's emitkey / use_nested_array / reply_nil_when_empty). */
  private record Shape(boolean emitKey, boolean nested, boolean nilWhenEmpty) {}

  static void zpopmin(Client c, byte[][] argv) {
    zpop(c, argv, false);
  }

  static void zpopmax(Client c, byte[][] argv) {
    zpop(c, argv, true);
  }

  private static void zpop(Client c, byte[][] argv, boolean max) {
    if (argv.length > 3) {
      throw Errors.SYNTAX;
    }
    long count = argv.length == 3 ? ZParse.positiveLong(argv[2]) : -1;
    // RESP3 nests [member, score] pairs only when a count was given.
    Shape shape = new Shape(false, c.reply().resp3() && count != -1, false);
    pop(c, new byte[][] {argv[1]}, max, count, shape);
  }

  static void bzpopmin(Client c, byte[][] argv) {
    bzpop(c, argv, false);
  }

  static void bzpopmax(Client c, byte[][] argv) {
    bzpop(c, argv, true);
  }

  private static void bzpop(Client c, byte[][] argv, boolean max) {
    long timeout = Args.timeoutMillis(argv[argv.length - 1]);
    byte[][] keys = Arrays.copyOfRange(argv, 1, argv.length - 1);
    blockingPop(c, keys, max, -1, timeout, new Shape(true, false, false));
  }

  /** Parsed ZMPOP / BZMPOP arguments after the optional timeout. */
  private record MultiPop(byte[][] keys, boolean max, long count) {}

  private static MultiPop parseMultiPop(byte[][] argv, int numkeysIdx) {
    long numkeys =
        ZParse.rangedLong(argv[numkeysIdx], 1, Long.MAX_VALUE, "numkeys should be greater than 0");
    long whereIdx = numkeysIdx + numkeys + 1;
    if (whereIdx >= argv.length) {
      throw Errors.SYNTAX;
    }
    boolean max;
    if (Args.is(argv[(int) whereIdx], "min")) {
      max = false;
    } else if (Args.is(argv[(int) whereIdx], "max")) {
      max = true;
    } else {
      throw Errors.SYNTAX;
    }
    long count = -1;
    for (int j = (int) whereIdx + 1; j < argv.length; j++) {
      boolean more = j < argv.length - 1;
      if (count == -1 && Args.is(argv[j], "count") && more) {
        j++;
        count = ZParse.rangedLong(argv[j], 1, Long.MAX_VALUE, "count should be greater than 0");
      } else {
        throw Errors.SYNTAX;
      }
    }
    byte[][] keys = Arrays.copyOfRange(argv, numkeysIdx + 1, (int) whereIdx);
    return new MultiPop(keys, max, count == -1 ? 1 : count);
  }

  static void zmpop(Client c, byte[][] argv) {
    MultiPop p = parseMultiPop(argv, 1);
    Popped popped = pop(c, p.keys, p.max, p.count, new Shape(true, true, true));
    if (popped != null) {
      propagatePop(c, popped.key, p.max, popped.count);
    }
  }

  static void bzmpop(Client c, byte[][] argv) {
    MultiPop p = parseMultiPop(argv, 2);
    long timeout = Args.timeoutMillis(argv[1]);
    blockingPop(c, p.keys, p.max, p.count, timeout, new Shape(true, true, true));
  }

  /**
   * Pops from the first non-empty key, or blocks when there is none. When re-run for a waiter, keys
   * holding another type are passed over rather than failing, as Redis 7.0 serves a waiter only
   * from a key that became a sorted set.
   */
  private static void blockingPop(
      Client c, byte[][] keys, boolean max, long count, long timeoutMs, Shape shape) {
    boolean rerun = c.state() == ClientState.BLOCKED;
    for (byte[] key : c.engine().blocking().keysToServe(c, keys)) {
      Object v = Lookup.write(c, key);
      if (v == null) {
        continue;
      }
      if (!(v instanceof ZSetValue)) {
        if (rerun) {
          continue;
        }
        throw Errors.WRONG_TYPE;
      }
      Popped popped = pop(c, new byte[][] {key}, max, count, shape);
      // BZPOPMIN/BZPOPMAX become ZPOPMIN/ZPOPMAX key; BZMPOP adds how many it popped.
      propagatePop(c, key, max, count == -1 ? -1 : popped.count);
      return;
    }
    c.engine().blocking().block(c, keys, timeoutMs, cl -> cl.reply().nullArray());
  }

  /** ZPOPMIN/ZPOPMAX key [count]: what every pop propagates as (count -1 for none), as Redis. */
  private static void propagatePop(Client c, byte[] key, boolean max, long count) {
    byte[] name = max ? ZPOPMAX : ZPOPMIN;
    if (count == -1) {
      c.propagateAs(name, key);
    } else {
      c.propagateAs(name, key, Bytes.fromLong(count));
    }
  }

  /** What a pop took: the key and how many members. */
  private record Popped(byte[] key, int count) {}

  /**
   * Pops up to count members (count -1: one, with the single-pop reply shape) from the first
   * existing key of keys; WRONGTYPE stops at the first key of another type. Returns what was
   * popped, or null when nothing was (every key missing, or a count of 0).
   */
  private static Popped pop(Client c, byte[][] keys, boolean max, long count, Shape shape) {
    byte[] key = null;
    ZSetValue z = null;
    for (byte[] k : keys) {
      z = Lookup.write(c, k, ZSetValue.class);
      if (z != null) {
        key = k;
        break;
      }
    }
    Reply r = c.reply();
    if (z == null) {
      if (shape.nilWhenEmpty) {
        r.nullArray();
      } else {
        r.array(0);
      }
      return null;
    }
    if (count == 0) {
      r.array(0);
      return null;
    }
    int size = z.size();
    int n = (int) Math.min(count == -1 ? 1 : count, size);
    if (!shape.nested && !shape.emitKey) {
      r.array(n * 2);
    } else if (shape.nested && !shape.emitKey) {
      r.array(n);
    } else if (!shape.nested) {
      r.array(n * 2 + 1);
      r.bulk(key);
    } else {
      r.array(2);
      r.bulk(key);
      r.array(n);
    }
    int start = max ? size - n : 0;
    z.visitRange(start, start + n - 1, max, (m, s) -> ZReplies.pair(r, m, s, shape.nested));
    z.removeRange(start, n, null);
    c.db().modified(key);
    return new Popped(key, n);
  }
}
