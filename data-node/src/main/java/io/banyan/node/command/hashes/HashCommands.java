package io.banyan.node.command.hashes;

import io.banyan.node.client.Client;
import io.banyan.node.command.CompositeWrites;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.type.HashValue;

/**
 * The hash commands of Redis 7.0. This class registers them all and implements the plain reads and
 * writes; {@link HashIncrements} has HINCRBY/HINCRBYFLOAT and {@link HashSampling} has HRANDFIELD
 * and HSCAN.
 */
public final class HashCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    t.define("hset", -4, "write denyoom fast", 1, 1, 1, "@write @hash @fast")
        .keys("RW update|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(N)", "Sets fields of a hash; returns how many were new.")
        .handler((c, argv) -> set(c, argv, false));
    t.define("hmset", -4, "write denyoom fast", 1, 1, 1, "@write @hash @fast")
        .keys("RW update|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(N)", "Sets fields of a hash; replies OK (older form of HSET).")
        .handler((c, argv) -> set(c, argv, true));
    t.define("hsetnx", 4, "write denyoom fast", 1, 1, 1, "@write @hash @fast")
        .keys("RW insert|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(1)", "Sets a hash field only when it does not exist yet.")
        .handler(HashCommands::hsetnx);
    t.define("hget", 3, "readonly fast", 1, 1, 1, "@read @hash @fast")
        .keys("RO access|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(1)", "Returns the value of one hash field.")
        .handler(HashCommands::hget);
    t.define("hmget", -3, "readonly fast", 1, 1, 1, "@read @hash @fast")
        .keys("RO access|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(N)", "Returns the values of several hash fields.")
        .handler(HashCommands::hmget);
    t.define("hdel", -3, "write fast", 1, 1, 1, "@write @hash @fast")
        .keys("RW delete|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(N)", "Removes fields from a hash; returns how many existed.")
        .handler(HashCommands::hdel);
    t.define("hlen", 2, "readonly fast", 1, 1, 1, "@read @hash @fast")
        .keys("RO|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(1)", "Returns the number of fields in a hash.")
        .handler(HashCommands::hlen);
    t.define("hstrlen", 3, "readonly fast", 1, 1, 1, "@read @hash @fast")
        .keys("RO|i1|r0,1,0")
        .doc("hash", "3.2.0", "O(1)", "Returns the length of a hash field's value.")
        .handler(HashCommands::hstrlen);
    t.define("hexists", 3, "readonly fast", 1, 1, 1, "@read @hash @fast")
        .keys("RO|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(1)", "Tells whether a hash field exists.")
        .handler(HashCommands::hexists);
    t.define("hkeys", 2, "readonly", 1, 1, 1, "@read @hash @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output_order")
        .doc("hash", "2.0.0", "O(N)", "Returns every field name of a hash.")
        .handler((c, argv) -> list(c, argv, true, false));
    t.define("hvals", 2, "readonly", 1, 1, 1, "@read @hash @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output_order")
        .doc("hash", "2.0.0", "O(N)", "Returns every value of a hash.")
        .handler((c, argv) -> list(c, argv, false, true));
    t.define("hgetall", 2, "readonly", 1, 1, 1, "@read @hash @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output_order")
        .doc("hash", "2.0.0", "O(N)", "Returns every field and value of a hash.")
        .handler((c, argv) -> list(c, argv, true, true));
    t.define("hincrby", 4, "write denyoom fast", 1, 1, 1, "@write @hash @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("hash", "2.0.0", "O(1)", "Adds an integer to a hash field's numeric value.")
        .handler(HashIncrements::hincrby);
    t.define("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, "@write @hash @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("hash", "2.6.0", "O(1)", "Adds a decimal number to a hash field's numeric value.")
        .handler(HashIncrements::hincrbyfloat);
    t.define("hrandfield", -2, "readonly", 1, 1, 1, "@read @hash @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc("hash", "6.2.0", "O(N)", "Returns random fields of a hash, optionally with values.")
        .handler(HashSampling::hrandfield);
    t.define("hscan", -3, "readonly", 1, 1, 1, "@read @hash @slow")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc("hash", "2.8.0", "O(1)", "Iterates the fields and values of a hash by cursor.")
        .handler(HashSampling::hscan);
  }

  /** HSET and HMSET: field/value pairs, all applied; the reply differs. */
  static void set(Client c, byte[][] argv, boolean legacyReply) {
    if (argv.length % 2 != 0) {
      throw Errors.wrongArity(legacyReply ? "hmset" : "hset");
    }
    HashValue h = Lookup.writeOrCreate(c, argv[1], HashValue.class, HashValue::new);
    int created = 0;
    for (int i = 2; i < argv.length; i += 2) {
      if (h.put(argv[i], argv[i + 1])) {
        created++;
      }
    }
    c.db().modified(argv[1]);
    if (legacyReply) {
      c.reply().ok();
    } else {
      c.reply().integer(created);
    }
  }

  static void hsetnx(Client c, byte[][] argv) {
    HashValue h = Lookup.write(c, argv[1], HashValue.class);
    if (h != null && h.containsField(argv[2])) {
      c.reply().integer(0);
      return;
    }
    if (h == null) {
      h = Lookup.writeOrCreate(c, argv[1], HashValue.class, HashValue::new);
    }
    h.put(argv[2], argv[3]);
    c.db().modified(argv[1]);
    c.reply().integer(1);
  }

  static void hget(Client c, byte[][] argv) {
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    c.reply().bulk(h == null ? null : h.get(argv[2]));
  }

  static void hmget(Client c, byte[][] argv) {
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    Reply r = c.reply();
    r.array(argv.length - 2);
    for (int i = 2; i < argv.length; i++) {
      r.bulk(h == null ? null : h.get(argv[i]));
    }
  }

  static void hdel(Client c, byte[][] argv) {
    CompositeWrites.removeEach(c, argv, HashValue.class, HashValue::remove);
  }

  static void hlen(Client c, byte[][] argv) {
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    c.reply().integer(h == null ? 0 : h.size());
  }

  static void hstrlen(Client c, byte[][] argv) {
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    byte[] v = h == null ? null : h.get(argv[2]);
    c.reply().integer(v == null ? 0 : v.length);
  }

  static void hexists(Client c, byte[][] argv) {
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    c.reply().integer(h != null && h.containsField(argv[2]) ? 1 : 0);
  }

  /** HKEYS, HVALS and HGETALL (a map in RESP3). */
  static void list(Client c, byte[][] argv, boolean fields, boolean values) {
    HashValue h = Lookup.read(c, argv[1], HashValue.class);
    Reply r = c.reply();
    int n = h == null ? 0 : h.size();
    if (fields && values) {
      r.map(n);
    } else {
      r.array(n);
    }
    if (h == null) {
      return;
    }
    h.forEach(
        (f, v) -> {
          if (fields) {
            r.bulk(f);
          }
          if (values) {
            r.bulk(v);
          }
        });
  }
}
