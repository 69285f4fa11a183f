package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

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
  private final Supplier<List<String>> passwords;
  private static final int READ_ATTEMPTS = 5;

  AckedWriter(InetSocketAddress endpoint, int quorum, String prefix) {
    this(endpoint, quorum, prefix, List::of);
  }

  /**
   * @param passwords the passwords to try, in order, on each new connection (during a rotation a
   *     node may still want the old one); none: no AUTH
   */
  AckedWriter(
      InetSocketAddress endpoint, int quorum, String prefix, Supplier<List<String>> passwords) {
    this.endpoint = endpoint;
    this.quorum = quorum;
    this.prefix = prefix;
    this.passwords = passwords;
    this.thread = Thread.ofPlatform().name("acked-writer-" + prefix).start(this::run);
  }

  private void run() {
    long i = 0;
    Jedis jedis = null;
    while (running.get()) {
      try {
        if (jedis == null) {
          jedis = connect(endpoint, 2000);
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
        Connections.discard(jedis);
        jedis = null;
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
  /**
   * Reads every acknowledged key back through {@code readFrom}. Like an application, the reader
   * reconnects when its connection is closed under it: a master demoted by a planned switchover
   * disconnects its clients, and the Service may briefly have no endpoint while it moves.
   */
  void assertNothingLost(InetSocketAddress readFrom) {
    int missing = 0;
    String example = null;
    Jedis jedis = null;
    try {
      for (var e : acknowledged.entrySet()) {
        String value = null;
        for (int attempt = 1; ; attempt++) {
          try {
            if (jedis == null) {
              jedis = connect(readFrom, 5000);
            }
            value = jedis.get(e.getKey());
            break;
          } catch (JedisConnectionException lost) {
            Connections.discard(jedis);
            jedis = null;
            if (attempt == READ_ATTEMPTS) {
              throw lost;
            }
            jedis = reconnect(readFrom);
          }
        }
        if (!e.getValue().equals(value)) {
          missing++;
          example = e.getKey();
        }
      }
    } finally {
      if (jedis != null) {
        jedis.close();
      }
    }
    assertThat(missing)
        .as("acknowledged writes lost (of %d; e.g. %s)", acknowledged.size(), example)
        .isZero();
  }

  private Jedis connect(InetSocketAddress to, int timeoutMillis) {
    Jedis jedis = new Jedis(to.getHostString(), to.getPort(), timeoutMillis);
    try {
      authenticate(jedis, passwords.get());
    } catch (RuntimeException e) {
      Connections.discard(jedis);
      throw e;
    }
    return jedis;
  }

  /**
   * AUTH with the first of {@code passwords} the node accepts (nothing when there are none); a
   * connection no password opens fails as a wrong password does.
   */
  static void authenticate(Jedis jedis, List<String> passwords) {
    JedisDataException refused = null;
    for (String password : passwords) {
      try {
        jedis.auth(password);
        return;
      } catch (JedisDataException e) {
        refused = e;
      }
    }
    if (refused != null) {
      throw refused;
    }
  }

  /** A new connection through the endpoint, once one answers PING again. */
  private Jedis reconnect(InetSocketAddress endpoint) {
    AtomicReference<Jedis> connected = new AtomicReference<>();
    Awaitility.await("a connection through " + endpoint)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(JedisConnectionException.class)
        .until(
            () -> {
              Jedis j = new Jedis(endpoint.getHostString(), endpoint.getPort(), 5000);
              try {
                authenticate(j, passwords.get());
                j.ping();
              } catch (JedisConnectionException e) {
                Connections.discard(j);
                throw e;
              }
              connected.set(j);
              return true;
            });
    return connected.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
