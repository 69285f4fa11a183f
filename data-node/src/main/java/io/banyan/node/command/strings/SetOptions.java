package io.banyan.node.command.strings;

import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;

/**
 * The options of SET ({@code NX|XX}, {@code GET}, {@code EX|PX|EXAT|PXAT}, {@code KEEPTTL}) and of
 * GETEX (the expiry options and {@code PERSIST}), parsed with Redis 7.0's rules: an option that
 * conflicts with one already given, or that the command does not know, is a syntax error; an option
 * may repeat (the last expiry wins).
 */
final class SetOptions {
  static final int NX = 1;
  static final int XX = 1 << 1;
  static final int GET = 1 << 2;
  static final int KEEPTTL = 1 << 3;
  static final int PERSIST = 1 << 4;
  static final int EX = 1 << 5;
  static final int PX = 1 << 6;
  static final int EXAT = 1 << 7;
  static final int PXAT = 1 << 8;
  private static final int ANY_EXPIRY = EX | PX | EXAT | PXAT;

  int flags;

  /** The expiry argument as given, or null when no expiry option was given. */
  byte[] expiry;

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Parses argv[from..] for SET ({@code forSet}) or GETEX. */
  static SetOptions parse(byte[][] argv, int from, boolean forSet) {
    SetOptions o = new SetOptions();
    for (int j = from; j < argv.length; j++) {
      byte[] a = argv[j];
      boolean hasValue = j + 1 < argv.length;
      int f = o.flags;
      if (forSet && Bytes.is(a, "nx") && (f & XX) == 0) {
        o.flags |= NX;
      } else if (forSet && Bytes.is(a, "xx") && (f & NX) == 0) {
        o.flags |= XX;
      } else if (forSet && Bytes.is(a, "get")) {
        o.flags |= GET;
      } else if (forSet && Bytes.is(a, "keepttl") && (f & (PERSIST | ANY_EXPIRY)) == 0) {
        o.flags |= KEEPTTL;
      } else if (!forSet && Bytes.is(a, "persist") && (f & (KEEPTTL | ANY_EXPIRY)) == 0) {
        o.flags |= PERSIST;
      } else if (hasValue && expiryOption(a) != 0 && compatible(f, expiryOption(a))) {
        o.flags |= expiryOption(a);
        o.expiry = argv[++j];
      } else {
        throw Errors.SYNTAX;
      }
    }
    return o;
  }

  private static int expiryOption(byte[] a) {
    if (Bytes.is(a, "ex")) {
      return EX;
    } else if (Bytes.is(a, "px")) {
      return PX;
    } else if (Bytes.is(a, "exat")) {
      return EXAT;
    } else if (Bytes.is(a, "pxat")) {
      return PXAT;
    }
    return 0;
  }

  /** An expiry option conflicts with KEEPTTL, PERSIST and the other expiry forms, not itself. */
  private static boolean compatible(int flags, int option) {
    int conflicts = (KEEPTTL | PERSIST | ANY_EXPIRY) & ~option;
    return (flags & conflicts) == 0;
  }

  /**
   * The absolute expiry in Unix milliseconds that the expiry argument denotes, validated as Redis
   * does: a positive integer whose conversion to an absolute time does not overflow.
   *
   * @param command the command name shown in the error
   */
  long expireAtMs(String command, long nowMs) {
    long v = Args.toLong(expiry);
    boolean seconds = has(EX) || has(EXAT);
    if (v <= 0 || (seconds && v > Long.MAX_VALUE / 1000)) {
      throw invalidExpireTime(command);
    }
    if (seconds) {
      v *= 1000;
    }
    if (has(EX) || has(PX)) {
      if (v > Long.MAX_VALUE - nowMs) {
        throw invalidExpireTime(command);
      }
      v += nowMs;
    }
    return v;
  }

  static CommandException invalidExpireTime(String command) {
    return Errors.err("invalid expire time in '" + command + "' command");
  }
}
