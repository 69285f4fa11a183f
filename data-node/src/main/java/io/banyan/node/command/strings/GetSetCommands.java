package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;

/** GET, SET and their variants: SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, MGET, MSET, MSETNX. */
final class GetSetCommands {
  private static final byte[] SET = Bytes.utf8("SET");
  private static final byte[] DEL = Bytes.utf8("DEL");
  private static final byte[] PXAT = Bytes.utf8("PXAT");
  private static final byte[] PEXPIREAT = Bytes.utf8("PEXPIREAT");
  private static final byte[] PERSIST = Bytes.utf8("PERSIST");

  private GetSetCommands() {}

  static void get(Client c, byte[][] argv) {
    c.reply().bulk(Lookup.readString(c, argv[1]));
  }

  static void set(Client c, byte[][] argv) {
    SetOptions o = SetOptions.parse(argv, 3, true);
    boolean stored = store(c, argv[1], argv[2], o, "set");
    if (stored && o.has(SetOptions.GET) && o.expiry == null) {
      // Redis 7.0 propagates SET without GET (with an expiry, the PXAT rewrite already drops it).
      java.util.List<byte[]> kept = new java.util.ArrayList<>();
      for (int j = 0; j < argv.length; j++) {
        if (j < 3 || !Bytes.is(argv[j], "get")) {
          kept.add(argv[j]);
        }
      }
      c.propagateAs(kept.toArray(new byte[0][]));
    }
  }

  static void setnx(Client c, byte[][] argv) {
    if (Lookup.write(c, argv[1]) != null) {
      c.reply().integer(0);
      return;
    }
    c.db().set(argv[1], argv[2]);
    c.reply().integer(1);
  }

  static void setex(Client c, byte[][] argv) {
    setWithTtl(c, argv, SetOptions.EX, "setex");
  }

  static void psetex(Client c, byte[][] argv) {
    setWithTtl(c, argv, SetOptions.PX, "psetex");
  }

  private static void setWithTtl(Client c, byte[][] argv, int unit, String command) {
    SetOptions o = new SetOptions();
    o.flags = unit;
    o.expiry = argv[2];
    store(c, argv[1], argv[3], o, command);
  }

  /**
   * The common path of SET, SETEX and PSETEX: validates the expiry, answers GET, applies NX/XX,
   * stores, and propagates a relative expiry as an absolute {@code SET key value PXAT ms}.
   */
  private static boolean store(Client c, byte[] key, byte[] value, SetOptions o, String command) {
    long expireAt = o.expiry == null ? 0 : o.expireAtMs(command, c.engine().nowMs());
    byte[] old = null;
    if (o.has(SetOptions.GET)) {
      old = Lookup.readString(c, key);
    }
    boolean conditional = o.has(SetOptions.NX) || o.has(SetOptions.XX);
    boolean found = conditional && Lookup.write(c, key) != null;
    if ((o.has(SetOptions.NX) && found) || (o.has(SetOptions.XX) && !found)) {
      reply(c, o, old, false);
      return false;
    }
    Database db = c.db();
    if (o.has(SetOptions.KEEPTTL)) {
      db.setKeepingTtl(key, value);
    } else {
      db.set(key, value);
    }
    if (o.expiry != null) {
      db.setExpiry(key, expireAt);
      if (!o.has(SetOptions.PXAT)) {
        c.propagateAs(SET, key, value, PXAT, Bytes.fromLong(expireAt));
      }
    }
    reply(c, o, old, true);
    return true;
  }

  private static void reply(Client c, SetOptions o, byte[] old, boolean stored) {
    if (o.has(SetOptions.GET)) {
      c.reply().bulk(old);
    } else if (stored) {
      c.reply().ok();
    } else {
      c.reply().nullBulk();
    }
  }

  static void getset(Client c, byte[][] argv) {
    byte[] old = Lookup.readString(c, argv[1]);
    c.db().set(argv[1], argv[2]);
    c.reply().bulk(old);
    c.propagateAs(SET, argv[1], argv[2]);
  }

  static void getdel(Client c, byte[][] argv) {
    byte[] v = Lookup.readString(c, argv[1]);
    if (v == null) {
      c.reply().nullBulk();
      return;
    }
    c.db().delete(argv[1]);
    c.reply().bulk(v);
    c.propagateAs(DEL, argv[1]);
  }

  static void getex(Client c, byte[][] argv) {
    SetOptions o = SetOptions.parse(argv, 2, false);
    byte[] key = argv[1];
    byte[] v = Lookup.readString(c, key);
    if (v == null) {
      c.reply().nullBulk();
      return;
    }
    long now = c.engine().nowMs();
    long expireAt = o.expiry == null ? 0 : o.expireAtMs("getex", now);
    c.reply().bulk(v);
    Database db = c.db();
    boolean absolute = o.has(SetOptions.EXAT) || o.has(SetOptions.PXAT);
    if (absolute && expireAt <= now && !c.engine().keyspace().isExpiryFollower()) {
      // An absolute time already in the past: the key goes now, and replicas hear a DEL.
      db.delete(key);
      c.propagateAs(DEL, key);
    } else if (o.expiry != null) {
      db.setExpiry(key, expireAt);
      if (!o.has(SetOptions.PXAT)) {
        c.propagateAs(PEXPIREAT, key, Bytes.fromLong(expireAt));
      }
    } else if (o.has(SetOptions.PERSIST) && db.persist(key)) {
      c.propagateAs(PERSIST, key);
    }
  }

  static void mget(Client c, byte[][] argv) {
    Reply r = c.reply();
    r.array(argv.length - 1);
    for (int i = 1; i < argv.length; i++) {
      Object v = Lookup.read(c, argv[i]);
      if (v instanceof byte[] b) {
        r.bulk(b);
      } else {
        r.nullBulk();
      }
    }
  }

  static void mset(Client c, byte[][] argv) {
    checkPairs(argv);
    for (int i = 1; i < argv.length; i += 2) {
      c.db().set(argv[i], argv[i + 1]);
    }
    c.reply().ok();
  }

  static void msetnx(Client c, byte[][] argv) {
    checkPairs(argv);
    for (int i = 1; i < argv.length; i += 2) {
      if (Lookup.write(c, argv[i]) != null) {
        c.reply().integer(0);
        return;
      }
    }
    for (int i = 1; i < argv.length; i += 2) {
      c.db().set(argv[i], argv[i + 1]);
    }
    c.reply().integer(1);
  }

  private static void checkPairs(byte[][] argv) {
    if (argv.length % 2 == 0) {
      throw Errors.wrongArity(Bytes.lower(argv[0]));
    }
  }
}
