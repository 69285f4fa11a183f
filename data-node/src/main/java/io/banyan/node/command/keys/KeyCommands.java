package io.banyan.node.command.keys;

import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;

/**
 * The generic key commands: existence, type, deletion, expiry, renaming, copying and moving between
 * databases, and iteration (KEYS, SCAN, RANDOMKEY). Metadata is Redis 7.0's.
 */
public final class KeyCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    registerBasics(t);
    registerExpiry(t);
    registerMoves(t);
    registerIteration(t);
    DumpRestoreCommands.register(t);
  }

  private static void registerBasics(CommandTable t) {
    t.define("del", -2, "write", 1, -1, 1, "@keyspace @write @slow")
        .keys("RM delete|i1|r-1,1,0")
        .tips("request_policy:multi_shard response_policy:agg_sum")
        .doc("generic", "1.0.0", "O(N)", "Deletes keys; returns how many existed.")
        .handler(BasicKeyCommands::del);
    t.define("unlink", -2, "write fast", 1, -1, 1, "@keyspace @write @fast")
        .keys("RM delete|i1|r-1,1,0")
        .tips("request_policy:multi_shard response_policy:agg_sum")
        .doc(
            "generic",
            "4.0.0",
            "O(1) for each key removed",
            "Deletes keys like DEL; returns how many existed.")
        .handler(BasicKeyCommands::del);
    t.define("exists", -2, "readonly fast", 1, -1, 1, "@keyspace @read @fast")
        .keys("RO|i1|r-1,1,0")
        .tips("request_policy:multi_shard response_policy:agg_sum")
        .doc(
            "generic",
            "1.0.0",
            "O(N)",
            "Counts how many of the given keys exist, counting repeated keys each time.")
        .handler(BasicKeyCommands::exists);
    t.define("type", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast")
        .keys("RO|i1|r0,1,0")
        .doc("generic", "1.0.0", "O(1)", "Names the type of the value at a key, or none.")
        .handler(BasicKeyCommands::type);
    t.define("touch", -2, "readonly fast", 1, -1, 1, "@keyspace @read @fast")
        .keys("RO|i1|r-1,1,0")
        .tips("request_policy:multi_shard response_policy:agg_sum")
        .doc(
            "generic",
            "3.2.1",
            "O(N)",
            "Records an access to keys without reading them; returns how many exist.")
        .handler(BasicKeyCommands::touch);
  }

  private static void registerExpiry(CommandTable t) {
    t.define("expire", -3, "write fast", 1, 1, 1, "@keyspace @write @fast")
        .keys("RW update|i1|r0,1,0")
        .doc("generic", "1.0.0", "O(1)", "Sets a key's time to live in seconds.")
        .handler(ExpireCommands::expire);
    t.define("pexpire", -3, "write fast", 1, 1, 1, "@keyspace @write @fast")
        .keys("RW update|i1|r0,1,0")
        .doc("generic", "2.6.0", "O(1)", "Sets a key's time to live in milliseconds.")
        .handler(ExpireCommands::pexpire);
    t.define("expireat", -3, "write fast", 1, 1, 1, "@keyspace @write @fast")
        .keys("RW update|i1|r0,1,0")
        .doc("generic", "1.2.0", "O(1)", "Sets when a key expires, as a Unix time in seconds.")
        .handler(ExpireCommands::expireat);
    t.define("pexpireat", -3, "write fast", 1, 1, 1, "@keyspace @write @fast")
        .keys("RW update|i1|r0,1,0")
        .doc("generic", "2.6.0", "O(1)", "Sets when a key expires, as a Unix time in milliseconds.")
        .handler(ExpireCommands::pexpireat);
    t.define("ttl", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc("generic", "1.0.0", "O(1)", "Returns a key's remaining time to live in seconds.")
        .handler(ExpireCommands::ttl);
    t.define("pttl", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast")
        .keys("RO access|i1|r0,1,0")
        .tips("nondeterministic_output")
        .doc("generic", "2.6.0", "O(1)", "Returns a key's remaining time to live in milliseconds.")
        .handler(ExpireCommands::pttl);
    t.define("expiretime", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast")
        .keys("RO access|i1|r0,1,0")
        .doc("generic", "7.0.0", "O(1)", "Returns when a key expires, as a Unix time in seconds.")
        .handler(ExpireCommands::expiretime);
    t.define("pexpiretime", 2, "readonly fast", 1, 1, 1, "@keyspace @read @fast")
        .keys("RO access|i1|r0,1,0")
        .doc(
            "generic",
            "7.0.0",
            "O(1)",
            "Returns when a key expires, as a Unix time in milliseconds.")
        .handler(ExpireCommands::pexpiretime);
    t.define("persist", 2, "write fast", 1, 1, 1, "@keyspace @write @fast")
        .keys("RW update|i1|r0,1,0")
        .doc("generic", "2.2.0", "O(1)", "Removes a key's expiry so that it lives forever.")
        .handler(ExpireCommands::persist);
  }

  private static void registerMoves(CommandTable t) {
    t.define("rename", 3, "write", 1, 2, 1, "@keyspace @write @slow")
        .keys("RW access delete|i1|r0,1,0; OW update|i2|r0,1,0")
        .doc("generic", "1.0.0", "O(1)", "Gives a key a new name, replacing any key of that name.")
        .handler(MoveCommands::rename);
    t.define("renamenx", 3, "write fast", 1, 2, 1, "@keyspace @write @fast")
        .keys("RW access delete|i1|r0,1,0; OW insert|i2|r0,1,0")
        .doc("generic", "1.0.0", "O(1)", "Gives a key a new name only when that name is free.")
        .handler(MoveCommands::renamenx);
    t.define("copy", -3, "write denyoom", 1, 2, 1, "@keyspace @write @slow")
        .keys("RO access|i1|r0,1,0; OW update|i2|r0,1,0")
        .doc(
            "generic",
            "6.2.0",
            "O(N) for collections, O(1) for strings",
            "Duplicates a key's value and expiry under another name, possibly in another database.")
        .handler(MoveCommands::copy);
    t.define("move", 3, "write fast", 1, 1, 1, "@keyspace @write @fast")
        .keys("RW access update|i1|r0,1,0")
        .doc("generic", "1.0.0", "O(1)", "Moves a key to another database.")
        .handler(MoveCommands::move);
    t.define("swapdb", 3, "write fast", 0, 0, 0, "@keyspace @write @fast @dangerous")
        .doc(
            "server",
            "4.0.0",
            "O(N) where N is the number of clients watching or blocked on keys of both databases",
            "Exchanges the contents of two databases.")
        .handler(MoveCommands::swapdb);
  }

  private static void registerIteration(CommandTable t) {
    t.define("keys", 2, "readonly", 0, 0, 0, "@keyspace @read @slow @dangerous")
        .tips("request_policy:all_shards nondeterministic_output_order")
        .doc("generic", "1.0.0", "O(N)", "Lists every key matching a glob-style pattern.")
        .handler(IterationCommands::keys);
    t.define("scan", -2, "readonly", 0, 0, 0, "@keyspace @read @slow")
        .tips("nondeterministic_output request_policy:special")
        .doc(
            "generic",
            "2.8.0",
            "O(1) for every call. O(N) for a complete iteration",
            "Iterates over the keys a batch at a time, optionally filtered by pattern and type.")
        .handler(IterationCommands::scan);
    t.define("randomkey", 1, "readonly", 0, 0, 0, "@keyspace @read @slow")
        .tips("request_policy:all_shards nondeterministic_output")
        .doc("generic", "1.0.0", "O(1)", "Returns a key picked at random.")
        .handler(IterationCommands::randomkey);
  }
}
