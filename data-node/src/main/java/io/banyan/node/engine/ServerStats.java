package io.banyan.node.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for INFO stats, written on the command thread (and, for network bytes and connections,
 * by IO code), read by INFO.
 */
public final class ServerStats {
  public final long startTimeMs = System.currentTimeMillis();
  public final long startNanos = System.nanoTime();
  public final LongAdder connectionsReceived = new LongAdder();
  public final LongAdder rejectedConnections = new LongAdder();
  public final LongAdder inputBytes = new LongAdder();
  public final LongAdder outputBytes = new LongAdder();
  public long commandsProcessed;
  public long expiredKeys;
  public long evictedKeys;
  public long keyspaceHits;
  public long keyspaceMisses;
  public long errorReplies;
  public long unexpectedErrorReplies;
  public long clientTimeouts;
  public long totalBlockingKeys;

  public void addOutputBytes(long n) {
    outputBytes.add(n);
  }

  public long uptimeSeconds() {
    return (System.nanoTime() - startNanos) / 1_000_000_000L;
  }

  /** CONFIG RESETSTAT: zero what Redis zeroes. */
  public void reset() {
    connectionsReceived.reset();
    rejectedConnections.reset();
    inputBytes.reset();
    outputBytes.reset();
    commandsProcessed = 0;
    expiredKeys = 0;
    evictedKeys = 0;
    keyspaceHits = 0;
    keyspaceMisses = 0;
    errorReplies = 0;
    unexpectedErrorReplies = 0;
    clientTimeouts = 0;
  }
}
