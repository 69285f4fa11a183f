package io.banyan.node.server;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.engine.Engine;
import io.banyan.node.store.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Periodic work on the command thread, {@code hz} times a second (Redis's serverCron): the active
 * expiry cycle, idle-client timeouts, incremental rehashing of idle tables, and the sampled
 * instantaneous metrics.
 */
final class ServerCron {
  /** Keys sampled per database per round of the active expiry cycle (effort 1). */
  private static final int EXPIRE_SAMPLES = 20;

  /** A round continues while more than this percentage of sampled keys had expired. */
  private static final int ACCEPTABLE_STALE_PERCENT = 10;

  /** Share of each cron period the expiry cycle may use. */
  private static final int EXPIRE_CPU_PERCENT = 25;

  private final Engine engine;
  private ScheduledFuture<?> task;
  private int nextDb;

  ServerCron(Engine engine) {
    this.engine = engine;
  }

  void start() {
    int hz = Math.max(1, Math.min(500, engine.config().hz));
    long period = 1000 / hz;
    task =
        engine.eventLoop().scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private void tick() {
    try {
      if (engine.activeExpireEnabled() && !engine.pause().active()) {
        activeExpireCycle();
      }
      closeIdleClients();
      rehashIdleTables();
      engine.cronTick();
    } catch (RuntimeException e) {
      engine.log().warning("cron failed: " + e);
    }
  }

  private void activeExpireCycle() {
    int hz = Math.max(1, engine.config().hz);
    int effort = Math.max(1, Math.min(10, engine.config().activeExpireEffort));
    int samples = EXPIRE_SAMPLES + EXPIRE_SAMPLES / 4 * (effort - 1);
    long budgetNanos = 1_000_000_000L / hz * (EXPIRE_CPU_PERCENT + 2 * (effort - 1)) / 100;
    long deadline = System.nanoTime() + budgetNanos;
    int dbs = engine.keyspace().databaseCount();
    for (int i = 0; i < dbs; i++) {
      Database db = engine.keyspace().db(nextDb);
      nextDb = (nextDb + 1) % dbs;
      while (db.volatileCount() > 0) {
        int sampled = Math.min(samples, db.volatileCount());
        int expired = db.expireSample(sampled);
        if (expired * 100 <= sampled * ACCEPTABLE_STALE_PERCENT || System.nanoTime() > deadline) {
          break;
        }
      }
      if (System.nanoTime() > deadline) {
        return;
      }
    }
  }

  private void closeIdleClients() {
    int timeout = engine.config().timeoutSeconds;
    if (timeout <= 0) {
      return;
    }
    long now = engine.nowMs();
    List<Client> idle = new ArrayList<>();
    for (Client c : engine.clients().all()) {
      boolean exempt =
          c.isReplica()
              || c.isMaster()
              || c.state() == ClientState.BLOCKED
              || c.subscriptionCount() > 0
              || c.isMonitor();
      if (!exempt && now - c.lastInteractionMs() > timeout * 1000L) {
        idle.add(c);
      }
    }
    for (Client c : idle) {
      engine.log().verbose("Closing idle client");
      engine.stats().clientTimeouts++;
      c.closeNow();
    }
  }

  private void rehashIdleTables() {
    for (int i = 0; i < engine.keyspace().databaseCount(); i++) {
      engine.keyspace().db(i).rehashFor(100_000);
    }
  }
}
