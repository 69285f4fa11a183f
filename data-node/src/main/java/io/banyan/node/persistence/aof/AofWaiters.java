package io.banyan.node.persistence.aof;

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
 * Clients blocked in WAITAOF until the local AOF is fsynced past their last write (and, once until
 * enough replicas report the same with REPLCONF ACK ... FACK). A blocked client's later requests
 * queue behind it, as for any blocked client; it is answered {@code [numlocal, numreplicas]} when
 * satisfied or when its timeout passes.
 *
 * <p>Command-execution thread only.
 */
final class AofWaiters {
  private static final class Waiter {
    final Client client;
    final long writeOffset;
    final long replicationOffset;
    final long numLocal;
    final long numReplicas;
    ScheduledFuture<?> timer;

    Waiter(Client client, long writeOffset, long numLocal, long numReplicas) {
      this.client = client;
      this.writeOffset = writeOffset;
      this.replicationOffset = client.replicationOffset();
      this.numLocal = numLocal;
      this.numReplicas = numReplicas;
    }
  }

  private final Engine engine;
  private final LongToIntFunction localAcks;
  private final List<Waiter> waiters = new ArrayList<>();

  /**
   * @param localAcks 1 when the local AOF is fsynced up to the given offset, else 0
   */
  AofWaiters(Engine engine, LongToIntFunction localAcks) {
    this.engine = engine;
    this.localAcks = localAcks;
  }

  /**
   * WAITAOF after its arguments were validated: replies now when the acknowledgements are there (or
   * the client may not block: inside MULTI), otherwise blocks the client.
   */
  void waitFor(Client c, long numLocal, long numReplicas, long timeoutMs) {
    long woff = c.writeOffset();
    int local = localAcks.applyAsInt(woff);
    int replicas = replicaAcks(c.replicationOffset());
    if ((local >= numLocal && replicas >= numReplicas) || c.executingTransaction()) {
      reply(c, local, replicas);
      return;
    }
    if (numReplicas > 0 && engine.replication() != null) {
      engine.replication().requestAcks();
    }
    Waiter w = new Waiter(c, woff, numLocal, numReplicas);
    if (timeoutMs > 0) {
      w.timer = engine.eventLoop().schedule(() -> timedOut(w), timeoutMs, TimeUnit.MILLISECONDS);
    }
    c.setState(ClientState.BLOCKED, w);
    waiters.add(w);
  }

  /** Answers the waiters whose conditions now hold (after an fsync or a state change). */
  void check() {
    if (waiters.isEmpty()) {
      return;
    }
    Iterator<Waiter> it = waiters.iterator();
    List<Waiter> done = new ArrayList<>();
    while (it.hasNext()) {
      Waiter w = it.next();
      if (gone(w)) {
        it.remove();
        continue;
      }
      int local = localAcks.applyAsInt(w.writeOffset);
      if (local >= w.numLocal && replicaAcks(w.replicationOffset) >= w.numReplicas) {
        it.remove();
        done.add(w);
      }
    }
    for (Waiter w : done) {
      finish(w, () -> reply(w));
    }
  }

  /** appendonly was turned off: waits for a local fsync can never end, so they fail as Redis. */
  void aofDisabled() {
    List<Waiter> failed = new ArrayList<>();
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.numLocal > 0 || gone(w)) {
        it.remove();
        failed.add(w);
      }
    }
    for (Waiter w : failed) {
      finish(w, () -> w.client.reply().error(AofPersistence.WAITAOF_WITHOUT_AOF));
    }
  }

  boolean isEmpty() {
    return waiters.isEmpty();
  }

  private boolean gone(Waiter w) {
    return w.client.blockedOn() != w || !w.client.connection().isOpen();
  }

  private void timedOut(Waiter w) {
    if (!waiters.remove(w)) {
      return;
    }
    finish(w, () -> reply(w));
  }

  private void finish(Waiter w, Runnable writeReply) {
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
    writeReply.run();
    c.flush();
    engine.dispatcher().resume(c);
  }

  /** Replicas whose AOF is fsynced past the given replication offset (their FACK). */
  private int replicaAcks(long replicationOffset) {
    return engine.replication() == null ? 0 : engine.replication().aofAckedCount(replicationOffset);
  }

  private void reply(Waiter w) {
    reply(w.client, localAcks.applyAsInt(w.writeOffset), replicaAcks(w.replicationOffset));
  }

  private static void reply(Client c, int local, int replicas) {
    c.reply().array(2);
    c.reply().integer(local);
    c.reply().integer(replicas);
  }
}
