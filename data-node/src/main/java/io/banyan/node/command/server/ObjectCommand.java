package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.config.EvictionPolicy;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Entry;

/** OBJECT ENCODING/FREQ/IDLETIME/REFCOUNT/HELP: a key's internal representation and access data. */
final class ObjectCommand {
  private ObjectCommand() {}

  /** Redis shares the objects of small integers; OBJECT REFCOUNT reports them as INT_MAX. */
  private static final int SHARED_INTEGERS = 10_000;

  private static final String NO_LFU =
      "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that"
          + " when switching between policies at runtime LRU and LFU data will take some time to"
          + " adjust.";
  private static final String NO_LRU =
      "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when"
          + " switching between policies at runtime LRU and LFU data will take some time to"
          + " adjust.";

  static void register(CommandTable t) {
    t.define("object", -2, "", 0, 0, 0, "@slow")
        .doc("generic", "2.2.3", "Depends on subcommand.", "Inspects the internals of keys.");
    String acl = "@keyspace @read @slow";
    t.define("object|encoding", 3, "readonly", 2, 2, 1, acl)
        .keys("RO|i2|r0,1,0")
        .tips("nondeterministic_output")
        .doc("generic", "2.2.3", "O(1)", "Returns the internal encoding of a key's value.")
        .handler(ObjectCommand::encoding);
    t.define("object|freq", 3, "readonly", 2, 2, 1, acl)
        .keys("RO|i2|r0,1,0")
        .tips("nondeterministic_output")
        .doc("generic", "4.0.0", "O(1)", "Returns the logarithmic access frequency of a key.")
        .handler(ObjectCommand::freq);
    t.define("object|idletime", 3, "readonly", 2, 2, 1, acl)
        .keys("RO|i2|r0,1,0")
        .tips("nondeterministic_output")
        .doc("generic", "2.2.3", "O(1)", "Returns the seconds since a key was last accessed.")
        .handler(ObjectCommand::idletime);
    t.define("object|refcount", 3, "readonly", 2, 2, 1, acl)
        .keys("RO|i2|r0,1,0")
        .tips("nondeterministic_output")
        .doc("generic", "2.2.3", "O(1)", "Returns the reference count of a key's value.")
        .handler(ObjectCommand::refcount);
    t.define("object|help", 2, "loading stale", 0, 0, 0, "@keyspace @slow")
        .doc("generic", "6.2.0", "O(1)", "Explains the OBJECT subcommands.")
        .handler(
            (c, argv) ->
                Help.reply(
                    c,
                    "object",
                    "ENCODING <key>",
                    "    Return the internal representation of the value at <key>.",
                    "FREQ <key>",
                    "    Return the logarithmic access frequency counter of <key> (LFU policies"
                        + " only).",
                    "IDLETIME <key>",
                    "    Return the seconds since <key> was last read or written (not with LFU"
                        + " policies).",
                    "REFCOUNT <key>",
                    "    Return the reference count of the value at <key>."));
  }

  /** The key's entry without recording an access; counts a keyspace hit or miss as Redis does. */
  private static Entry find(Client c, byte[] key) {
    Entry e = c.db().lookupForRead(key, false);
    if (e == null) {
      c.engine().stats().keyspaceMisses++;
    } else {
      c.engine().stats().keyspaceHits++;
    }
    return e;
  }

  /**
   * The encoding Redis would choose for a value: for strings, {@code int} for the canonical text of
   * a 64-bit integer, {@code embstr} up to 44 bytes, {@code raw} beyond.
   */
  static String encodingOf(Object value) {
    if (value instanceof byte[] b) {
      if (b.length <= 20 && Bytes.isCanonicalLong(b)) {
        return "int";
      }
      return b.length <= 44 ? "embstr" : "raw";
    }
    return ((CompositeValue) value).encoding();
  }

  /** OBJECT REFCOUNT's answer: shared small integers, unless an LRU/LFU policy needs own clocks. */
  static int refcountOf(Client c, Object value) {
    if (value instanceof byte[] b && b.length <= 4 && Bytes.isCanonicalLong(b)) {
      long v = Bytes.parseLong(b);
      EvictionPolicy p = c.engine().config().maxMemoryPolicy;
      boolean clockPolicy = p.lfu() || p.wireName().endsWith("-lru");
      boolean shared = c.engine().config().maxMemory == 0 || !clockPolicy;
      if (shared && v >= 0 && v < SHARED_INTEGERS) {
        return Integer.MAX_VALUE;
      }
    }
    return 1;
  }

  private static void encoding(Client c, byte[][] argv) {
    Entry e = find(c, argv[2]);
    if (e == null) {
      c.reply().nullBulk();
    } else {
      c.reply().bulk(encodingOf(e.value()));
    }
  }

  private static void freq(Client c, byte[][] argv) {
    Entry e = find(c, argv[2]);
    if (e == null) {
      c.reply().nullBulk();
      return;
    }
    if (!c.engine().config().maxMemoryPolicy.lfu()) {
      throw new CommandException(NO_LFU);
    }
    c.reply().integer(c.engine().keyspace().accessClock().decayedCounter(e.accessClock()));
  }

  private static void idletime(Client c, byte[][] argv) {
    Entry e = find(c, argv[2]);
    if (e == null) {
      c.reply().nullBulk();
      return;
    }
    if (c.engine().config().maxMemoryPolicy.lfu()) {
      throw new CommandException(NO_LRU);
    }
    c.reply().integer(AccessClock.idleSeconds(e.accessClock()));
  }

  private static void refcount(Client c, byte[][] argv) {
    Entry e = find(c, argv[2]);
    if (e == null) {
      c.reply().nullBulk();
    } else {
      c.reply().integer(refcountOf(c, e.value()));
    }
  }
}
