package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.persistence.Persistence;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Entry;
import java.util.Arrays;
import java.util.Locale;

/**
 * DEBUG: the testing aids client libraries and test suites use — SLEEP, DIGEST, DIGEST-VALUE,
 * POPULATE, SET-ACTIVE-EXPIRE, OBJECT, ERROR, LOG, RELOAD. Refused by the dispatcher unless {@code
 * enable-debug-command} allows the client, as in Redis 7.0.
 */
final class DebugCommand {
  private DebugCommand() {}

  static void register(CommandTable t, Persistence persistence) {
    t.define("debug", -2, "admin noscript loading stale", 0, 0, 0, "@admin @slow @dangerous")
        .doc("server", "1.0.0", "Depends on subcommand.", "Testing and diagnostic operations.")
        .handler((c, argv) -> debug(c, argv, persistence));
  }

  private static void debug(Client c, byte[][] argv, Persistence persistence) {
    String sub = Bytes.lower(argv[1]);
    int argc = argv.length;
    switch (sub) {
      case "help" -> {
        if (argc == 2) {
          help(c);
          return;
        }
      }
      case "sleep" -> {
        if (argc == 3) {
          sleep(c, argv[2]);
          return;
        }
      }
      case "digest" -> {
        if (argc == 2) {
          c.reply().simple(DatasetDigest.dataset(c.engine().keyspace()));
          return;
        }
      }
      case "digest-value" -> {
        c.reply().array(argc - 2);
        for (int i = 2; i < argc; i++) {
          c.reply().simple(DatasetDigest.value(c.db().lookup(argv[i])));
        }
        return;
      }
      case "populate" -> {
        if (argc >= 3 && argc <= 5) {
          populate(c, argv);
          return;
        }
      }
      case "set-active-expire" -> {
        if (argc == 3) {
          c.engine().setActiveExpire(leadingLong(argv[2]) != 0);
          c.reply().ok();
          return;
        }
      }
      case "object" -> {
        if (argc == 3) {
          object(c, argv[2]);
          return;
        }
      }
      case "error" -> {
        if (argc == 3) {
          c.reply().error(Bytes.str(argv[2])); // the text as given, code included
          return;
        }
      }
      case "reload" -> {
        reload(c, argv, persistence);
        return;
      }
      case "log" -> {
        if (argc == 3) {
          c.engine().log().warning("DEBUG LOG: " + Bytes.str(argv[2]));
          c.reply().ok();
          return;
        }
      }
      default -> {}
    }
    throw Help.subcommandSyntaxError(argv);
  }

  /**
   * Sleeps on the command thread, stopping the whole server like Redis's DEBUG SLEEP: tests use it
   * to make a command slow (slow log, timeouts, pipelining under load).
   */
  private static void sleep(Client c, byte[] arg) {
    double seconds = leadingDouble(arg);
    long nanos = (long) (seconds * 1e9);
    if (nanos > 0) {
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    c.reply().ok();
  }

  /**
   * POPULATE count [prefix] [size]: creates string keys {@code prefix:N} (prefix {@code key}) with
   * values {@code value:N}, zero-padded or cut to size when given; existing keys are left alone.
   */
  private static void populate(Client c, byte[][] argv) {
    long count = positive(argv[2]);
    String prefix = argv.length >= 4 ? Bytes.str(argv[3]) : "key";
    long size = argv.length == 5 ? positive(argv[4]) : 0;
    for (long j = 0; j < count; j++) {
      byte[] key = Bytes.utf8(prefix + ":" + j);
      if (c.db().lookup(key) != null) {
        continue;
      }
      byte[] value = Bytes.utf8("value:" + j);
      if (size > 0) {
        value = Arrays.copyOf(value, (int) Math.min(size, Integer.MAX_VALUE - 8));
      }
      c.db().add(key, value);
    }
    c.reply().ok();
  }

  private static long positive(byte[] arg) {
    Long v = Bytes.parseLong(arg);
    if (v == null || v < 0) {
      throw new CommandException("ERR value is out of range, must be positive");
    }
    return v;
  }

  /** OBJECT key: one line of low-level facts about the key's value. */
  private static void object(Client c, byte[] key) {
    Entry e = c.db().lookup(key);
    if (e == null) {
      throw new CommandException("ERR no such key");
    }
    Object v = e.value();
    c.reply()
        .simple(
            String.format(
                Locale.ROOT,
                "Value at:0x%x refcount:%d encoding:%s serializedlength:%d lru:%d"
                    + " lru_seconds_idle:%d",
                System.identityHashCode(v),
                ObjectCommand.refcountOf(c, v),
                ObjectCommand.encodingOf(v),
                SerializedLength.of(v),
                e.accessClock(),
                AccessClock.idleSeconds(e.accessClock())));
  }

  /**
   * RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the RDB file, empty the dataset and load the file back,
   * all while every client waits, as Redis does.
   */
  private static void reload(Client c, byte[][] argv, Persistence persistence) {
    boolean merge = false;
    boolean flush = true;
    boolean save = true;
    for (int i = 2; i < argv.length; i++) {
      String option = Bytes.lower(argv[i]);
      switch (option) {
        case "merge" -> merge = true;
        case "noflush" -> flush = false;
        case "nosave" -> save = false;
        default ->
            throw new CommandException(
                "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
      }
    }
    String error = persistence.rdb().debugReload(save, flush, merge);
    if (error != null) {
      throw new CommandException(error);
    }
    c.reply().ok();
  }

  /** C's atof: the longest numeric prefix, 0 when there is none. */
  static double leadingDouble(byte[] arg) {
    String s = Bytes.str(arg).trim();
    for (int end = s.length(); end > 0; end--) {
      try {
        return Double.parseDouble(s.substring(0, end));
      } catch (NumberFormatException e) {
        // try a shorter prefix
      }
    }
    return 0;
  }

  /** C's atoi: the leading integer, 0 when there is none. */
  static long leadingLong(byte[] arg) {
    String s = Bytes.str(arg).trim();
    int end = (s.startsWith("-") || s.startsWith("+")) ? 1 : 0;
    while (end < s.length() && Character.isDigit(s.charAt(end)) && end < 19) {
      end++;
    }
    try {
      return Long.parseLong(s.substring(0, end));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void help(Client c) {
    Help.reply(
        c,
        "debug",
        "DIGEST",
        "    Return a hex fingerprint of the whole dataset (zeros when empty).",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Return a hex fingerprint of the value of each key.",
        "ERROR <string>",
        "    Reply with <string> as an error.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "OBJECT <key>",
        "    Show low-level facts about the value at <key>.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys <prefix>:<n> (prefix 'key') holding 'value:<n>',",
        "    padded or cut to <size> bytes when given. Existing keys are kept.",
        "RELOAD [MERGE] [NOFLUSH] [NOSAVE]",
        "    Save the RDB file, empty the dataset and load the file back. MERGE: keys of the",
        "    file replace existing ones; NOFLUSH: keep the dataset; NOSAVE: load the file as is.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Stop (0) or restart (1) the background deletion of expired keys.",
        "SLEEP <seconds>",
        "    Stop the whole server for <seconds> (decimals allowed).");
  }
}
