package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The real launcher ({@code bin/banyan-node}) under a container-sized memory limit
 * (BANYAN_MEMORY_LIMIT), flooded with pipelined big SETs worth twice the limit: the node evicts
 * (allkeys-lru) or answers -OOM (noeviction, and without maxmemory thanks to the heap guard), never
 * dies of an OutOfMemoryError, keeps answering PING, and its peak RSS stays under the limit.
 */
class LauncherMemoryIT {
  private static final long MIB = 1024 * 1024;
  private static final int VALUE_BYTES = 16 * 1024;
  private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

  @TempDir Path dir;
  private NodeProcess node;

  @AfterEach
  void stop() throws Exception {
    // The node's log, in the test's report, for whoever has to read a failure.
    if (node != null) {
      System.out.println(node.output());
      node.close();
    }
  }

  @Test
  void evictsUnderAllkeysLru() throws Exception {
    long limit = 384 * MIB;
    int port =
        start(limit, "--maxmemory", Long.toString(limit / 2), "--maxmemory-policy", "allkeys-lru");
    Flood f = flood(port, 2 * limit);
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      assertThat(f.oom()).as("OOM replies").isZero();
      assertThat(info(j, "stats", "evicted_keys")).isPositive();
      assertThat(info(j, "memory", "used_memory")).isLessThanOrEqualTo(limit / 2);
      assertAlive(j, limit, f);
    }
  }

  @Test
  void answersOomUnderNoeviction() throws Exception {
    long limit = 384 * MIB;
    int port =
        start(limit, "--maxmemory", Long.toString(limit / 2), "--maxmemory-policy", "noeviction");
    Flood f = flood(port, 2 * limit);
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      assertThat(f.oom()).as("OOM replies").isPositive();
      assertThat(f.ok()).as("writes accepted").isPositive();
      // As Redis: the write that crosses the limit is accepted, the ones after it are refused.
      assertThat(info(j, "memory", "used_memory")).isLessThanOrEqualTo(limit / 2 + MIB);
      assertAlive(j, limit, f);
    }
  }

  @Test
  void theHeapGuardAnswersOomWithoutMaxmemory() throws Exception {
    long limit = 256 * MIB;
    int port = start(limit); // maxmemory 0, noeviction: only the heap guard stands in the way
    Flood f = flood(port, 2 * limit);
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      assertThat(f.oom()).as("OOM replies").isPositive();
      assertThat(info(j, "memory", "maxmemory")).isZero();
      assertAlive(j, limit, f);
    }
  }

  /**
   * No memory limit: the JVM's default maximum heap is a quarter of the machine, and a collector
   * paced by it let RSS reach 1.4 GiB at maxmemory 100mb. maxmemory sets the soft heap limit
   * (SoftHeapLimit), which keeps the heap — and RSS — near the dataset.
   */
  @Test
  void maxmemoryBoundsTheHeapWithoutAMemoryLimit() throws Exception {
    long maxmemory = 100 * MIB;
    int port =
        start(0, "--maxmemory", Long.toString(maxmemory), "--maxmemory-policy", "allkeys-lru");
    try (Jedis j = new Jedis("127.0.0.1", port, 30_000)) {
      long maxHeap = info(j, "memory", "banyan_max_heap");
      assertThat(maxHeap).as("the default heap of this machine").isGreaterThan(1024 * MIB);
      assertThat(info(j, "memory", "banyan_soft_max_heap")).isEqualTo(2 * maxmemory + 64 * MIB);

      Flood f = flood(port, 1024 * MIB);
      assertThat(f.oom()).isZero();
      assertThat(info(j, "stats", "evicted_keys")).isPositive();
      assertAlive(j, 640 * MIB, f);

      j.configSet("maxmemory", "0");
      assertThat(info(j, "memory", "banyan_soft_max_heap")).isEqualTo(maxHeap);
      j.configSet("maxmemory", "50mb");
      assertThat(info(j, "memory", "banyan_soft_max_heap")).isEqualTo(2 * 50 * MIB + 64 * MIB);
    }
  }

  private void assertAlive(Jedis j, long limit, Flood f) throws IOException {
    assertThat(j.ping()).isEqualTo("PONG");
    assertThat(j.exists("never-written")).isFalse();
    assertThat(node.isAlive()).isTrue();
    assertThat(node.output()).doesNotContain("OutOfMemoryError");
    long peakRss = node.statusKb("VmHWM") * 1024;
    System.out.printf(
        "limit=%d MiB peak RSS=%d MiB used_memory=%d MiB keys=%d ok=%d oom=%d evicted=%d%n",
        limit / MIB,
        peakRss / MIB,
        info(j, "memory", "used_memory") / MIB,
        j.dbSize(),
        f.ok(),
        f.oom(),
        info(j, "stats", "evicted_keys"));
    assertThat(peakRss).as("peak RSS").isLessThan(limit);
  }

  private record Flood(long ok, long oom) {}

  /** Pipelined SETs of VALUE_BYTES values until {@code bytes} were sent. */
  private static Flood flood(int port, long bytes) {
    byte[] value = new byte[VALUE_BYTES];
    new Random(7).nextBytes(value);
    long ok = 0;
    long oom = 0;
    try (Jedis j = new Jedis("127.0.0.1", port, 60_000)) {
      long sent = 0;
      int key = 0;
      while (sent < bytes) {
        Pipeline p = j.pipelined();
        List<Response<String>> replies = new ArrayList<>();
        for (int i = 0; i < 64; i++, key++) {
          replies.add(p.set(("key:" + key).getBytes(StandardCharsets.UTF_8), value));
        }
        p.sync();
        sent += 64L * VALUE_BYTES;
        for (Response<String> r : replies) {
          try {
            r.get();
            ok++;
          } catch (JedisDataException e) {
            assertThat(e.getMessage()).isEqualTo(OOM);
            oom++;
          }
        }
      }
    }
    return new Flood(ok, oom);
  }

  private int start(long limit, String... options) throws Exception {
    node = NodeProcess.startLauncher(dir, limit, options);
    return node.port();
  }

  private static long info(Jedis j, String section, String field) {
    for (String line : j.info(section).split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1));
      }
    }
    throw new AssertionError("no " + field + " in INFO " + section);
  }
}
