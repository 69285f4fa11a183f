package io.banyan.node.command.transactions;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.command.model.Errors;
import io.banyan.node.store.Bytes;

/**
 * Minimal stand-ins, registered only in tests, for commands other families implement (INCR,
 * PEXPIRE, FLUSHALL, SWAPDB, SELECT, a blocking pop), so transaction, pub/sub and eviction tests do
 * not depend on them. Each does the one thing the tests need through the real keyspace API; names
 * start with {@code test-} so they can never clash with real commands.
 */
public final class TestOnlyCommands {
  private TestOnlyCommands() {}

  public static void register(CommandTable t) {
    t.define("test-incr", 2, "write denyoom fast", 1, 1, 1, "@write")
        .handler(TestOnlyCommands::incr);
    t.define("test-pexpire", 3, "write fast", 1, 1, 1, "@write")
        .handler(
            (c, argv) -> {
              long ms = Args.toLong(argv[2]);
              boolean set = c.db().setExpiry(argv[1], c.engine().nowMs() + ms);
              if (set) {
                c.db().modified(argv[1]);
              }
              c.reply().integer(set ? 1 : 0);
            });
    t.define("test-del", 2, "write", 1, 1, 1, "@write")
        .handler((c, argv) -> c.reply().integer(c.db().delete(argv[1]) ? 1 : 0));
    t.define("test-flushall", 1, "write", 0, 0, 0, "@write")
        .handler(
            (c, argv) -> {
              c.engine().keyspace().flushAll();
              c.reply().ok();
            });
    t.define("test-flushdb", 1, "write", 0, 0, 0, "@write")
        .handler(
            (c, argv) -> {
              c.db().clear();
              c.reply().ok();
            });
    t.define("test-swapdb", 3, "write fast", 0, 0, 0, "@write")
        .handler(
            (c, argv) -> {
              c.engine().keyspace().swap(Args.toInt(argv[1]), Args.toInt(argv[2]));
              c.reply().ok();
            });
    t.define("test-select", 2, "fast", 0, 0, 0, "@fast")
        .handler(
            (c, argv) -> {
              c.selectDb(c.engine().keyspace().db(Args.toInt(argv[1])));
              c.reply().ok();
            });
    // Answers the string at key, or blocks on it like BLPOP and answers a null array on timeout;
    // lets tests check that EXEC never blocks.
    t.define("test-block", 3, "readonly blocking", 1, 1, 1, "@blocking")
        .handler(
            (c, argv) -> {
              byte[] v = Lookup.readString(c, argv[1]);
              if (v != null) {
                c.reply().bulk(v);
                return;
              }
              c.engine()
                  .blocking()
                  .block(
                      c,
                      new byte[][] {argv[1]},
                      Args.toLong(argv[2]),
                      blocked -> blocked.reply().nullArray());
            });
  }

  private static void incr(Client c, byte[][] argv) {
    byte[] old = Lookup.writeString(c, argv[1]);
    long v = old == null ? 0 : Args.toLong(old);
    if (v == Long.MAX_VALUE) {
      throw Errors.OVERFLOW;
    }
    byte[] next = Bytes.fromLong(v + 1);
    c.db().setKeepingTtl(argv[1], next);
    c.reply().integer(v + 1);
  }
}
