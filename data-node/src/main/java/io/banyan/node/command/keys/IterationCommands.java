package io.banyan.node.command.keys;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Glob;
import java.util.ArrayList;
import java.util.List;

/** KEYS, SCAN and RANDOMKEY. Logically expired keys are never reported. */
final class IterationCommands {
  private IterationCommands() {}

  static void keys(Client c, byte[][] argv) {
    byte[] pattern = argv[1];
    boolean all = Glob.isMatchAll(pattern);
    Database db = c.db();
    List<byte[]> found = new ArrayList<>();
    db.forEach(
        e -> {
          if ((all || Glob.matches(pattern, e.key)) && !db.isExpired(e)) {
            found.add(e.key);
          }
        });
    Reply r = c.reply();
    r.array(found.size());
    for (byte[] k : found) {
      r.bulk(k);
    }
  }

  static void scan(Client c, byte[][] argv) {
    long cursor = parseCursor(argv[1]);
    long count = 10;
    byte[] pattern = null;
    String type = null;
    for (int i = 2; i < argv.length; i += 2) {
      boolean hasValue = i + 1 < argv.length;
      if (Bytes.is(argv[i], "count") && hasValue) {
        count = Args.toLong(argv[i + 1]);
        if (count < 1) {
          throw Errors.SYNTAX;
        }
      } else if (Bytes.is(argv[i], "match") && hasValue) {
        pattern = Glob.isMatchAll(argv[i + 1]) ? null : argv[i + 1];
      } else if (Bytes.is(argv[i], "type") && hasValue) {
        type = Bytes.str(argv[i + 1]);
      } else {
        throw Errors.SYNTAX;
      }
    }
    Database db = c.db();
    List<Entry> batch = new ArrayList<>();
    // Like Redis: stop after COUNT keys, or after visiting ten times COUNT buckets.
    long budget = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
    do {
      cursor = db.scan(cursor, batch::add);
    } while (cursor != 0 && budget-- > 0 && batch.size() < count);
    // Filter after the scan step: lookups may delete expired keys, which the scan must not see.
    List<byte[]> keys = new ArrayList<>(batch.size());
    for (Entry e : batch) {
      byte[] key = e.key;
      if (pattern != null && !Glob.matches(pattern, key)) {
        continue;
      }
      if (type != null) {
        Entry live = Lookup.readWithoutTouch(c, key);
        if (live == null || !live.type().wireName().equalsIgnoreCase(type)) {
          continue;
        }
      }
      if (db.lookup(key) == null) {
        continue; // expired: removed now on a master, hidden on a replica
      }
      keys.add(key);
    }
    Reply r = c.reply();
    r.array(2);
    r.bulk(Long.toUnsignedString(cursor));
    r.array(keys.size());
    for (byte[] k : keys) {
      r.bulk(k);
    }
  }

  /**
   * A cursor as C's strtoul reads it, which Redis uses: an unsigned 64-bit decimal, optionally
   * signed ('-' negates modulo 2^64), possibly empty (zero); nothing else may follow.
   */
  static long parseCursor(byte[] arg) {
    int i = 0;
    boolean negative = false;
    if (arg.length > 0 && (arg[0] == '+' || arg[0] == '-')) {
      negative = arg[0] == '-';
      i = 1;
    }
    if (arg.length == 0) {
      return 0;
    }
    if (i == arg.length) {
      throw invalidCursor();
    }
    long v = 0;
    for (; i < arg.length; i++) {
      int d = arg[i] - '0';
      if (d < 0 || d > 9) {
        throw invalidCursor();
      }
      // Overflow of an unsigned 64-bit value: v * 10 + d > 2^64 - 1.
      if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0
          || Long.compareUnsigned(v * 10, -1L - d) > 0) {
        throw invalidCursor();
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  private static CommandException invalidCursor() {
    return Errors.err("invalid cursor");
  }

  static void randomkey(Client c, byte[][] argv) {
    Entry e = c.db().randomEntry();
    c.reply().bulk(e == null ? null : e.key);
  }
}
