package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.store.Entry;
import io.banyan.node.store.ValueType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...), served in the order they blocked.
 *
 * <p>A blocking command that finds no data calls {@link #block}. When a key with waiters receives
 * data ({@link #markReady}), the waiters' commands are re-executed in FIFO order after the current
 * command completes; a re-executed command that still finds nothing calls {@link #block} again,
 * which keeps its place in line and its original deadline. This re-execution design (as Redis 7.2
 * adopted) keeps every command's serving logic in one place: its handler. Unlike Redis 7.2, a
 * re-run may pop only from the key that became ready ({@link #keysToServe}), which is how Redis 7.0
 * serves.
 *
 * <p>Inside MULTI/EXEC a blocking command never blocks: it answers as if it had timed out.
 *
 * <p>Command-execution thread only.
 */
public final class BlockingService {
  /** The blocking state of one client. */
  /** Whether the client waits on keys (BLPOP, BLMOVE, ...), rather than on replicas or fsyncs. */
  public static boolean blockedOnKeys(Client c) {
    return c.blockedOn() instanceof Blocked;
  }

  final class Blocked {
    final Client client;
    final int db;
    final List<DbKey> keys;
    final CommandSpec spec;
    final byte[][] argv;
    final Consumer<Client> onTimeout;
    final long deadlineMs;

    /** The type of value that can serve this client; other types on its keys leave it waiting. */
    final ValueType waitsFor;

    ScheduledFuture<?> timer;
    boolean stillWaiting;

    Blocked(
        Client client,
        List<DbKey> keys,
        CommandSpec spec,
        byte[][] argv,
        long deadlineMs,
        Consumer<Client> onTimeout) {
      this.client = client;
      this.db = client.db().index();
      this.keys = keys;
      this.spec = spec;
      this.argv = argv;
      this.deadlineMs = deadlineMs;
      this.onTimeout = onTimeout;
      this.waitsFor = waitedType(spec);
    }
  }

  private final Engine engine;
  private final Map<DbKey, ArrayDeque<Blocked>> waiters = new HashMap<>();
  private final LinkedHashSet<DbKey> ready = new LinkedHashSet<>();
  private int blockedClients;
  private Blocked retrying;

  /** The key whose readiness re-runs {@link #retrying}: the only key it may be served from. */
  private DbKey servingKey;

  BlockingService(Engine engine) {
    this.engine = engine;
  }

  public int blockedClients() {
    return blockedClients;
  }

  public int blockingKeys() {
    return waiters.size();
  }

  /** True while the command of c is being re-run because one of its keys became ready. */
  public boolean isRetrying(Client c) {
    return retrying != null && retrying.client == c;
  }

  /**
   * True when the command just run for c left it waiting on keys: its first run blocked, or its
   * re-run found nothing to serve it.
   */
  public boolean leftWaiting(Client c) {
    return isRetrying(c) ? retrying.stillWaiting : c.blockedOn() instanceof Blocked;
  }

  /**
   * The keys a blocking command may pop from: all of {@code keys} on its first run, but only the
   * key that became ready when re-run for a waiter. Redis 7.0 serves a waiter from the key that
   * woke it (so keys filled by one transaction serve it in the order they were filled, and an
   * earlier key holding another type neither serves it nor fails it with WRONGTYPE).
   */
  public byte[][] keysToServe(Client client, byte[][] keys) {
    if (retrying != null && retrying.client == client && servingKey != null) {
      return new byte[][] {servingKey.key()};
    }
    return keys;
  }

  /**
   * Blocks the client on keys until one of them is served or the timeout passes.
   *
   * @param timeoutMs 0 to wait forever
   * @param onTimeout writes the timeout reply (a null array for BLPOP, a null bulk for BLMOVE)
   */
  public void block(Client client, byte[][] keys, long timeoutMs, Consumer<Client> onTimeout) {
    if (client.executingTransaction()) {
      onTimeout.accept(client);
      return;
    }
    if (retrying != null && retrying.client == client) {
      retrying.stillWaiting = true;
      return;
    }
    List<DbKey> dbKeys = new ArrayList<>(keys.length);
    for (byte[] k : keys) {
      DbKey dk = new DbKey(client.db().index(), k);
      if (!dbKeys.contains(dk)) {
        dbKeys.add(dk);
      }
    }
    long now = engine.nowMs();
    long deadline =
        timeoutMs == 0 ? 0 : timeoutMs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutMs;
    Blocked b =
        new Blocked(
            client,
            dbKeys,
            engine.dispatcher().currentSpec(),
            engine.dispatcher().currentArgv(),
            deadline,
            onTimeout);
    for (DbKey k : dbKeys) {
      waiters.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(b);
    }
    if (timeoutMs > 0) {
      b.timer = client.connection().schedule(() -> timeout(b), timeoutMs);
    }
    client.setState(ClientState.BLOCKED, b);
    blockedClients++;
  }

  /** A key received data; waiters on it are served after the current command. */
  public void markReady(int db, byte[] key) {
    if (waiters.isEmpty()) {
      return;
    }
    DbKey k = new DbKey(db, key);
    if (waiters.containsKey(k)) {
      ready.add(k);
    }
  }

  /**
   * A whole database was replaced (SWAPDB, FLUSHDB): every key with waiters in it may now hold
   * data, so all are marked ready; serving re-checks each.
   */
  public void databaseChanged(int db) {
    for (DbKey k : waiters.keySet()) {
      if (k.db() == db) {
        ready.add(k);
      }
    }
  }

  public boolean hasWork() {
    return !ready.isEmpty();
  }

  /** Serves waiters of every ready key, FIFO; loops while serving makes more keys ready. */
  public void serveReady() {
    while (!ready.isEmpty()) {
      DbKey key = ready.iterator().next();
      ready.remove(key);
      ArrayDeque<Blocked> queue = waiters.get(key);
      if (queue == null) {
        continue;
      }
      // Snapshot: clients served here leave the queue; the ones still waiting keep their place.
      for (Blocked b : new ArrayList<>(queue)) {
        if (b.client.blockedOn() != b) {
          continue;
        }
        Entry e = engine.keyspace().db(key.db()).lookup(key.key());
        if (e == null) {
          break;
        }
        // A waiter for another type (BLPOP and BZPOPMIN on one key) keeps waiting, as in Redis.
        if (b.waitsFor != null && ValueType.of(e.value()) != b.waitsFor) {
          continue;
        }
        servingKey = key;
        try {
          retry(b);
        } finally {
          servingKey = null;
        }
      }
    }
  }

  /** What a blocking command waits for, from its ACL category; null when unknown (any type). */
  private static ValueType waitedType(CommandSpec spec) {
    if (spec == null) {
      return null;
    }
    if (spec.aclCategories().contains("list")) {
      return ValueType.LIST;
    }
    if (spec.aclCategories().contains("sortedset")) {
      return ValueType.ZSET;
    }
    return null;
  }

  private void retry(Blocked b) {
    Client c = b.client;
    b.stillWaiting = false;
    retrying = b;
    try {
      engine.dispatcher().reexecute(c, b.spec, b.argv, b.db);
    } finally {
      retrying = null;
    }
    if (!b.stillWaiting) {
      unblock(b);
      engine.dispatcher().resume(c);
    }
  }

  private void timeout(Blocked b) {
    if (b.client.blockedOn() != b) {
      return;
    }
    unblock(b);
    b.onTimeout.accept(b.client);
    countEndedWait(b, false);
    b.client.flush();
    engine.dispatcher().resume(b.client);
  }

  /** Unblocks a client without a reply of its own (it is disconnecting). */
  public void disconnected(Client c) {
    if (c.blockedOn() instanceof Blocked b) {
      unblock(b);
    }
  }

  /**
   * CLIENT UNBLOCK: ends the wait as a timeout would, or with an error when {@code error} is set.
   * Returns false when the client was not blocked on keys.
   */
  public boolean unblockClient(Client c, boolean error) {
    if (!(c.blockedOn() instanceof Blocked b)) {
      return false;
    }
    unblock(b);
    if (error) {
      c.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
      b.onTimeout.accept(c);
    }
    // Redis 7.0 counts a wait ended by CLIENT UNBLOCK as a failed call, with or without ERROR.
    countEndedWait(b, true);
    c.flush();
    engine.dispatcher().resume(c);
    return true;
  }

  /** A wait that ended without being served still counts as one call of its command. */
  private void countEndedWait(Blocked b, boolean failed) {
    if (b.spec == null) {
      return;
    }
    CommandStats.Entry stats = engine.commandStats().of(b.spec.name());
    stats.calls++;
    if (failed) {
      stats.failedCalls++;
    }
  }

  private void unblock(Blocked b) {
    for (DbKey k : b.keys) {
      ArrayDeque<Blocked> q = waiters.get(k);
      if (q != null) {
        q.remove(b);
        if (q.isEmpty()) {
          waiters.remove(k);
        }
      }
    }
    if (b.timer != null) {
      b.timer.cancel(false);
    }
    b.client.setState(ClientState.NORMAL, null);
    blockedClients--;
  }
}
