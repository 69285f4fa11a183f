package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT PAUSE / UNPAUSE. While a pause is in force, commands it covers are held (the client's
 * later requests queue behind them) and run, in arrival order, when it ends. {@code WRITE} pauses
 * hold only commands that may change data or replicate (writes, PUBLISH, ...) — the mode failover
 * uses to fence a master while reads continue. Replication links are never held.
 *
 * <p>Command-execution thread only.
 */
public final class PauseControl {
  private final Engine engine;
  private long pausedUntilMs;
  private boolean writesOnly;
  private final List<Client> held = new ArrayList<>();
  private ScheduledFuture<?> timer;

  PauseControl(Engine engine) {
    this.engine = engine;
  }

  public boolean active() {
    return pausedUntilMs > 0;
  }

  /** True for a WRITE pause; false for ALL. */
  public boolean writesOnly() {
    return writesOnly;
  }

  public long pausedUntilMs() {
    return pausedUntilMs;
  }

  /**
   * Starts or extends a pause. As Redis: a longer pause extends, and ALL wins over WRITE while both
   * are in force.
   */
  public void pause(long durationMs, boolean writesOnlyMode) {
    long until = engine.nowMs() + durationMs;
    if (active()) {
      writesOnly = writesOnly && writesOnlyMode;
      pausedUntilMs = Math.max(pausedUntilMs, until);
    } else {
      writesOnly = writesOnlyMode;
      pausedUntilMs = until;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    long delay = Math.max(0, pausedUntilMs - engine.nowMs());
    timer = engine.eventLoop().schedule(this::unpause, delay, TimeUnit.MILLISECONDS);
  }

  /** Ends the pause and releases held clients in the order they were held. */
  public void unpause() {
    pausedUntilMs = 0;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    List<Client> release = new ArrayList<>(held);
    held.clear();
    for (Client c : release) {
      if (c.state() == ClientState.PAUSED) {
        c.setState(ClientState.NORMAL, null);
        engine.dispatcher().resume(c);
      }
    }
  }

  /** Whether this command from this client must wait for the pause to end. */
  boolean holds(Client c, CommandSpec spec) {
    if (!active() || c.isMaster() || c.isReplica()) {
      return false;
    }
    if (!writesOnly) {
      return true;
    }
    return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
  }

  void hold(Client c) {
    c.setState(ClientState.PAUSED, this);
    held.add(c);
  }

  /** Number of clients currently held. */
  public int heldClients() {
    return held.size();
  }

  void disconnected(Client c) {
    held.remove(c);
  }
}
