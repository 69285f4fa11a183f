package io.banyan.node.command.keys;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import java.util.Arrays;

/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX, XX, GT, LT), TTL, PTTL, EXPIRETIME, PEXPIRETIME
 * and PERSIST.
 *
 * <p>Replicas and the AOF always receive an absolute {@code PEXPIREAT}, so a delayed replay expires
 * the key at the same moment; a time already past deletes the key and is propagated as DEL.
 */
final class ExpireCommands {
  private static final byte[] PEXPIREAT = Bytes.utf8("PEXPIREAT");
  private static final byte[] DEL = Bytes.utf8("DEL");
  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GT = 4;
  private static final int LT = 8;

  private ExpireCommands() {}

  static void expire(Client c, byte[][] argv) {
    setExpiry(c, argv, "expire", c.engine().nowMs(), true);
  }

  static void pexpire(Client c, byte[][] argv) {
    setExpiry(c, argv, "pexpire", c.engine().nowMs(), false);
  }

  static void expireat(Client c, byte[][] argv) {
    setExpiry(c, argv, "expireat", 0, true);
  }

  static void pexpireat(Client c, byte[][] argv) {
    setExpiry(c, argv, "pexpireat", 0, false);
  }

  private static void setExpiry(
      Client c, byte[][] argv, String command, long base, boolean seconds) {
    byte[] key = argv[1];
    int flags = parseFlags(argv);
    long when = Args.toLong(argv[2]);
    // Negative times are allowed (they delete the key); only overflow is refused.
    if (seconds) {
      if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
        throw invalidExpireTime(command);
      }
      when *= 1000;
    }
    if (when > Long.MAX_VALUE - base) {
      throw invalidExpireTime(command);
    }
    when += base;
    if (Lookup.write(c, key) == null) {
      c.reply().integer(0);
      return;
    }
    Database db = c.db();
    if (flags != 0 && !conditionHolds(flags, db.expiryOf(key), when)) {
      c.reply().integer(0);
      return;
    }
    if (when <= c.engine().nowMs() && !c.engine().keyspace().isExpiryFollower()) {
      db.delete(key);
      c.propagateAs(DEL, key);
    } else {
      db.setExpiry(key, when);
      byte[][] absolute = Arrays.copyOf(argv, argv.length);
      absolute[0] = PEXPIREAT;
      absolute[2] = Bytes.fromLong(when);
      c.propagateAs(absolute);
    }
    c.reply().integer(1);
  }

  private static int parseFlags(byte[][] argv) {
    int flags = 0;
    for (int j = 3; j < argv.length; j++) {
      byte[] opt = argv[j];
      if (Bytes.is(opt, "nx")) {
        flags |= NX;
      } else if (Bytes.is(opt, "xx")) {
        flags |= XX;
      } else if (Bytes.is(opt, "gt")) {
        flags |= GT;
      } else if (Bytes.is(opt, "lt")) {
        flags |= LT;
      } else {
        throw Errors.err("Unsupported option " + Bytes.str(opt));
      }
    }
    if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
      throw Errors.err("NX and XX, GT or LT options at the same time are not compatible");
    }
    if ((flags & GT) != 0 && (flags & LT) != 0) {
      throw Errors.err("GT and LT options at the same time are not compatible");
    }
    return flags;
  }

  /**
   * Whether NX/XX/GT/LT allow the new expiry. A key without expiry counts as expiring never: GT
   * always fails on it and LT always succeeds.
   */
  private static boolean conditionHolds(int flags, long current, long when) {
    boolean persistent = current == Entry.NO_EXPIRY;
    if ((flags & NX) != 0 && !persistent) {
      return false;
    }
    if ((flags & XX) != 0 && persistent) {
      return false;
    }
    if ((flags & GT) != 0 && (persistent || when <= current)) {
      return false;
    }
    return (flags & LT) == 0 || persistent || when < current;
  }

  private static CommandException invalidExpireTime(String command) {
    return Errors.err("invalid expire time in '" + command + "' command");
  }

  static void ttl(Client c, byte[][] argv) {
    report(c, argv[1], false, false);
  }

  static void pttl(Client c, byte[][] argv) {
    report(c, argv[1], true, false);
  }

  static void expiretime(Client c, byte[][] argv) {
    report(c, argv[1], false, true);
  }

  static void pexpiretime(Client c, byte[][] argv) {
    report(c, argv[1], true, true);
  }

  /** -2 for a missing key, -1 without expiry, else the remaining or absolute time. */
  private static void report(Client c, byte[] key, boolean millis, boolean absolute) {
    Entry e = Lookup.readWithoutTouch(c, key);
    if (e == null) {
      c.reply().integer(-2);
      return;
    }
    if (!e.hasExpiry()) {
      c.reply().integer(-1);
      return;
    }
    long t = absolute ? e.expireAtMs() : e.expireAtMs() - c.engine().nowMs();
    t = Math.max(t, 0);
    // Seconds are rounded to the nearest second, as Redis does for both TTL and EXPIRETIME
    // (split so that the rounding cannot overflow for expiries near Long.MAX_VALUE).
    c.reply().integer(millis ? t : t / 1000 + (t % 1000 + 500) / 1000);
  }

  static void persist(Client c, byte[][] argv) {
    if (Lookup.write(c, argv[1]) == null) {
      c.reply().integer(0);
      return;
    }
    c.reply().integer(c.db().persist(argv[1]) ? 1 : 0);
  }
}
