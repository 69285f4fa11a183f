package io.banyan.node.persistence;

import static io.banyan.node.persistence.RdbTestSupport.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RedisServerProcess;
import io.banyan.node.testing.ServerTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The point of a background save: while writers modify, delete, create, rename and move keys of
 * every type (and, in one variant, FLUSHDB and SWAPDB whole databases) the file still holds exactly
 * the dataset of the moment BGSAVE ran. That moment is pinned with CLIENT PAUSE WRITE: the writers
 * are held while the test reads everything and issues BGSAVE, then released into the running save.
 * rdb-key-save-delay stretches the save over thousands of writes. The file must also pass
 * redis-check-rdb and load into a real redis-server with the same DEBUG DIGEST.
 */
class BgsaveConcurrentWritesTest extends ServerTestBase {
  private static final int DBS = 4;
  private static final int KEYS_PER_DB = 1500;
  private static final Duration PAUSE = Duration.ofSeconds(30);

  @Override
  protected void configure(ServerConfig config) {
    config.rdbKeySaveDelayMicros = 2000;
  }

  @Test
  void theFileHoldsTheDatasetOfTheMomentBgsaveRanWhileKeysChange() throws Exception {
    runScenario(false);
  }

  @Test
  void flushdbAndSwapdbDuringTheSaveDoNotLeakIntoTheFile() throws Exception {
    runScenario(true);
  }

  private void runScenario(boolean wholeDatabaseOps) throws Exception {
    Jedis control = jedis();
    for (int db = 0; db < DBS; db++) {
      RdbTestSupport.populate(control, db, KEYS_PER_DB, 100 + db);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong ops = new AtomicLong();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      // The pause below holds their writes while everything is read back; on a loaded machine that
      // takes longer than the default timeout, but never longer than the pause itself.
      Jedis j = jedis(PAUSE.plusSeconds(30));
      long seed = w + (wholeDatabaseOps ? 50 : 0);
      Thread t =
          new Thread(
              () -> {
                Random r = new Random(seed);
                try {
                  while (!stop.get()) {
                    RandomWrites.one(j, r, DBS, KEYS_PER_DB, wholeDatabaseOps);
                    ops.incrementAndGet();
                  }
                } catch (Throwable e) {
                  writerFailure.set(e);
                }
              },
              "writer-" + w);
      writers.add(t);
      t.start();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> ops.get() > 500);

    // The moment: writers held, everything read, BGSAVE issued, writers released into the save.
    control.clientPause(PAUSE.toMillis(), redis.clients.jedis.args.ClientPauseMode.WRITE);
    String expectedDigest = RdbTestSupport.digest(control);
    Map<String, String> expected = RdbTestSupport.readServer(control, DBS);
    assertThat(control.bgsave()).isEqualTo("Background saving started");
    long opsAtStart = ops.get();
    RdbTestSupport.command(control, "CLIENT", "UNPAUSE");

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> info(control, "rdb_bgsave_in_progress").equals("0"));
    long opsDuringSave = ops.get() - opsAtStart;
    stop.set(true);
    for (Thread t : writers) {
      t.join(10_000);
    }
    assertThat(writerFailure.get()).isNull();
    assertThat(info(control, "rdb_last_bgsave_status")).isEqualTo("ok");
    // The save really ran alongside the writers, and had to capture entries before they changed.
    assertThat(opsDuringSave).isGreaterThan(200);
    assertThat(Long.parseLong(info(control, "rdb_last_cow_size"))).isPositive();

    Path file = dataDir.resolve("dump.rdb");
    Map<String, String> saved = RdbTestSupport.readFile(file);
    RdbTestSupport.assertSameDataset(saved, expected, "the file against the dataset at BGSAVE");
    // The live dataset did move on, so the equality above is not trivial.
    assertThat(RdbTestSupport.readServer(control, DBS)).isNotEqualTo(expected);

    RdbTestSupport.assertRedisCheckRdbAccepts(file);
    Path redisDir = Files.createTempDirectory("banyan-redis-");
    Files.copy(file, redisDir.resolve("dump.rdb"));
    try (RedisServerProcess redis =
        RedisServerProcess.start(
            redisDir, "--dbfilename", "dump.rdb", "--enable-debug-command", "yes")) {
      Jedis rj = redis.jedis();
      assertThat(RdbTestSupport.digest(rj)).isEqualTo(expectedDigest);
      RdbTestSupport.assertSameDataset(
          RdbTestSupport.readServer(rj, DBS), expected, "redis-server loaded from the file");
    }
  }
}
