package io.banyan.node.persistence.aof;

import static io.banyan.node.persistence.aof.AofRewriteTest.digest;
import static io.banyan.node.persistence.aof.AofRewriteTest.info;
import static io.banyan.node.persistence.aof.AofRewriteTest.populate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * AOF directories move between redis-server 7.0 and this node in both directions (bases with and
 * without an RDB preamble, incremental files, transactions, expiries), and a Redis 6 single-file
 * AOF is upgraded to the directory layout as Redis 7.0 does it.
 */
class AofRedisInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  /** Writes that land in an incremental file after the base: several dbs, MULTI, expiries. */
  private static void moreWrites(Jedis j, String tag) {
    j.select(0);
    j.set("tag", tag);
    j.setex("volatile-" + tag, 3600, "v");
    j.rpush("biglist", tag);
    Transaction tx = j.multi();
    tx.incr("counter");
    tx.hset("bighash", "tx-" + tag, "1");
    tx.exec();
    j.select(7);
    j.zadd("z-" + tag, 2.5, "m");
    j.sadd("s-" + tag, "1", "2", "3");
    j.pexpire("s-" + tag, 7_200_000);
    j.select(0);
  }

  @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
  @ValueSource(booleans = {true, false})
  void redisAofLoadsHereAndOursLoadsBackIntoRedis(boolean preamble) throws Exception {
    String redisDigest;
    try (RedisServerProcess redis =
        RedisServerProcess.start(
            dir,
            "--appendonly",
            "yes",
            "--aof-use-rdb-preamble",
            yesNo(preamble),
            "--enable-debug-command",
            "yes")) {
      Jedis r = redis.jedis();
      populate(r, 30);
      r.bgrewriteaof();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  info(r, "aof_rewrite_in_progress").equals("0")
                      && info(r, "aof_rewrite_scheduled").equals("0")
                      && info(r, "aof_rewrites").equals("1"));
      moreWrites(r, "redis");
      redisDigest = digest(r);
    } // SIGTERM: Redis fsyncs the AOF and exits
    String base = "appendonly.aof.2.base." + (preamble ? "rdb" : "aof");
    assertThat(AofRewriteTest.manifest(dir))
        .isEqualTo("file " + base + " seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");

    String ourDigest;
    try (InProcessNode node = InProcessNode.start(dir, c -> c.aofUseRdbPreamble = preamble)) {
      Jedis j = node.jedis();
      assertThat(digest(j)).isEqualTo(redisDigest);
      // Continue the same files, then rewrite them in our own format as well.
      moreWrites(j, "ours-1");
      j.bgrewriteaof();
      await().atMost(WAIT).until(() -> info(j, "aof_rewrite_in_progress").equals("0"));
      assertThat(info(j, "aof_last_bgrewrite_status")).isEqualTo("ok");
      moreWrites(j, "ours-2");
      ourDigest = digest(j);
    }
    assertThat(ourDigest).isNotEqualTo(redisDigest);
    try (RedisServerProcess redis =
        RedisServerProcess.start(dir, "--appendonly", "yes", "--enable-debug-command", "yes")) {
      assertThat(digest(redis.jedis())).as(redis.log()).isEqualTo(ourDigest);
      assertThat(redis.log()).contains("DB loaded from append only file");
    }
  }

  @Test
  void legacySingleFileAofIsMovedIntoTheDirectoryAndRedisReadsTheResult() throws Exception {
    Files.write(
        dir.resolve("appendonly.aof"),
        AofFixtures.concat(
            AofFixtures.command("SELECT", "0"),
            AofFixtures.command("SET", "old", "style"),
            AofFixtures.command("SELECT", "4"),
            AofFixtures.command("RPUSH", "l", "a", "b")));
    String ours;
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      assertThat(j.get("old")).isEqualTo("style");
      j.set("new", "1");
      ours = digest(j);
      assertThat(node.log())
          .contains(
              "Successfully migrated an old-style AOF file (appendonly.aof) into the AOF directory"
                  + " (appendonlydir).");
    }
    assertThat(Files.exists(dir.resolve("appendonly.aof"))).isFalse();
    assertThat(Files.exists(dir.resolve("appendonlydir").resolve("appendonly.aof"))).isTrue();
    assertThat(AofRewriteTest.manifest(dir))
        .isEqualTo(
            "file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    try (RedisServerProcess redis =
        RedisServerProcess.start(dir, "--appendonly", "yes", "--enable-debug-command", "yes")) {
      assertThat(digest(redis.jedis())).isEqualTo(ours);
    }
  }

  @Test
  void legacyFileWithAnRdbPreambleFollowedByCommandsLoads() throws Exception {
    Path redisDir = Files.createDirectories(dir.resolve("redis"));
    String expected;
    byte[] preamble;
    try (RedisServerProcess redis =
        RedisServerProcess.start(
            redisDir, "--appendonly", "yes", "--enable-debug-command", "yes")) {
      Jedis r = redis.jedis();
      populate(r, 5);
      r.bgrewriteaof();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  info(r, "aof_rewrites").equals("1")
                      && info(r, "aof_rewrite_in_progress").equals("0"));
      preamble =
          Files.readAllBytes(
              redisDir.resolve("appendonlydir").resolve("appendonly.aof.2.base.rdb"));
      r.set("tail", "1");
      expected = digest(r);
    }
    Path ours = Files.createDirectories(dir.resolve("ours"));
    Files.write(
        ours.resolve("appendonly.aof"),
        AofFixtures.concat(
            preamble, AofFixtures.command("SELECT", "0"), AofFixtures.command("SET", "tail", "1")));
    try (InProcessNode node = InProcessNode.start(ours, c -> {})) {
      assertThat(digest(node.jedis())).isEqualTo(expected);
      assertThat(node.log()).contains("Reading the remaining AOF tail");
    }
  }
}
