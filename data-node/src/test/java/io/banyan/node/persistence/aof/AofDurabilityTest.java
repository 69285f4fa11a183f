package io.banyan.node.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * What survives a SIGKILL under each appendfsync policy: the node runs in its own JVM, clients
 * write through Jedis and a pipelining socket while it is killed mid-stream, and a new node started
 * on the same directory must hold every acknowledged write.
 */
class AofDurabilityTest {
  private static final int WRITERS = 3;
  private static final int ROUNDS = 3;

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

  /**
   * A pipelining writer on a raw socket: sends {@code SET p:<round>:<n> <n>} for n = 1, 2, ... with
   * up to {@link #WINDOW} requests in flight, while a reader counts the {@code +OK} replies.
   * Replies come in request order, so {@link #acked} = m means p:round:1..m were acknowledged.
   */
  static final class PipelinedWriter {
    static final int WINDOW = 500;
    final AtomicLong acked = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final Thread writer;
    final Thread reader;
    final Socket socket;

    PipelinedWriter(NodeProcess node, int round) throws IOException {
      socket = new Socket("127.0.0.1", node.port());
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      writer =
          new Thread(
              () -> {
                try {
                  while (true) {
                    long n = sent.get() + 1;
                    if (n - acked.get() > WINDOW) {
                      out.flush();
                      LockSupport.parkNanos(100_000); // back-pressure: wait for replies
                      continue;
                    }
                    String key = "p:" + round + ":" + n;
                    String value = Long.toString(n);
                    out.write(
                        ("*3\r\n$3\r\nSET\r\n$"
                                + key.length()
                                + "\r\n"
                                + key
                                + "\r\n$"
                                + value.length()
                                + "\r\n"
                                + value
                                + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    sent.set(n);
                    if (n % 64 == 0) {
                      out.flush();
                    }
                  }
                } catch (IOException expected) {
                  // the node was killed under us
                }
              },
              "pipelined-writer");
      reader =
          new Thread(
              () -> {
                try {
                  byte[] ok = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
                  int matched = 0;
                  for (int b; (b = in.read()) >= 0; ) {
                    if (b != ok[matched]) {
                      throw new IllegalStateException("unexpected reply byte " + (char) b);
                    }
                    if (++matched == ok.length) {
                      matched = 0;
                      acked.incrementAndGet();
                    }
                  }
                } catch (IOException expected) {
                  // the node was killed under us
                }
              },
              "pipelined-reader");
      writer.setDaemon(true);
      reader.setDaemon(true);
      writer.start();
      reader.start();
    }

    void join() throws Exception {
      reader.join(10_000);
      socket.close();
      writer.join(10_000);
    }
  }

  /**
   * Kills the node with SIGKILL while writes stream in, once the Jedis writers have {@code minAcks}
   * SETs acknowledged and the pipelined writer, started then, 5000.
   */
  private static Load runAndKill(NodeProcess node, int minAcks, PipelinedWriter[] pipelined)
      throws Exception {
    Load load = new Load(node);
    load.awaitStarted();
    await().atMost(Duration.ofSeconds(60)).until(() -> load.sets.size() >= minAcks);
    // Started late: it writes far faster than the request-reply writers and would crowd them out.
    pipelined[0] = new PipelinedWriter(node, 0);
    await().atMost(Duration.ofSeconds(60)).until(() -> pipelined[0].acked.get() >= 5000);
    node.kill9();
    load.join();
    pipelined[0].join();
    return load;
  }

  /**
   * The promise of every policy against a process crash: whatever was acknowledged was handed to
   * the OS first, so a SIGKILL right after the acknowledgements loses none of them (only an OS
   * crash can cost everysec up to a second and no more). Repeated on fresh directories, since a
   * lost write shows up only when the kill lands between a reply and the AOF write.
   */
  @ParameterizedTest
  @ValueSource(strings = {"always", "everysec", "no"})
  void aSigkillLosesNoAcknowledgedWrite(String policy) throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      long t0 = System.currentTimeMillis();
      Path roundDir = Files.createDirectories(dir.resolve(policy + "-" + round));
      Load load;
      PipelinedWriter[] pipelined = new PipelinedWriter[1];
      try (NodeProcess node =
          NodeProcess.start(roundDir, "--appendonly", "yes", "--appendfsync", policy)) {
        load = runAndKill(node, 300 + 200 * round, pipelined);
      }
      try (NodeProcess node = NodeProcess.start(roundDir, "--appendonly", "yes")) {
        Jedis j = node.jedis();
        for (Ack a : load.sets) {
          assertThat(j.get("k:" + a.writer() + ":" + a.n()))
              .as("round %d: acked SET %s", round, a)
              .isEqualTo(Long.toString(a.n()));
        }
        long acked = pipelined[0].acked.get();
        System.out.printf(
            "%s round %d: %d jedis SETs, %d pipelined SETs acknowledged, %d keys loaded, %d ms%n",
            policy, round, load.sets.size(), acked, j.dbSize(), System.currentTimeMillis() - t0);
        for (long from = 1; from <= acked; from += 1000) {
          long to = Math.min(acked, from + 999);
          String[] keys = new String[(int) (to - from + 1)];
          for (int i = 0; i < keys.length; i++) {
            keys[i] = "p:0:" + (from + i);
          }
          List<String> values = j.mget(keys);
          for (int i = 0; i < keys.length; i++) {
            assertThat(values.get(i))
                .as("round %d: pipelined SET %d of %d acknowledged", round, from + i, acked)
                .isEqualTo(Long.toString(from + i));
          }
        }
        assertListsHoldAckedPrefix(j, load, Long.MAX_VALUE);
        assertTransactionsAtomic(j, load, Long.MAX_VALUE);
        assertThat(node.output()).contains("DB loaded from append only file");
      }
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
