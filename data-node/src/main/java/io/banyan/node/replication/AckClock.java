package io.banyan.node.replication;

/**
 * Dates the ACKs replicas send, for min-replicas-max-lag. Normally an ACK is as old as the moment
 * it is read. Not after this process was stopped (SIGSTOP, a VM pause, a long GC): the ACKs read
 * first after it may have waited in the socket all along, so they prove a replica alive only when
 * this node last ran. A master that slept through a failover must not take writes on the word of
 * replicas that have since moved on (invariant I3), hence such ACKs are dated back to the stop.
 *
 * <p>A stop shows as a late periodic tick. After a stop, data already queued is read within the
 * first turns of the event loop, whether the overdue tick runs before them or after; ACKs read
 * within {@link #RESUME_GRACE_MS} of waking are dated back too. Dating an ACK too early only makes
 * the master more cautious; replicas ACK every second, so a live one is counted again at once.
 * Command thread only.
 */
final class AckClock {
  /** How late a tick may be before this node counts itself as having been stopped. */
  static final long STALL_TOLERANCE_MS = 500;

  /** How long after waking ACKs are still taken for ones that waited in the socket. */
  static final long RESUME_GRACE_MS = 250;

  private long lastTickMs;
  private long stoppedAtMs;
  private long resumedAtMs;

  /** The periodic tick ran now; {@code periodMs} is how often it should run. */
  void tick(long nowMs, long periodMs) {
    if (lateSince(nowMs, periodMs)) {
      stoppedAtMs = lastTickMs;
      resumedAtMs = nowMs;
    }
    lastTickMs = nowMs;
  }

  /** When an ACK read now was sent, as far as this node can tell. */
  long ackTime(long nowMs, long periodMs) {
    if (lateSince(nowMs, periodMs)) {
      return lastTickMs; // stopped, and the overdue tick has not run yet
    }
    if (resumedAtMs > 0 && nowMs - resumedAtMs < RESUME_GRACE_MS) {
      return stoppedAtMs; // just woke up: the tick ran first, queued ACKs are read now
    }
    return nowMs;
  }

  private boolean lateSince(long nowMs, long periodMs) {
    return lastTickMs > 0 && nowMs - lastTickMs > periodMs + STALL_TOLERANCE_MS;
  }
}
