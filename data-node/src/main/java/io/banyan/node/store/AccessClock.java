package io.banyan.node.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The per-key access clock behind OBJECT IDLETIME/FREQ and LRU/LFU eviction, in Redis's layout: a
 * 24-bit seconds clock for LRU, or 16 bits of minutes plus an 8-bit logarithmic counter for LFU.
 */
public final class AccessClock {
  public static final int LRU_BITS = 24;
  public static final int LRU_MAX = (1 << LRU_BITS) - 1;
  public static final int LFU_INIT = 5;

  /** Whether keys track access frequency (an LFU policy is set) rather than recency. */
  public volatile boolean lfu;

  public volatile int lfuLogFactor = 10;
  public volatile int lfuDecayTimeMinutes = 1;

  /** Current LRU clock: seconds, wrapped to 24 bits. */
  public static int lruNow() {
    return (int) ((System.currentTimeMillis() / 1000) & LRU_MAX);
  }

  /** Seconds since the access recorded by an LRU clock value. */
  public static long idleSeconds(int lruClock) {
    int now = lruNow();
    return now >= lruClock ? now - lruClock : (LRU_MAX - lruClock) + now;
  }

  static int minutesNow() {
    return (int) ((System.currentTimeMillis() / 60_000) & 0xFFFF);
  }

  /** The clock value a newly created key starts with. */
  public int initial() {
    return lfu ? (minutesNow() << 8) | LFU_INIT : lruNow();
  }

  /** The clock value after one access. */
  public int touched(int clock) {
    if (!lfu) {
      return lruNow();
    }
    int counter = decayedCounter(clock);
    counter = logIncrement(counter);
    return (minutesNow() << 8) | counter;
  }

  /** The LFU counter after applying the decay for the minutes elapsed since the last access. */
  public int decayedCounter(int clock) {
    int lastMinutes = clock >>> 8;
    int counter = clock & 0xFF;
    int now = minutesNow();
    int elapsed = now >= lastMinutes ? now - lastMinutes : 65535 - lastMinutes + now;
    int periods = lfuDecayTimeMinutes > 0 ? elapsed / lfuDecayTimeMinutes : 0;
    return periods > counter ? 0 : counter - periods;
  }

  private int logIncrement(int counter) {
    if (counter == 255) {
      return 255;
    }
    double r = ThreadLocalRandom.current().nextDouble();
    double base = Math.max(0, counter - LFU_INIT);
    double p = 1.0 / (base * lfuLogFactor + 1);
    return r < p ? counter + 1 : counter;
  }
}
