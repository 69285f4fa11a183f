package io.banyan.node.replication;

import java.util.ArrayDeque;

/**
 * On a replica with an AOF: which replication offset its AOF is fsynced up to (the FACK of REPLCONF
 * ACK, which WAITAOF on the master counts). The stream and the AOF count bytes differently, so each
 * applied chunk leaves a mark "when the AOF ended at A, the stream ended at R"; once the AOF is
 * fsynced past A, everything up to R is durable. Command thread only.
 */
final class AofFsyncTracker {
  private final ArrayDeque<long[]> marks = new ArrayDeque<>();
  private long fsyncedReplOffset;

  /** The stream was applied up to replOffset while the AOF ended at aofOffset. */
  void applied(long aofOffset, long replOffset) {
    long[] last = marks.peekLast();
    if (last != null && last[0] == aofOffset) {
      last[1] = Math.max(last[1], replOffset); // nothing more in the AOF: same durability point
      return;
    }
    marks.addLast(new long[] {aofOffset, replOffset});
  }

  /** Marks waiting for an fsync (bounded by the caller, which drains them when many). */
  int pending() {
    return marks.size();
  }

  /** The replication offset known durable given the AOF offset known fsynced. */
  long fsyncedReplOffset(long aofFsynced) {
    while (!marks.isEmpty() && marks.peekFirst()[0] <= aofFsynced) {
      fsyncedReplOffset = Math.max(fsyncedReplOffset, marks.pollFirst()[1]);
    }
    return fsyncedReplOffset;
  }

  /** A new history (full sync): earlier marks are in another offset space. */
  void reset() {
    marks.clear();
    fsyncedReplOffset = 0;
  }
}
