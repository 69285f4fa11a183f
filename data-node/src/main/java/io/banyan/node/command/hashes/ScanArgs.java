package io.banyan.node.command.hashes;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Glob;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cursor and options of the collection SCAN commands (HSCAN, SSCAN; ZSCAN reads the same), with
 * Redis's rules: the cursor is an unsigned 64-bit number read like {@code strtoul}, MATCH takes a
 * glob, COUNT must be at least 1, later options override earlier ones.
 *
 * @param pattern the MATCH pattern, or null when everything matches
 * @param count the COUNT hint (default 10)
 */
public record ScanArgs(byte[] pattern, long count) {
  private static final CommandException INVALID_CURSOR = new CommandException("ERR invalid cursor");

  /**
   * Parses a cursor as Redis does with strtoul: optional sign (a minus wraps around), decimal
   * digits, no leading space, nothing after, no overflow past 2^64-1. An empty text reads as 0.
   */
  public static long parseCursor(byte[] arg) {
    int n = arg.length;
    if (n == 0) {
      return 0;
    }
    int i = 0;
    boolean negative = false;
    if (arg[0] == '+' || arg[0] == '-') {
      negative = arg[0] == '-';
      i = 1;
    }
    if (i == n) {
      throw INVALID_CURSOR;
    }
    long v = 0;
    for (; i < n; i++) {
      int d = arg[i] - '0';
      if (d < 0 || d > 9) {
        throw INVALID_CURSOR;
      }
      // Unsigned overflow check: v * 10 + d must stay below 2^64.
      if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
        throw INVALID_CURSOR;
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  /** Parses the options that follow the cursor, from {@code argv[from]} on. */
  public static ScanArgs parseOptions(byte[][] argv, int from) {
    byte[] pattern = null;
    long count = 10;
    int i = from;
    while (i < argv.length) {
      boolean hasValue = i + 1 < argv.length;
      if (hasValue && Args.is(argv[i], "count")) {
        count = Args.toLong(argv[i + 1]);
        if (count < 1) {
          throw Errors.SYNTAX;
        }
      } else if (hasValue && Args.is(argv[i], "match")) {
        pattern = Glob.isMatchAll(argv[i + 1]) ? null : argv[i + 1];
      } else {
        throw Errors.SYNTAX;
      }
      i += 2;
    }
    return new ScanArgs(pattern, count);
  }

  public boolean matches(byte[] item) {
    return pattern == null || Glob.matches(pattern, item);
  }

  /**
   * How many cursor steps a hashtable scan may take before replying even with fewer items than
   * COUNT, so that a sparse table cannot keep the server busy (Redis allows ten per item).
   */
  public long maxSteps() {
    return count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
  }

  /** Writes the reply of a collection scan: the next cursor, then the items. */
  public static void reply(Client c, long nextCursor, List<byte[]> items) {
    Reply r = c.reply();
    r.array(2);
    r.bulk(Long.toUnsignedString(nextCursor).getBytes(StandardCharsets.US_ASCII));
    r.array(items.size());
    for (byte[] item : items) {
      r.bulk(item);
    }
  }

  /** The reply for a missing key: cursor 0 and no items (options are not even parsed). */
  public static void replyEmpty(Client c) {
    reply(c, 0, List.of());
  }
}
