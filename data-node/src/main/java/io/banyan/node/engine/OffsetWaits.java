package io.banyan.node.engine;

import io.banyan.node.client.Client;
import io.banyan.node.client.ClientState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Clients blocked until enough copies of their writes exist — WAIT (replicas acknowledged an
 * offset) and WAITAOF (the local AOF and replicas' AOFs fsynced past it) — or until their timeout
 * passes. Both are answered the same way whether satisfied or timed out: with the counts as they
 * stand then, which the command's own answer function writes.
 *
 * <p>The condition is re-evaluated on {@link #check()}, which whoever moves an offset calls
 * (replicas' ACKs, the AOF's fsyncs); a blocked client's later requests queue behind it, as for any
 * blocked client. A client that went away or was unblocked otherwise (REPLICAOF, FAILOVER, KILL) no
 * longer points at its entry and is dropped. Command thread only.
 */
public final class OffsetWaits {

  /** One blocked client: what it waits for, how it is answered, who may fail it early. */
  private static final class Wait {
    final Client client;
    final BooleanSupplier satisfied;
    final Consumer<Client> answer;
    final Object cause;
    ScheduledFuture<?> timer;

    Wait(Client client, BooleanSupplier satisfied, Consumer<Client> answer, Object cause) {
      this.client = client;
      this.satisfied = satisfied;
      this.answer = answer;
      this.cause = cause;
    }
  }

  private final Engine engine;
  private final List<Wait> waits = new ArrayList<>();

  OffsetWaits(Engine engine) {
    this.engine = engine;
  }

  /**
   * Blocks the client until {@code satisfied} holds or {@code timeoutMs} passes (0: no timeout),
   * then writes {@code answer} and resumes the client's queued requests.
   *
   * @param cause what the wait depends on, so that {@link #fail} can end exactly those waits when
   *     it can no longer happen; any object, compared by identity
   */
  public void block(
      Client c, BooleanSupplier satisfied, Consumer<Client> answer, long timeoutMs, Object cause) {
    Wait w = new Wait(c, satisfied, answer, cause);
    if (timeoutMs > 0) {
      w.timer = engine.eventLoop().schedule(() -> timedOut(w), timeoutMs, TimeUnit.MILLISECONDS);
    }
    c.setState(ClientState.BLOCKED, w);
    waits.add(w);
  }

  public boolean isEmpty() {
    return waits.isEmpty();
  }

  /** An offset moved: answers the clients whose condition now holds; forgets departed ones. */
  public void check() {
    if (waits.isEmpty()) {
      return;
    }
    List<Wait> done = new ArrayList<>();
    for (Iterator<Wait> it = waits.iterator(); it.hasNext(); ) {
      Wait w = it.next();
      if (gone(w)) {
        it.remove();
      } else if (w.satisfied.getAsBoolean()) {
        it.remove();
        done.add(w);
      }
    }
    for (Wait w : done) {
      finish(w, w.answer);
    }
  }

  /**
   * What the waits registered with {@code cause} wait for can no longer happen (appendonly turned
   * off under WAITAOF's numlocal): they end now with this error instead of their answer.
   */
  public void fail(Object cause, String error) {
    List<Wait> failed = new ArrayList<>();
    for (Iterator<Wait> it = waits.iterator(); it.hasNext(); ) {
      Wait w = it.next();
      if (w.cause == cause || gone(w)) {
        it.remove();
        failed.add(w);
      }
    }
    for (Wait w : failed) {
      finish(w, c -> c.reply().error(error));
    }
  }

  private static boolean gone(Wait w) {
    return w.client.blockedOn() != w || !w.client.connection().isOpen();
  }

  private void timedOut(Wait w) {
    if (waits.remove(w)) {
      finish(w, w.answer);
    }
  }

  private void finish(Wait w, Consumer<Client> reply) {
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
    reply.accept(c);
    c.flush();
    engine.dispatcher().resume(c);
  }
}
