package io.banyan.node.persistence.aof;

import io.banyan.node.client.Client;
import io.banyan.node.engine.ReplyBarrier;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The group commit of {@code appendfsync always}: a reply may reflect any write executed before it,
 * so it leaves only once the AOF is fsynced up to the end of the stream as it was when the reply
 * was produced. Replies wait in one FIFO (which also keeps each client's replies in order); every
 * fsync of the IO thread releases those it covers. Meanwhile the command thread keeps executing,
 * and the next fsync covers everything that accumulated: one fsync per batch, not per write.
 *
 * <p>Command-execution thread only.
 */
final class FsyncGate implements ReplyBarrier {
  private record Held(Client client, ByteBuf reply, long needed) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final LongSupplier streamEnd;
  private final LongSupplier fsynced;
  private final BooleanSupplier holding;

  /**
   * @param streamEnd the end of the AOF stream appended so far
   * @param fsynced the stream offset known to be on disk
   * @param holding whether new replies must wait (appendfsync always with the AOF on)
   */
  FsyncGate(LongSupplier streamEnd, LongSupplier fsynced, BooleanSupplier holding) {
    this.streamEnd = streamEnd;
    this.fsynced = fsynced;
    this.holding = holding;
  }

  @Override
  public boolean hold(Client client, ByteBuf reply) {
    long needed = streamEnd.getAsLong();
    if (held.isEmpty() && (!holding.getAsBoolean() || needed <= fsynced.getAsLong())) {
      return false;
    }
    held.addLast(new Held(client, reply, needed));
    return true;
  }

  /** Sends the replies the fsynced offset now covers, in the order they were held. */
  void release(long fsyncedOffset) {
    while (!held.isEmpty() && held.peekFirst().needed() <= fsyncedOffset) {
      Held h = held.pollFirst();
      h.client().releaseHeld(h.reply());
    }
  }

  /** Sends every held reply (the AOF was turned off: there is nothing left to wait for). */
  void releaseAll() {
    release(Long.MAX_VALUE);
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  int size() {
    return held.size();
  }
}
