package io.banyan.node.command.transactions;

import io.banyan.node.acl.Denial;
import io.banyan.node.client.Client;
import io.banyan.node.command.model.CommandException;
import io.banyan.node.command.model.CommandFamily;
import io.banyan.node.command.model.CommandTable;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.Transactions;
import java.util.ArrayList;
import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis 7.0 semantics).
 *
 * <p>The dispatcher queues commands while the client is in MULTI and flags the transaction when
 * queueing fails; EXEC then answers EXECABORT. EXEC fails with a null array when a watched key was
 * changed by anyone (including this client, expiry, eviction, FLUSHDB/FLUSHALL/SWAPDB touching it)
 * or expired since WATCH. Otherwise it runs each queued command with full bookkeeping; a command's
 * own error does not stop the others. Blocking commands do not block inside EXEC.
 *
 * <p>The writes of a transaction reach replicas and the AOF as one unit: two or more propagated
 * commands are wrapped in MULTI/EXEC, a single one goes alone ({@link
 * Engine#beginAtomicPropagation}).
 */
public final class TransactionCommands implements CommandFamily {
  @Override
  public void register(CommandTable t) {
    t.define("multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "@fast @transaction")
        .doc("transactions", "1.2.0", "O(1)", "Starts queueing commands for a transaction.")
        .handler(TransactionCommands::multi);
    t.define("exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0, "@slow @transaction")
        .doc(
            "transactions",
            "1.2.0",
            "Depends on commands in the transaction",
            "Runs the queued commands of a transaction atomically.")
        .handler(TransactionCommands::exec);
    t.define("discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "@fast @transaction")
        .doc(
            "transactions",
            "2.0.0",
            "O(N), when N is the number of queued commands",
            "Drops the queued commands and leaves the transaction.")
        .handler(TransactionCommands::discard);
    t.define("watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, "@fast @transaction")
        .keys("RO|i1|r-1,1,0")
        .doc(
            "transactions",
            "2.2.0",
            "O(1) for every key.",
            "Makes the next EXEC fail if any of the keys changes before it.")
        .handler(TransactionCommands::watch);
    t.define("unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "@fast @transaction")
        .doc("transactions", "2.2.0", "O(1)", "Forgets every watched key.")
        .handler(TransactionCommands::unwatch);
  }

  static void multi(Client c, byte[][] argv) {
    if (c.inMulti()) {
      throw new CommandException("ERR MULTI calls can not be nested");
    }
    c.setInMulti(true);
    c.reply().ok();
  }

  static void discard(Client c, byte[][] argv) {
    if (!c.inMulti()) {
      throw new CommandException("ERR DISCARD without MULTI");
    }
    Transactions.discard(c);
    c.reply().ok();
  }

  static void watch(Client c, byte[][] argv) {
    if (c.inMulti()) {
      throw new CommandException("ERR WATCH inside MULTI is not allowed");
    }
    // Once a watched key has changed EXEC will fail anyway; more watches would change nothing.
    if (!c.watchedKeyTouched()) {
      for (int i = 1; i < argv.length; i++) {
        c.engine().watches().watch(c, argv[i]);
      }
    }
    c.reply().ok();
  }

  static void unwatch(Client c, byte[][] argv) {
    c.engine().watches().unwatchAll(c);
    c.reply().ok();
  }

  static void exec(Client c, byte[][] argv) {
    if (!c.inMulti()) {
      throw new CommandException("ERR EXEC without MULTI");
    }
    Engine engine = c.engine();
    if (c.multiAborted()) {
      Transactions.discard(c);
      throw new CommandException(Transactions.EXECABORT);
    }
    if (c.watchedKeyTouched() || engine.watches().expiredSinceWatch(c, engine.keyspace())) {
      Transactions.discard(c);
      c.reply().nullArray();
      return;
    }
    // Nothing the queued commands do can invalidate this transaction any more.
    engine.watches().unwatchAll(c);
    List<Client.QueuedCommand> commands = new ArrayList<>(c.queued());
    c.reply().array(commands.size());
    c.setExecutingTransaction(true);
    engine.beginAtomicPropagation();
    try {
      for (Client.QueuedCommand q : commands) {
        // The rules may have changed since the command was queued: checked again, as Redis does.
        Denial denial = engine.dispatcher().aclDenial(c, q.spec(), q.argv());
        if (denial != null) {
          c.reply().error(denial.execErrorMessage());
          continue;
        }
        engine.dispatcher().call(c, q.spec(), q.argv());
      }
    } finally {
      engine.endAtomicPropagation();
      c.setExecutingTransaction(false);
      Transactions.discard(c);
    }
  }
}
