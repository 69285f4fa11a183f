package io.banyan.node.command.keys;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.persistence.rdb.DumpPayload;
import io.banyan.node.persistence.rdb.Lzf;
import io.banyan.node.persistence.rdb.RdbEncoder;
import io.banyan.node.persistence.rdb.RdbFormatException;
import io.banyan.node.persistence.rdb.RdbOptions;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import java.util.Arrays;

/**
 * DUMP and RESTORE: a key's value in Redis 7.0's serialisation (RDB encoding, RDB version 10,
 * CRC-64), and back. Payloads are interchangeable with real Redis in both directions, including
 * those of older Redis versions (RDB versions up to 10).
 *
 * <p>A RESTORE with a relative TTL reaches replicas and the AOF with the absolute time and ABSTTL
 * appended, so a delayed replay expires the key at the same moment.
 */
public final class DumpRestoreCommands {
  private static final CommandException BUSY_KEY =
      new CommandException("BUSYKEY Target key name already exists.");
  private static final CommandException BAD_PAYLOAD =
      Errors.err("DUMP payload version or checksum are wrong");
  private static final CommandException BAD_DATA = Errors.err("Bad data format");
  private static final byte[] DEL = Bytes.utf8("DEL");
  private static final byte[] ABSTTL = Bytes.utf8("ABSTTL");

  /** One compressor per command thread: its table is 256 KB, too much to allocate per DUMP. */
  private static final ThreadLocal<Lzf> COMPRESSOR = ThreadLocal.withInitial(Lzf::new);

  private DumpRestoreCommands() {}

  /** Registers DUMP and RESTORE with Redis 7.0's metadata. */
  static void register(CommandTable t) {
    t.define("dump", 2, "readonly", 1, 1, 1, "@keyspace @read @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc(
            "generic",
            "2.6.0",
            "O(1) to access the key and additional O(N*M) to serialize it, where N is the number"
                + " of Redis objects composing the value and M their average size. For small"
                + " string values the time complexity is thus O(1)+O(1*M) where M is small, so"
                + " simply O(1).",
            "Serializes a key's value in the format RESTORE reads.")
        .handler(DumpRestoreCommands::dump);
    t.define("restore", -4, "write denyoom", 1, 1, 1, "@keyspace @write @slow @dangerous")
        .keys("OW update|i1|r0,1,0")
        .doc(
            "generic",
            "2.6.0",
            "O(1) to create the new key and additional O(N*M) to reconstruct the serialized"
                + " value, where N is the number of Redis objects composing the value and M their"
                + " average size. For small string values the time complexity is thus"
                + " O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values"
                + " the complexity is O(N*M*log(N)) because inserting values into sorted sets is"
                + " O(log(N)).",
            "Creates a key from a DUMP payload, with an optional time to live.")
        .handler(DumpRestoreCommands::restore);
  }

  static void dump(Client c, byte[][] argv) {
    Object value = Lookup.read(c, argv[1]);
    if (value == null) {
      c.reply().nullBulk();
      return;
    }
    RdbOptions options = RdbOptions.from(c.engine().config());
    c.reply().bulk(new RdbEncoder(options, COMPRESSOR.get()).dump(value));
  }

  /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
  static void restore(Client c, byte[][] argv) {
    RestoreOptions opts = RestoreOptions.parse(argv);
    byte[] key = argv[1];
    Database db = c.db();
    if (!opts.replace && Lookup.write(c, key) != null) {
      throw BUSY_KEY;
    }
    long ttl = Args.toLong(argv[2]);
    if (ttl < 0) {
      throw Errors.err("Invalid TTL value, must be >= 0");
    }
    byte[] payload = argv[3];
    if (!DumpPayload.verify(payload)) {
      throw BAD_PAYLOAD;
    }
    Object value;
    try {
      value = DumpPayload.decode(payload, key);
    } catch (RdbFormatException e) {
      throw BAD_DATA;
    }

    boolean deleted = opts.replace && db.delete(key);
    long now = c.engine().nowMs();
    if (ttl != 0 && !opts.absTtl) {
      ttl += now;
    }
    if (ttl != 0 && ttl <= now && !c.engine().keyspace().isExpiryFollower()) {
      // Already expired: the key is not created, but a replaced key is gone.
      if (deleted) {
        c.propagateAs(DEL, key);
      }
      c.reply().ok();
      return;
    }
    Entry entry = db.add(key, value);
    if (value instanceof CompositeValue) {
      db.modified(key);
    }
    if (ttl != 0) {
      db.setExpiry(key, ttl);
      if (!opts.absTtl) {
        byte[][] absolute = Arrays.copyOf(argv, argv.length + 1);
        absolute[2] = Bytes.fromLong(ttl);
        absolute[argv.length] = ABSTTL;
        c.propagateAs(absolute);
      }
    }
    setAccessClock(c, entry, opts);
    c.reply().ok();
  }

  /** Applies IDLETIME (under an LRU policy) or FREQ (under an LFU policy), as Redis does. */
  private static void setAccessClock(Client c, Entry entry, RestoreOptions opts) {
    AccessClock clock = c.engine().keyspace().accessClock();
    if (clock.lfu) {
      if (opts.freq >= 0) {
        // the minutes part of a fresh clock, with the given counter
        entry.setAccessClock((clock.initial() & ~0xFF) | (int) opts.freq);
      }
    } else if (opts.idleSeconds >= 0) {
      long accessed = AccessClock.lruNow() - opts.idleSeconds;
      if (accessed < 0) {
        accessed += AccessClock.LRU_MAX; // the clock wraps; Redis does the same
      }
      entry.setAccessClock((int) (accessed & AccessClock.LRU_MAX));
    }
  }

  /** The options after the payload, validated in Redis's order and with its errors. */
  private static final class RestoreOptions {
    boolean replace;
    boolean absTtl;
    long idleSeconds = -1;
    long freq = -1;

    static RestoreOptions parse(byte[][] argv) {
      RestoreOptions o = new RestoreOptions();
      for (int j = 4; j < argv.length; j++) {
        boolean hasValue = j + 1 < argv.length;
        if (Bytes.is(argv[j], "replace")) {
          o.replace = true;
        } else if (Bytes.is(argv[j], "absttl")) {
          o.absTtl = true;
        } else if (Bytes.is(argv[j], "idletime") && hasValue && o.freq == -1) {
          o.idleSeconds = Args.toLong(argv[++j]);
          if (o.idleSeconds < 0) {
            throw Errors.err("Invalid IDLETIME value, must be >= 0");
          }
        } else if (Bytes.is(argv[j], "freq") && hasValue && o.idleSeconds == -1) {
          o.freq = Args.toLong(argv[++j]);
          if (o.freq < 0 || o.freq > 255) {
            throw Errors.err("Invalid FREQ value, must be >= 0 and <= 255");
          }
        } else {
          throw Errors.SYNTAX;
        }
      }
      return o;
    }
  }
}
