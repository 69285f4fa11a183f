package io.banyan.node.command.server;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.command.server.info.ProcessMemory;
import io.banyan.node.engine.Engine;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;
import java.lang.management.MemoryUsage;

/** MEMORY USAGE/STATS/DOCTOR/MALLOC-STATS/PURGE/HELP. */
final class MemoryCommand {
  private MemoryCommand() {}

  /** Estimated bytes of dictionary overhead per key (bucket slot and entry links). */
  private static final int HASHTABLE_BYTES_PER_KEY = 32;

  /** Below this much data a memory report has nothing useful to say. */
  private static final long DOCTOR_MIN_BYTES = 5L << 20;

  static void register(CommandTable t) {
    t.define("memory", -2, "", 0, 0, 0, "@slow")
        .doc("server", "4.0.0", "Depends on subcommand.", "Reports on the server's memory.");
    t.define("memory|usage", -3, "readonly", 2, 2, 1, "@read @slow")
        .keys("RO|i2|r0,1,0")
        .doc(
            "server",
            "4.0.0",
            "O(N) where N is the number of samples.",
            "Estimates the bytes a key and its value use.")
        .handler(MemoryCommand::usage);
    t.define("memory|stats", 2, "", 0, 0, 0, "@slow")
        .tips("nondeterministic_output request_policy:all_shards response_policy:special")
        .doc("server", "4.0.0", "O(1)", "Reports memory usage details.")
        .handler(MemoryCommand::stats);
    t.define("memory|doctor", 2, "", 0, 0, 0, "@slow")
        .tips("nondeterministic_output request_policy:all_shards response_policy:special")
        .doc("server", "4.0.0", "O(1)", "Reports memory problems, if any.")
        .handler(MemoryCommand::doctor);
    t.define("memory|malloc-stats", 2, "", 0, 0, 0, "@slow")
        .tips("nondeterministic_output request_policy:all_shards response_policy:special")
        .doc(
            "server",
            "4.0.0",
            "Depends on how much memory is allocated, could be slow",
            "Reports allocator statistics.")
        .handler(
            (c, argv) ->
                c.reply()
                    .verbatim("Allocator statistics are not available: the JVM manages memory."));
    t.define("memory|purge", 2, "", 0, 0, 0, "@slow")
        .tips("request_policy:all_shards response_policy:all_succeeded")
        .doc(
            "server",
            "4.0.0",
            "Depends on how much memory is allocated, could be slow",
            "Asks the allocator to release unused memory.")
        .handler((c, argv) -> c.reply().ok());
    t.define("memory|help", 2, "loading stale", 0, 0, 0, "@slow")
        .doc("server", "4.0.0", "O(1)", "Explains the MEMORY subcommands.")
        .handler(
            (c, argv) ->
                Help.reply(
                    c,
                    "memory",
                    "DOCTOR",
                    "    Report memory problems.",
                    "MALLOC-STATS",
                    "    Report allocator statistics.",
                    "PURGE",
                    "    Ask the allocator to release unused memory.",
                    "STATS",
                    "    Report memory usage details.",
                    "USAGE <key> [SAMPLES <count>]",
                    "    Estimate the bytes used by <key> and its value."));
  }

  private static void usage(Client c, byte[][] argv) {
    for (int j = 3; j < argv.length; j++) {
      if (Args.is(argv[j], "samples") && j + 1 < argv.length) {
        long samples = Args.toLong(argv[j + 1]);
        if (samples < 0) {
          throw Errors.SYNTAX;
        }
        j++;
      } else {
        throw Errors.SYNTAX;
      }
    }
    // Estimates are maintained exactly as values change, so SAMPLES does not change the answer.
    Entry e = c.db().lookup(argv[2]);
    if (e == null) {
      c.reply().nullBulk();
    } else {
      c.reply().integer(Database.memoryUsage(e));
    }
  }

  private static void stats(Client c, byte[][] argv) {
    Engine engine = c.engine();
    Keyspace ks = engine.keyspace();
    long used = engine.usedMemory();
    long peak = engine.metrics().peakMemory();
    long rss = ProcessMemory.rss();
    MemoryUsage heap = ProcessMemory.heap();
    long clients = 0;
    for (Client other : engine.clients().all()) {
      clients += other.pendingOutputBytes();
    }
    int nonEmpty = 0;
    long overhead = clients;
    for (int i = 0; i < ks.databaseCount(); i++) {
      Database db = ks.db(i);
      if (db.size() > 0) {
        nonEmpty++;
        overhead += (long) (db.size() + db.volatileCount()) * HASHTABLE_BYTES_PER_KEY;
      }
    }
    long keys = ks.keyCount();
    long dataset = Math.max(0, used - overhead);
    Reply r = c.reply();
    r.map(27 + nonEmpty);
    field(r, "peak.allocated", peak);
    field(r, "total.allocated", used);
    field(r, "startup.allocated", 0);
    field(r, "replication.backlog", 0);
    field(r, "clients.slaves", 0);
    field(r, "clients.normal", clients);
    field(r, "cluster.links", 0);
    field(r, "aof.buffer", 0);
    field(r, "lua.caches", 0);
    field(r, "functions.caches", 0);
    for (int i = 0; i < ks.databaseCount(); i++) {
      Database db = ks.db(i);
      if (db.size() == 0) {
        continue;
      }
      r.bulk("db." + i);
      r.map(3);
      field(r, "overhead.hashtable.main", (long) db.size() * HASHTABLE_BYTES_PER_KEY);
      field(r, "overhead.hashtable.expires", (long) db.volatileCount() * HASHTABLE_BYTES_PER_KEY);
      field(r, "overhead.hashtable.slot-to-keys", 0);
    }
    field(r, "overhead.total", overhead);
    field(r, "keys.count", keys);
    field(r, "keys.bytes-per-key", keys == 0 ? 0 : used / keys);
    field(r, "dataset.bytes", dataset);
    ratio(r, "dataset.percentage", used == 0 ? 0 : dataset * 100.0 / used);
    ratio(r, "peak.percentage", peak == 0 ? 0 : used * 100.0 / peak);
    field(r, "allocator.allocated", heap.getUsed());
    field(r, "allocator.active", heap.getCommitted());
    field(r, "allocator.resident", rss);
    ratio(r, "allocator-fragmentation.ratio", ratioOf(heap.getCommitted(), heap.getUsed()));
    field(r, "allocator-fragmentation.bytes", heap.getCommitted() - heap.getUsed());
    ratio(r, "allocator-rss.ratio", ratioOf(rss, heap.getCommitted()));
    field(r, "allocator-rss.bytes", rss - heap.getCommitted());
    ratio(r, "rss-overhead.ratio", 1.0);
    field(r, "rss-overhead.bytes", 0);
    ratio(r, "fragmentation", ratioOf(rss, used));
    field(r, "fragmentation.bytes", rss - used);
  }

  private static void field(Reply r, String name, long value) {
    r.bulk(name);
    r.integer(value);
  }

  private static void ratio(Reply r, String name, double value) {
    r.bulk(name);
    r.dbl(value);
  }

  private static double ratioOf(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static void doctor(Client c, byte[][] argv) {
    long used = c.engine().usedMemory();
    String report =
        used < DOCTOR_MIN_BYTES
            ? "This instance holds too little data for a memory analysis: there is nothing to"
                + " report yet.\n"
            : "No memory problems were detected.\n";
    c.reply().verbatim(report);
  }
}
