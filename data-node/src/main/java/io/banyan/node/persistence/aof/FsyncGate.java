package io.banyan.node.persistence.aof;

import io.banyan.node.client.Client;
import io.banyan.node.engine.ReplyBarrier;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The group commit of the AOF: a reply may reflect any write executed before it, so it leaves only
 * once the AOF is durable up to the end of the stream as it was when the reply was produced —
 * fsynced with {@code appendfsync always}, written to the OS with {@code everysec} and {@code no}.
 * Replies wait in one FIFO (which also keeps each client's replies in order); every fsync of the IO
 * thread releases those it covers. Meanwhile the command thread keeps executing, and the next fsync
 * covers everything that accumulated: one fsync per batch, not per write.
 *
 * <p>Command-execution thread only.
 */
final class FsyncGate implements ReplyBarrier {
  private record Held(Client client, ByteBuf reply, long needed) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final LongSupplier streamEnd;
  private final LongSupplier fsynced;
  private final BooleanSupplier holding;
  private final BooleanSupplier diskFailing;

  /**
   * @param streamEnd the end of the AOF stream appended so far
   * @param fsynced the stream offset known to be on disk
   * @param holding whether new replies must wait (appendfsync always with the AOF on)
   * @param diskFailing whether AOF writes are failing (then only clients with unsynced writes of
   *     their own wait, so that reads, INFO and the MISCONF refusals still get through)
   */
  FsyncGate(
      LongSupplier streamEnd,
      LongSupplier fsynced,
      BooleanSupplier holding,
      BooleanSupplier diskFailing) {
    this.streamEnd = streamEnd;
    this.fsynced = fsynced;
    this.holding = holding;
    this.diskFailing = diskFailing;
  }

  @Override
  public boolean hold(Client client, ByteBuf reply) {
    long needed = streamEnd.getAsLong();
    long durable = fsynced.getAsLong();
    boolean mustWait = needed > durable && holding.getAsBoolean();
    if (mustWait && client.writeOffset() <= durable && diskFailing.getAsBoolean()) {
      // The disk refuses writes and this client has none pending: nothing it is told can be an
      // acknowledgement that a retry might still lose. (Normally it would wait too, so that it
      // cannot read another client's write before that write is durable.)
      mustWait = false;
    }
    if (!mustWait && !client.hasHeldReplies()) {
      return false;
    }
    // Queued in stream order (needed only grows), behind this client's earlier replies.
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

  /**
   * The disk refuses writes: sends the held replies of clients without unsynced writes of their own
   * (they were only waiting so as not to see others' writes early), keeping the others.
   */
  void releaseBystanders(long fsyncedOffset) {
    for (java.util.Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (h.client().writeOffset() <= fsyncedOffset) {
        it.remove();
        h.client().releaseHeld(h.reply());
      }
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
