package io.banyan.node.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * What survives a SIGKILL under each appendfsync policy: the node runs in its own JVM, clients
 * write through Jedis while it is killed mid-stream, and a new node started on the same directory
 * must hold what the policy promises.
 */
class AofDurabilityTest {
  private static final int WRITERS = 3;

  @TempDir Path dir;

  /** One acknowledged write: its kind, thread, sequence number and when the ack arrived. */
  record Ack(int writer, long n, long ackNanos) {}

  /** Writers that run until the node dies, recording every acknowledged write. */
  static final class Load {
    final ConcurrentLinkedQueue<Ack> sets = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Ack> pushes = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Ack> transactions = new ConcurrentLinkedQueue<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final List<Thread> threads = new ArrayList<>();
    final CountDownLatch started = new CountDownLatch(WRITERS);

    Load(NodeProcess node) {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        Thread t =
            new Thread(
                () -> {
                  try (Jedis j = new Jedis("127.0.0.1", node.port(), 5000)) {
                    started.countDown();
                    for (long n = 1; !stop.get(); n++) {
                      j.set("k:" + writer + ":" + n, Long.toString(n));
                      sets.add(new Ack(writer, n, System.nanoTime()));
                      j.rpush("list:" + writer, Long.toString(n));
                      pushes.add(new Ack(writer, n, System.nanoTime()));
                      if (n % 10 == 0) {
                        Transaction tx = j.multi();
                        tx.incr("counter:" + writer);
                        tx.set("last:" + writer, Long.toString(n / 10));
                        tx.exec();
                        transactions.add(new Ack(writer, n / 10, System.nanoTime()));
                      }
                    }
                  } catch (RuntimeException expected) {
                    // the node was killed under us
                  }
                },
                "writer-" + w);
        threads.add(t);
        t.start();
      }
    }

    void awaitStarted() throws InterruptedException {
      started.await(10, TimeUnit.SECONDS);
    }

    void join() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(10_000);
      }
    }
  }

  /** Kills the node mid-stream once the writers have had {@code minAcks} SETs acknowledged. */
  private Load runAndKill(NodeProcess node, int minAcks) throws Exception {
    Load load = new Load(node);
    load.awaitStarted();
    await().atMost(Duration.ofSeconds(60)).until(() -> load.sets.size() >= minAcks);
    node.kill9();
    load.join();
    return load;
  }

  @Test
  void alwaysKeepsEveryAcknowledgedWrite() throws Exception {
    Load load;
    try (NodeProcess node =
        NodeProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always")) {
      load = runAndKill(node, 300);
    }
    try (NodeProcess node = NodeProcess.start(dir, "--appendonly", "yes")) {
      Jedis j = node.jedis();
      for (Ack a : load.sets) {
        assertThat(j.get("k:" + a.writer() + ":" + a.n()))
            .as("acked SET %s", a)
            .isEqualTo(Long.toString(a.n()));
      }
      assertListsHoldAckedPrefix(j, load, Long.MAX_VALUE);
      assertTransactionsAtomic(j, load, Long.MAX_VALUE);
      assertThat(node.output()).contains("DB loaded from append only file");
    }
  }

  @Test
  void everysecLosesAtMostAboutOneSecond() throws Exception {
    Load load;
    long killNanos;
    try (NodeProcess node =
        NodeProcess.start(dir, "--appendonly", "yes", "--appendfsync", "everysec")) {
      Load running = new Load(node);
      load = running;
      load.awaitStarted();
      // Run until a good number of writes were acknowledged more than 2.5 s ago.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                long old = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(2500);
                return running.sets.stream().filter(a -> a.ackNanos() < old).count() > 50;
              });
      killNanos = System.nanoTime();
      node.kill9();
      load.join();
    }
    // Everything acknowledged more than 2 s before the kill must be there (1 s promised, with
    // slack for a slow machine).
    long cutoff = killNanos - TimeUnit.SECONDS.toNanos(2);
    long old = load.sets.stream().filter(a -> a.ackNanos() < cutoff).count();
    assertThat(old).isGreaterThan(20);
    try (NodeProcess node = NodeProcess.start(dir, "--appendonly", "yes")) {
      Jedis j = node.jedis();
      for (Ack a : load.sets) {
        if (a.ackNanos() < cutoff) {
          assertThat(j.get("k:" + a.writer() + ":" + a.n()))
              .as("SET acked 2 s before the kill %s", a)
              .isEqualTo(Long.toString(a.n()));
        }
      }
      assertListsHoldAckedPrefix(j, load, cutoff);
      assertTransactionsAtomic(j, load, cutoff);
    }
  }

  @Test
  void noStillLoadsCleanly() throws Exception {
    Load load;
    try (NodeProcess node = NodeProcess.start(dir, "--appendonly", "yes", "--appendfsync", "no")) {
      load = runAndKill(node, 300);
    }
    try (NodeProcess node = NodeProcess.start(dir, "--appendonly", "yes")) {
      Jedis j = node.jedis();
      // Whatever reached the file is a prefix of each writer's stream: no holes, no torn values.
      assertListsHoldAckedPrefix(j, load, -1);
      assertTransactionsAtomic(j, load, -1);
      assertThat(j.dbSize()).isLessThanOrEqualTo(load.sets.size() + 3L * WRITERS + 2 * WRITERS);
    }
  }

  /** Each list is 1..m in order, m covering every push acknowledged before {@code cutoff}. */
  private static void assertListsHoldAckedPrefix(Jedis j, Load load, long cutoff) {
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      List<String> list = j.lrange("list:" + w, 0, -1);
      for (int i = 0; i < list.size(); i++) {
        assertThat(list.get(i)).as("list:%d[%d]", w, i).isEqualTo(Long.toString(i + 1));
      }
      long mustHave =
          load.pushes.stream()
              .filter(a -> a.writer() == writer && a.ackNanos() < cutoff)
              .mapToLong(Ack::n)
              .max()
              .orElse(0);
      assertThat((long) list.size()).as("list:%d length", w).isGreaterThanOrEqualTo(mustHave);
    }
  }

  /** MULTI/EXEC survived whole or not at all: the counter always equals the last value. */
  private static void assertTransactionsAtomic(Jedis j, Load load, long cutoff) {
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      String counter = j.get("counter:" + w);
      String last = j.get("last:" + w);
      assertThat(counter).as("counter:%d vs last:%d", w, w).isEqualTo(last);
      long mustHave =
          load.transactions.stream()
              .filter(a -> a.writer() == writer && a.ackNanos() < cutoff)
              .mapToLong(Ack::n)
              .max()
              .orElse(0);
      long have = counter == null ? 0 : Long.parseLong(counter);
      assertThat(have).as("transactions of writer %d", w).isGreaterThanOrEqualTo(mustHave);
    }
  }
}
