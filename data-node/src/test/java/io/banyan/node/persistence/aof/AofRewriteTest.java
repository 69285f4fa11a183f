package io.banyan.node.persistence.aof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.persistence.ByteSink;
import io.banyan.node.persistence.Snapshots;
import io.banyan.node.persistence.rdb.RdbAux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * BGREWRITEAOF and friends: a rewrite under concurrent writes of every type produces files that
 * restart into the live dataset, scheduling behind a running snapshot, automatic rewrites, turning
 * the AOF on and off at run time, and failures that leave the old files valid.
 */
class AofRewriteTest {
  // A bound for a busy 2-core machine (the suite runs beside other builds), not an expectation.
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  private Path dir(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name));
  }

  static String info(Jedis j, String field) {
    for (String line : j.info("persistence").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return null;
  }

  static String manifest(Path dir) throws IOException {
    return Files.readString(dir.resolve("appendonlydir").resolve(AofFixtures.MANIFEST));
  }

  /** Starts a node on a copy of dir's AOF (a crash image, taken after WAITAOF) and digests it. */
  private String digestAfterRestart(Path dir, String name) throws Exception {
    Path copy = dir(name);
    Path from = dir.resolve("appendonlydir");
    Path to = Files.createDirectories(copy.resolve("appendonlydir"));
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    try (InProcessNode node = InProcessNode.start(copy, c -> {})) {
      return digest(node.jedis());
    }
  }

  /** DEBUG DIGEST: a hash of the whole dataset, equal on two nodes holding the same data. */
  static String digest(Jedis j) {
    Object r = j.sendCommand(() -> "DEBUG".getBytes(), "DIGEST");
    return r instanceof byte[] b ? new String(b) : String.valueOf(r);
  }

  /** Keys of every type, some with expiries, in two databases. */
  static void populate(Jedis j, int perType) {
    Random r = new Random(7);
    for (int db : new int[] {0, 5}) {
      j.select(db);
      for (int i = 0; i < perType; i++) {
        j.set("s" + i, "value-" + r.nextInt());
        j.rpush("l" + i, "a", "b", "c" + i);
        j.hset("h" + i, Map.of("f1", "v1", "f2", Integer.toString(i)));
        j.sadd("set" + i, "m1", "m2", Integer.toString(i));
        j.sadd("iset" + i, "1", "2", Integer.toString(i + 3));
        j.zadd("z" + i, i + 0.5, "member" + i);
        j.zadd("z" + i, -1.25, "other");
        if (i % 4 == 0) {
          j.expire("s" + i, 3600);
          j.expire("h" + i, 7200);
        }
      }
      // Big collections: many commands per key in a command-format base (64 elements each).
      for (int i = 0; i < 300; i++) {
        j.rpush("biglist", "item" + i);
        j.hset("bighash", "field" + i, "v" + i);
        j.zadd("bigzset", i, "m" + i);
        j.sadd("bigset", "x" + i);
      }
    }
    j.select(0);
  }

  /** Changes keys of every type until stopped; counts its operations. */
  static final class Writer extends Thread {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong ops = new AtomicLong();
    private final int port;
    volatile Throwable failure;

    Writer(int port) {
      super("rewrite-writer");
      this.port = port;
    }

    @Override
    public void run() {
      Random r = new Random(11);
      try (Jedis j = new Jedis("127.0.0.1", port, 20_000)) {
        while (!stop.get()) {
          int db = r.nextBoolean() ? 0 : 5;
          j.select(db);
          int i = r.nextInt(60);
          switch (r.nextInt(11)) {
            case 0 -> j.set("s" + i, "new-" + r.nextInt());
            case 1 -> j.append("s" + i, "+");
            case 2 -> j.lpush("l" + i, "pushed");
            case 3 -> j.rpop("l" + i);
            case 4 -> j.hset("h" + i, "f" + r.nextInt(5), "x");
            case 5 -> j.srem("set" + i, "m1");
            case 6 -> j.zincrby("z" + i, 1.5, "member" + i);
            case 7 -> j.del("iset" + i);
            case 8 -> j.pexpire("h" + i, 3_600_000);
            case 9 -> {
              Transaction tx = j.multi();
              tx.incr("counter");
              tx.sadd("fresh" + i, "a", "b");
              tx.exec();
            }
            default -> j.set("new" + ops.get(), "v");
          }
          ops.incrementAndGet();
        }
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
  @ValueSource(booleans = {true, false})
  void rewriteUnderConcurrentWritesRestartsIntoTheLiveDataset(boolean preamble) throws Exception {
    Path dir = dir("concurrent-" + preamble);
    try (InProcessNode node = InProcessNode.start(dir, c -> c.aofUseRdbPreamble = preamble)) {
      Jedis j = node.jedis();
      populate(j, 60);
      // Slow the snapshot down so that the rewrite is in progress while the writer runs.
      j.configSet("rdb-key-save-delay", "5000");
      Writer writer = new Writer(node.port());
      writer.start();
      await().atMost(WAIT).until(() -> writer.ops.get() > 50);
      assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      long opsAtStart = writer.ops.get();
      assertThat(info(j, "aof_rewrite_in_progress")).isEqualTo("1");
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> info(j, "aof_rewrite_in_progress").equals("0"));
      long opsDuring = writer.ops.get() - opsAtStart;
      writer.stop.set(true);
      writer.join();
      assertThat(writer.failure).isNull();
      assertThat(opsDuring).as("writes while the rewrite ran").isGreaterThan(20);
      assertThat(info(j, "aof_last_bgrewrite_status")).isEqualTo("ok");
      assertThat(info(j, "aof_rewrites")).isEqualTo("1");
      String base = "appendonly.aof.2.base." + (preamble ? "rdb" : "aof");
      assertThat(manifest(dir))
          .isEqualTo(
              "file " + base + " seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
      try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(base, "appendonly.aof.2.incr.aof", AofFixtures.MANIFEST);
      }
      // WAITAOF covers this client's last write, hence everything executed before it (the
      // writer's writes came on another connection).
      j.set("marker", "1");
      assertThat(j.waitAOF(1, 0, 0)).isEqualTo(new redis.clients.jedis.util.KeyValue<>(1L, 0L));
      String live = digest(j);
      assertThat(digestAfterRestart(dir, "restart-" + preamble)).isEqualTo(live);
    }
  }

  @Test
  void rewriteIsScheduledWhileAnotherSnapshotRuns() throws Exception {
    Path dir = dir("scheduled");
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      populate(j, 20);
      j.configSet("rdb-key-save-delay", "2000");
      node.onCommandThread(
          () ->
              Snapshots.startRdb(
                  node.server.engine(), new DiscardSink(), RdbAux.now(0), "test-snapshot"));
      assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting scheduled");
      assertThat(info(j, "aof_rewrite_scheduled")).isEqualTo("1");
      assertThat(info(j, "aof_pending_rewrite")).isEqualTo("1");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  info(j, "aof_rewrites").equals("1")
                      && info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(info(j, "aof_rewrite_scheduled")).isEqualTo("0");
      assertThat(manifest(dir)).contains("appendonly.aof.2.base.rdb");
    }
  }

  @Test
  void aSecondRewriteWhileOneRunsIsRefused() throws Exception {
    Path dir = dir("twice");
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      populate(j, 20);
      j.configSet("rdb-key-save-delay", "10000");
      assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      assertThatThrownBy(j::bgrewriteaof)
          .isInstanceOf(JedisDataException.class)
          .hasMessage("ERR Background append only file rewriting already in progress");
      assertThat(info(j, "aof_current_rewrite_time_sec")).isNotEqualTo("-1");
      await().atMost(WAIT).until(() -> info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(info(j, "aof_current_rewrite_time_sec")).isEqualTo("-1");
      assertThat(info(j, "aof_last_rewrite_time_sec")).isNotEqualTo("-1");
    }
  }

  @Test
  void growthTriggersAnAutomaticRewrite() throws Exception {
    Path dir = dir("auto");
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      // The growth is written with automatic rewrites off, then they are switched on: were they on
      // during the writes, the cron could start one half-way and a second one for the rest, and
      // how many ran would depend on the machine's speed.
      j.configSet("auto-aof-rewrite-percentage", "0");
      j.configSet("auto-aof-rewrite-min-size", "4096");
      for (int i = 0; i < 200; i++) {
        j.set("key" + i, "x".repeat(40));
      }
      j.configSet("auto-aof-rewrite-percentage", "100");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  info(j, "aof_rewrites").equals("1")
                      && info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(node.log()).contains("Starting automatic rewriting of AOF on");
      // The base (an RDB preamble) is far smaller than the commands it replaced.
      long base = Long.parseLong(info(j, "aof_base_size"));
      assertThat(base).isBetween(1000L, 8000L);
      assertThat(Long.parseLong(info(j, "aof_current_size"))).isGreaterThanOrEqualTo(base);
    }
  }

  @Test
  void configSetAppendonlyCreatesTheAofAndStopsIt() throws Exception {
    Path dir = dir("runtime");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendOnly = false)) {
      Jedis j = node.jedis();
      populate(j, 10);
      assertThat(info(j, "aof_enabled")).isEqualTo("0");
      assertThat(Files.exists(dir.resolve("appendonlydir"))).isFalse();
      assertThatThrownBy(() -> j.waitAOF(1, 0, 0)).hasMessage(AofPersistence.WAITAOF_WITHOUT_AOF);
      j.configSet("appendonly", "yes");
      assertThat(info(j, "aof_enabled")).isEqualTo("1");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  info(j, "aof_rewrites").equals("1")
                      && info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(manifest(dir))
          .isEqualTo(
              "file appendonly.aof.1.base.rdb seq 1 type b\n"
                  + "file appendonly.aof.1.incr.aof seq 1 type i\n");
      j.set("after", "on");
      j.select(5);
      j.lpush("after-list", "x");
      assertThat(j.waitAOF(1, 0, 0).getKey()).isEqualTo(1L);
      String live = digest(j);
      assertThat(digestAfterRestart(dir, "runtime-restart")).isEqualTo(live);

      j.configSet("appendonly", "no");
      assertThat(info(j, "aof_enabled")).isEqualTo("0");
      assertThat(info(j, "aof_current_size")).isNull();
      Path incr = dir.resolve("appendonlydir").resolve(AofFixtures.INCR);
      await().atMost(WAIT).until(() -> Files.size(incr) > 0);
      long size = Files.size(incr);
      j.set("while-off", "1");
      assertThat(j.bgrewriteaof()).isNotNull(); // still allowed while off
      await().atMost(WAIT).until(() -> info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(Files.exists(incr)).isFalse(); // history of the rewrite made while off
      assertThat(manifest(dir)).isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\n");
      assertThat(size).isGreaterThan(0);
    }
  }

  @Test
  void bgrewriteaofWithTheAofOffWritesABaseAndAManifestLikeRedis() throws Exception {
    Path dir = dir("off");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendOnly = false)) {
      Jedis j = node.jedis();
      j.set("k", "v");
      assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  info(j, "aof_rewrites").equals("1")
                      && info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(manifest(dir)).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n");
    }
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      assertThat(node.jedis().get("k")).isEqualTo("v");
    }
  }

  @Test
  void aFailedRewriteLeavesTheOldFilesValid() throws Exception {
    Path dir = dir("failure");
    Path aofDir = dir.resolve("appendonlydir");
    Path moved = dir.resolve("moved");
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      populate(j, 30);
      // Slow enough (about half a second) for the directory to go while the snapshot runs.
      j.configSet("rdb-key-save-delay", "20000");
      assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(2))
          .until(() -> manifest(dir).contains("incr.aof seq 2"));
      assertThat(info(j, "aof_rewrite_in_progress")).isEqualTo("1");
      // The directory disappears under the rewrite: its base file can't be put in place.
      Files.move(aofDir, moved);
      j.set("during", "failure");
      await().atMost(WAIT).until(() -> info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(info(j, "aof_last_bgrewrite_status")).isEqualTo("err");
      assertThat(info(j, "aof_rewrites_consecutive_failures")).isEqualTo("1");
      assertThat(node.log()).contains("Background AOF rewrite terminated with error");
      Files.move(moved, aofDir);
      j.set("after", "failure");
      assertThat(j.waitAOF(1, 0, 0).getKey()).isEqualTo(1L);
      String live = digest(j);
      // The old manifest (old base, both incremental files) still loads everything.
      assertThat(manifest(dir))
          .isEqualTo(
              "file appendonly.aof.1.base.rdb seq 1 type b\n"
                  + "file appendonly.aof.1.incr.aof seq 1 type i\n"
                  + "file appendonly.aof.2.incr.aof seq 2 type i\n");
      assertThat(digestAfterRestart(dir, "failure-restart")).isEqualTo(live);
      // And the next rewrite succeeds and resets the failure count.
      j.configSet("rdb-key-save-delay", "0");
      assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
      await().atMost(WAIT).until(() -> info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(info(j, "aof_last_bgrewrite_status")).isEqualTo("ok");
      assertThat(info(j, "aof_rewrites_consecutive_failures")).isEqualTo("0");
      assertThat(manifest(dir))
          .isEqualTo(
              // (sequence numbers are never reused, even those of a failed attempt)
              "file appendonly.aof.3.base.rdb seq 3 type b\n"
                  + "file appendonly.aof.3.incr.aof seq 3 type i\n");
      assertThat(digestAfterRestart(dir, "failure-restart-2")).isEqualTo(live);
    }
  }

  @Test
  void bgrewriteaofMetadataMatchesRedis() throws Exception {
    Path dir = dir("metadata");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendOnly = false)) {
      Jedis j = node.jedis();
      assertThatThrownBy(() -> j.sendCommand(() -> "BGREWRITEAOF".getBytes(), "x"))
          .hasMessage("ERR wrong number of arguments for 'bgrewriteaof' command");
      List<Object> info =
          (List<Object>)
              ((List<?>)
                      j.sendCommand(
                          redis.clients.jedis.Protocol.Command.COMMAND, "INFO", "bgrewriteaof"))
                  .get(0);
      assertThat(info.get(1)).isEqualTo(1L);
    }
  }

  /** A snapshot destination that keeps nothing. */
  static final class DiscardSink implements ByteSink {
    @Override
    public void write(byte[] bytes, int offset, int length) {}

    @Override
    public void commit() {}

    @Override
    public void abandon() {}
  }
}
