package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;

/**
 * A client writing through the read-write endpoint the way a careful application does: {@code SET}
 * then {@code WAIT quorum}, and a write counts as acknowledged only when WAIT says enough replicas
 * have it. Errors (connection lost, FENCED, NOREPLICAS, READONLY) are expected during a failover:
 * the writer reconnects and carries on. Every acknowledged key is checked afterwards.
 */
final class AckedWriter implements AutoCloseable {
  private final InetSocketAddress endpoint;
  private final int quorum;
  private final String prefix;
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong lastSuccessNanos = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Thread thread;

  AckedWriter(InetSocketAddress endpoint, int quorum, String prefix) {
    this.endpoint = endpoint;
    this.quorum = quorum;
    this.prefix = prefix;
    this.thread = Thread.ofPlatform().name("acked-writer-" + prefix).start(this::run);
  }

  private void run() {
    long i = 0;
    Jedis jedis = null;
    while (running.get()) {
      try {
        if (jedis == null) {
          jedis = new Jedis(endpoint.getHostString(), endpoint.getPort(), 2000);
        }
        String key = prefix + ":" + i;
        String value = "v" + i;
        jedis.set(key, value);
        if (jedis.waitReplicas(quorum, 1000) >= quorum) {
          acknowledged.put(key, value);
          lastSuccessNanos.set(System.nanoTime());
        }
        i++;
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        if (jedis != null) {
          jedis.close();
          jedis = null;
        }
        pause();
      }
    }
    if (jedis != null) {
      jedis.close();
    }
  }

  /** A short back-off between reconnects, so a dead endpoint is not hammered. */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int acknowledgedCount() {
    return acknowledged.size();
  }

  long failures() {
    return failures.get();
  }

  /** True once a write was acknowledged after {@code nanos} (System.nanoTime). */
  boolean acknowledgedSince(long nanos) {
    return lastSuccessNanos.get() > nanos;
  }

  /** Every acknowledged key is present with its value (read through {@code endpoint}). */
  void assertNothingLost(InetSocketAddress readFrom) {
    try (Jedis jedis = new Jedis(readFrom.getHostString(), readFrom.getPort(), 5000)) {
      int missing = 0;
      String example = null;
      for (var e : acknowledged.entrySet()) {
        if (!e.getValue().equals(jedis.get(e.getKey()))) {
          missing++;
          example = e.getKey();
        }
      }
      assertThat(missing)
          .as("acknowledged writes lost (of %d; e.g. %s)", acknowledged.size(), example)
          .isZero();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
