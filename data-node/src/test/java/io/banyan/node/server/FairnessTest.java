package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.ServerTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Floods on some connections must not starve the others: while one client pipelines without pause,
 * or 200 unauthenticated connections hammer AUTH with a wrong password, a well-behaved client's
 * commands keep being answered. The bound (5 s a command) is generous on purpose: it catches
 * starvation, not slowness.
 */
class FairnessTest extends ServerTestBase {
  private static final Duration EACH_COMMAND = Duration.ofSeconds(5);
  private static final int PROBES = 40;

  @Test
  void aClientPipeliningWithoutPauseDoesNotStarveOthers() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong replyBytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Socket flooder = new Socket("127.0.0.1", port())) {
      byte[] batch = repeat(command("SET", "flood", "x".repeat(100)), 10_000);
      Future<?> writer =
          pool.submit(
              () -> {
                OutputStream out = flooder.getOutputStream();
                while (!stop.get()) {
                  out.write(batch);
                }
                return null;
              });
      pool.submit(() -> drain(flooder.getInputStream(), replyBytes));
      await().atMost(Duration.ofSeconds(30)).until(() -> replyBytes.get() > 1_000_000);
      probeWhile(() -> assertThat(writer.isDone()).as("flood still running").isFalse());
      long before = replyBytes.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> replyBytes.get() > before);
    } finally {
      stop.set(true);
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void twoHundredConnectionsFloodingWrongAuthDoNotStarveOthers() throws Exception {
    Jedis admin = jedis();
    admin.configSet("requirepass", "right");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong wrongPass = new AtomicLong();
    List<Socket> attackers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 200; i++) {
        Socket s = new Socket("127.0.0.1", port());
        s.setSoTimeout(30_000);
        attackers.add(s);
      }
      // Each pipelines 10 wrong AUTHs, reads the 10 errors (so the 1 KB unauthenticated output
      // cap does not close it), and starts again; 8 threads share the 200 connections.
      byte[] batch = repeat(command("AUTH", "wrong"), 10);
      for (int t = 0; t < 8; t++) {
        List<Socket> mine = attackers.subList(t * 25, (t + 1) * 25);
        pool.submit(
            () -> {
              while (!stop.get()) {
                for (Socket s : mine) {
                  s.getOutputStream().write(batch);
                }
                for (Socket s : mine) {
                  wrongPass.addAndGet(readErrors(s.getInputStream(), 10));
                }
              }
              return null;
            });
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> wrongPass.get() > 10_000);
      try (Jedis probe = jedis()) {
        probe.auth("right");
        long before = wrongPass.get();
        probeWith(probe);
        assertThat(wrongPass.get()).as("wrong AUTHs answered meanwhile").isGreaterThan(before);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      for (Socket s : attackers) {
        s.close();
      }
      admin.auth("right");
      admin.configSet("requirepass", "");
    }
  }

  /** PING, SET and GET on a fresh connection, each answered within the bound, PROBES times. */
  private void probeWhile(Runnable stillFlooding) {
    try (Jedis probe = jedis()) {
      probeWith(probe);
    }
    stillFlooding.run();
  }

  private static void probeWith(Jedis probe) {
    for (int i = 0; i < PROBES; i++) {
      String value = "v" + i;
      await().atMost(EACH_COMMAND).until(() -> probe.ping().equals("PONG"));
      await().atMost(EACH_COMMAND).until(() -> probe.set("probe", value).equals("OK"));
      await().atMost(EACH_COMMAND).until(() -> value.equals(probe.get("probe")));
    }
  }

  /** Reads n error replies (one line each); returns how many were WRONGPASS. */
  private static int readErrors(InputStream in, int n) throws IOException {
    int wrong = 0;
    for (int i = 0; i < n; i++) {
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new IOException("closed by the node");
        }
        line.append((char) b);
      }
      if (line.toString().startsWith("-WRONGPASS")) {
        wrong++;
      }
    }
    return wrong;
  }

  private static Void drain(InputStream in, AtomicLong count) throws IOException {
    byte[] buf = new byte[64 * 1024];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        count.addAndGet(n);
      }
    } catch (IOException closed) {
      // the test is over
    }
    return null;
  }

  private static byte[] command(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] repeat(byte[] one, int times) {
    byte[] all = new byte[one.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(one, 0, all, i * one.length, one.length);
    }
    return all;
  }
}
