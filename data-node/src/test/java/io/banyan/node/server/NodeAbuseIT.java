package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Every abuse at once against the real launcher ({@code bin/banyan-node}) under a 384 MiB memory
 * limit (BANYAN_MEMORY_LIMIT), with Redis's default client-output-buffer-limit: three subscribers
 * that never read under a publisher flood, header-only requests announcing a million arguments
 * (unauthenticated and authenticated), a 512 MB bulk header followed by a trickle, 200 connections
 * hammering AUTH with a wrong password, and a client pipelining 16 KiB SETs without reading. The
 * node must live through it, keep its peak RSS (VmHWM) under the limit, keep serving a well-behaved
 * client, and answer the abusers as Redis does.
 */
class NodeAbuseIT {
  private static final long MIB = 1024 * 1024;
  private static final long LIMIT = 384 * MIB;
  private static final String PASSWORD = "right";
  private static final Duration EACH_COMMAND = Duration.ofSeconds(5);

  @TempDir Path dir;
  private NodeProcess node;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    stop.set(true);
    for (Socket s : sockets) {
      s.close();
    }
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    if (node != null) {
      System.out.println(node.output());
      node.close();
    }
  }

  @Test
  void survivesEveryAbuseAtOnceUnderItsMemoryLimit() throws Exception {
    int port = start();
    Jedis probe = new Jedis("127.0.0.1", port, 30_000);
    probe.auth(PASSWORD);

    // 1. Header-only requests announcing 1,048,576 arguments: refused at once before AUTH (Redis
    // allows 10 arguments to an unauthenticated client), left waiting after it.
    Socket unauthHeader = connect(port);
    unauthHeader.getOutputStream().write(ascii("*1048576\r\n"));
    List<Socket> authHeaders = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Socket s = connect(port);
      s.getOutputStream().write(concat(auth(), ascii("*1048576\r\n")));
      authHeaders.add(s);
    }

    // 2. A 512 MB bulk header, then a trickle of its bytes.
    Socket trickler = connect(port);
    trickler
        .getOutputStream()
        .write(concat(auth(), ascii("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$536870912\r\n")));
    AtomicLong trickled = new AtomicLong();
    pool.submit(() -> trickle(trickler, trickled));

    // 3. 200 connections hammering AUTH with a wrong password (reading their errors).
    AtomicLong wrongPass = new AtomicLong();
    List<Socket> authFlood = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      authFlood.add(connect(port));
    }
    for (int t = 0; t < 4; t++) {
      List<Socket> mine = authFlood.subList(t * 50, (t + 1) * 50);
      pool.submit(() -> floodWrongAuth(mine, wrongPass));
    }

    // 4. A client pipelining 16 KiB SETs worth 256 MiB without reading a reply until the end.
    Socket setter = connect(port);
    int sets = 16 * 1024;
    Future<Long> setterDone = pool.submit(() -> pipelineSets(setter, sets));

    // 5. Three subscribers that never read, and a publisher flooding 64 KiB messages.
    List<Socket> subscribers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = connect(port, 4096); // a tiny window: the node's queue for it grows fast
      s.getOutputStream().write(concat(auth(), command("SUBSCRIBE", "flood")));
      subscribers.add(s);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> probe.pubsubNumSub("flood").get("flood") == 3);
    AtomicLong published = new AtomicLong();
    Future<?> publisher = pool.submit(() -> publish(port, published));

    // Closed for their output (pubsub class, or their share of direct memory); drained at once,
    // as an orphaned socket the node closed may be dropped by the kernel if nobody reads it.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> probe.pubsubNumSub("flood").get("flood") == 0);
    for (Socket s : subscribers) {
      assertThat(readsToEnd(s.getInputStream())).isTrue();
    }

    // Meanwhile the well-behaved client is served, and the node stays under its limit.
    int rounds = 0;
    while (!(setterDone.isDone() && published.get() > 20_000 && wrongPass.get() > 50_000)
        || rounds < 20) {
      assertThat(rounds).as("rounds before the abuse was done").isLessThan(5_000);
      String value = "v" + rounds;
      await().atMost(EACH_COMMAND).until(() -> probe.ping().equals("PONG"));
      await().atMost(EACH_COMMAND).until(() -> probe.set("probe", value).equals("OK"));
      await().atMost(EACH_COMMAND).until(() -> value.equals(probe.get("probe")));
      assertThat(node.isAlive()).as("node alive").isTrue();
      assertThat(node.statusKb("VmHWM") * 1024).as("peak RSS").isLessThan(LIMIT);
      rounds++;
    }

    // The non-reading subscribers were closed for their output; the publisher never was.
    assertThat(node.output())
        .contains("scheduled to be closed ASAP for overcoming of output buffer limits");
    assertThat(publisher.isDone()).as("publisher still served").isFalse();
    // Redis's answer to a header before AUTH.
    assertThat(readAll(unauthHeader.getInputStream()))
        .isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
    // The pipelined SETs were all stored (allkeys-lru evicts older keys to make room).
    assertThat(setterDone.get(60, TimeUnit.SECONDS)).isEqualTo(sets);
    assertThat(trickled.get()).as("trickled bytes").isPositive();
    assertThat(wrongPass.get()).as("WRONGPASS replies").isGreaterThan(50_000);
    // The authenticated header-only connections and the trickler are still open, as in Redis.
    assertThat(info(probe, "clients", "connected_clients"))
        .isGreaterThanOrEqualTo(1 + 50 + 1 + 200);

    assertThat(node.isAlive()).isTrue();
    assertThat(node.output()).doesNotContain("OutOfMemoryError");
    long peak = node.statusKb("VmHWM") * 1024;
    System.out.printf(
        "limit=%d MiB peak RSS=%d MiB rss=%d MiB used_memory=%d MiB published=%d wrongpass=%d"
            + " probe rounds=%d evicted=%d%n",
        LIMIT / MIB,
        peak / MIB,
        node.statusKb("VmRSS") / 1024,
        info(probe, "memory", "used_memory") / MIB,
        published.get(),
        wrongPass.get(),
        rounds,
        info(probe, "stats", "evicted_keys"));
    assertThat(peak).as("peak RSS").isLessThan(LIMIT);
  }

  private Void publish(int port, AtomicLong published) throws IOException {
    try (Jedis pub = new Jedis("127.0.0.1", port, 30_000)) {
      pub.auth(PASSWORD);
      byte[] channel = ascii("flood");
      byte[] message = new byte[64 * 1024];
      while (!stop.get()) {
        var p = pub.pipelined();
        for (int i = 0; i < 32; i++) {
          p.publish(channel, message);
        }
        p.sync();
        published.addAndGet(32);
      }
    }
    return null;
  }

  private Void trickle(Socket s, AtomicLong trickled) throws Exception {
    byte[] piece = new byte[1024];
    while (!stop.get()) {
      s.getOutputStream().write(piece);
      trickled.addAndGet(piece.length);
      // A slow sender on purpose: this is the abuse, not a synchronisation.
      Thread.sleep(10);
    }
    return null;
  }

  private Void floodWrongAuth(List<Socket> mine, AtomicLong wrongPass) throws IOException {
    byte[] batch = repeat(command("AUTH", "wrong"), 10);
    while (!stop.get()) {
      for (Socket s : mine) {
        s.getOutputStream().write(batch);
      }
      for (Socket s : mine) {
        for (int i = 0; i < 10; i++) {
          if (readLine(s.getInputStream()).startsWith("-WRONGPASS")) {
            wrongPass.incrementAndGet();
          }
        }
      }
    }
    return null;
  }

  /** Sends every SET before reading anything, then counts the +OK replies. */
  private Long pipelineSets(Socket s, int sets) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(auth());
    byte[] value = new byte[16 * 1024];
    for (int i = 0; i < sets; i++) {
      out.write(
          concat(
              ascii(
                  "*3\r\n$3\r\nSET\r\n$"
                      + ("key:" + i).length()
                      + "\r\nkey:"
                      + i
                      + "\r\n$"
                      + value.length
                      + "\r\n"),
              value,
              ascii("\r\n")));
    }
    InputStream in = s.getInputStream();
    assertThat(readLine(in)).isEqualTo("+OK"); // the AUTH
    long ok = 0;
    for (int i = 0; i < sets; i++) {
      if (readLine(in).equals("+OK")) {
        ok++;
      }
    }
    return ok;
  }

  private Socket connect(int port) throws IOException {
    return connect(port, 0);
  }

  private Socket connect(int port, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.connect(new InetSocketAddress("127.0.0.1", port));
    s.setSoTimeout(60_000);
    return s;
  }

  private int start() throws Exception {
    node =
        NodeProcess.startLauncher(
            dir,
            LIMIT,
            "--requirepass",
            PASSWORD,
            "--maxclients",
            "1000",
            "--maxmemory",
            Long.toString(LIMIT / 2),
            "--maxmemory-policy",
            "allkeys-lru");
    return node.port();
  }

  private static long info(Jedis j, String section, String field) {
    for (String line : j.info(section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + field + " in INFO " + section);
  }

  /** Drains what the node sent before closing; true once the connection has ended. */
  private static boolean readsToEnd(InputStream in) {
    byte[] buf = new byte[64 * 1024];
    try {
      while (in.read(buf) != -1) {
        // discard
      }
      return true;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException); // a reset also means closed
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toString(StandardCharsets.US_ASCII);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("closed by the node after: " + line);
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static byte[] auth() {
    return command("AUTH", PASSWORD);
  }

  private static byte[] command(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    return ascii(sb.toString());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      all.writeBytes(p);
    }
    return all.toByteArray();
  }

  private static byte[] repeat(byte[] one, int times) {
    byte[] all = new byte[one.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(one, 0, all, i * one.length, one.length);
    }
    return all;
  }
}
