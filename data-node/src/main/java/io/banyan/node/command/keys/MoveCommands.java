package io.banyan.node.command.keys;

import io.banyan.node.client.Client;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;

/**
 * RENAME, RENAMENX, COPY, MOVE and SWAPDB. Renamed and moved keys keep their value object, expiry
 * and access clock; copies get a deep copy of the value and the same expiry.
 */
final class MoveCommands {
  private static final CommandException SAME_OBJECT =
      Errors.err("source and destination objects are the same");

  private MoveCommands() {}

  static void rename(Client c, byte[][] argv) {
    rename(c, argv, false);
  }

  static void renamenx(Client c, byte[][] argv) {
    rename(c, argv, true);
  }

  private static void rename(Client c, byte[][] argv, boolean nx) {
    byte[] from = argv[1];
    byte[] to = argv[2];
    if (Lookup.write(c, from) == null) {
      throw Errors.NO_SUCH_KEY;
    }
    if (Bytes.equal(from, to)) {
      replyRenamed(c, nx, false);
      return;
    }
    Database db = c.db();
    if (Lookup.write(c, to) != null) {
      if (nx) {
        replyRenamed(c, true, false);
        return;
      }
      db.delete(to);
    }
    Entry moved = db.detach(from);
    db.attach(to, moved);
    replyRenamed(c, nx, true);
  }

  private static void replyRenamed(Client c, boolean nx, boolean renamed) {
    if (nx) {
      c.reply().integer(renamed ? 1 : 0);
    } else {
      c.reply().ok();
    }
  }

  static void copy(Client c, byte[][] argv) {
    Database src = c.db();
    Database dst = src;
    boolean replace = false;
    for (int j = 3; j < argv.length; j++) {
      if (Bytes.is(argv[j], "replace")) {
        replace = true;
      } else if (Bytes.is(argv[j], "db") && j + 1 < argv.length) {
        dst = database(c, argv[++j]);
      } else {
        throw Errors.SYNTAX;
      }
    }
    byte[] key = argv[1];
    byte[] newKey = argv[2];
    if (src == dst && Bytes.equal(key, newKey)) {
      throw SAME_OBJECT;
    }
    Object value = Lookup.read(c, key);
    if (value == null) {
      c.reply().integer(0);
      return;
    }
    long expireAt = src.expiryOf(key);
    if (dst.lookupForWrite(newKey) != null) {
      if (!replace) {
        c.reply().integer(0);
        return;
      }
      dst.delete(newKey);
    }
    // Strings are copied too: a stored array may later be modified in place (SETBIT, SETRANGE).
    Object duplicate = value instanceof byte[] b ? b.clone() : ((CompositeValue) value).copy();
    dst.add(newKey, duplicate);
    if (duplicate instanceof CompositeValue) {
      dst.modified(newKey); // accounts its memory and wakes clients blocked on the new key
    }
    if (expireAt != Entry.NO_EXPIRY) {
      dst.setExpiry(newKey, expireAt);
    }
    c.reply().integer(1);
  }

  static void move(Client c, byte[][] argv) {
    Database src = c.db();
    Database dst = database(c, argv[2]);
    if (src == dst) {
      throw SAME_OBJECT;
    }
    byte[] key = argv[1];
    if (Lookup.write(c, key) == null || dst.lookupForWrite(key) != null) {
      c.reply().integer(0);
      return;
    }
    dst.attach(key, src.detach(key));
    c.reply().integer(1);
  }

  static void swapdb(Client c, byte[][] argv) {
    int a = dbIndex(argv[1], "invalid first DB index");
    int b = dbIndex(argv[2], "invalid second DB index");
    Keyspace ks = c.engine().keyspace();
    if (a < 0 || b < 0 || a >= ks.databaseCount() || b >= ks.databaseCount()) {
      throw Errors.DB_INDEX_OUT_OF_RANGE;
    }
    if (a != b) {
      ks.swap(a, b);
    } else {
      c.propagateAs(argv); // Redis 7.0 counts (and replicates) a swap of a database with itself
    }
    c.reply().ok();
  }

  /** A database named by index: an int, within range. */
  private static Database database(Client c, byte[] arg) {
    int index = dbIndex(arg, "value is not an integer or out of range");
    Keyspace ks = c.engine().keyspace();
    if (index < 0 || index >= ks.databaseCount()) {
      throw Errors.DB_INDEX_OUT_OF_RANGE;
    }
    return ks.db(index);
  }

  private static int dbIndex(byte[] arg, String error) {
    Long v = Bytes.parseLong(arg);
    if (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw Errors.err(error);
    }
    return v.intValue();
  }
}
