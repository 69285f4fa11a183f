package io.banyan.node.replication;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import io.banyan.node.engine.Engine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToIntFunction;

/**
 * Clients blocked in WAIT until enough replicas acknowledged an offset, or their timeout passed.
 * Answered with the number of replicas that acknowledged. Command thread only.
 */
final class WaitList {
  private static final class Waiter {
    final Client client;
    final long offset;
    final long wanted;
    ScheduledFuture<?> timer;

    Waiter(Client client, long offset, long wanted) {
      this.client = client;
      this.offset = offset;
      this.wanted = wanted;
    }
  }

  private final Engine engine;
  private final LongToIntFunction acked;
  private final List<Waiter> waiters = new ArrayList<>();

  /**
   * @param acked how many replicas acknowledged the given offset
   */
  WaitList(Engine engine, LongToIntFunction acked) {
    this.engine = engine;
    this.acked = acked;
  }

  /** Blocks c until {@code wanted} replicas acknowledged {@code offset}, or for timeoutMs. */
  void block(Client c, long offset, long wanted, long timeoutMs) {
    Waiter w = new Waiter(c, offset, wanted);
    if (timeoutMs > 0) {
      w.timer = engine.eventLoop().schedule(() -> timedOut(w), timeoutMs, TimeUnit.MILLISECONDS);
    }
    c.setState(ClientState.BLOCKED, w);
    waiters.add(w);
  }

  boolean isEmpty() {
    return waiters.isEmpty();
  }

  /** After an acknowledgement: answers the waiters now satisfied. */
  void check() {
    List<Waiter> done = new ArrayList<>();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.client.blockedOn() != w || !w.client.connection().isOpen()) {
        it.remove();
      } else if (acked.applyAsInt(w.offset) >= w.wanted) {
        it.remove();
        done.add(w);
      }
    }
    for (Waiter w : done) {
      finish(w);
    }
  }

  private void timedOut(Waiter w) {
    if (waiters.remove(w)) {
      finish(w);
    }
  }

  private void finish(Waiter w) {
    if (w.timer != null) {
      w.timer.cancel(false);
    }
    Client c = w.client;
    if (c.blockedOn() != w) {
      return;
    }
    c.setState(ClientState.NORMAL, null);
    if (!c.connection().isOpen()) {
      return;
    }
    c.reply().integer(acked.applyAsInt(w.offset));
    c.flush();
    engine.dispatcher().resume(c);
  }
}
