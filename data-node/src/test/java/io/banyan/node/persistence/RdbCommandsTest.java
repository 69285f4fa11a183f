package io.banyan.node.persistence;

import static io.banyan.node.persistence.RdbTestSupport.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.persistence.rdb.RdbAux;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * SAVE, BGSAVE [SCHEDULE], LASTSAVE, DEBUG RELOAD and FLUSHALL's save: replies and errors as Redis
 * 7.0 gives them, the files they write, and the INFO persistence fields before, during and after.
 */
class RdbCommandsTest extends ServerTestBase {
  @Override
  protected void configure(ServerConfig config) {
    config.enableProtectedConfigs = "yes";
  }

  @AfterEach
  void resetPersistenceConfig() {
    Jedis j = jedis();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
    j.configSet("save", "");
    j.configSet("rdb-key-save-delay", "0");
    j.configSet("dbfilename", "dump.rdb");
  }

  private Path file(String name) {
    return dataDir.resolve(name);
  }

  @Test
  void saveWritesTheDatasetAndMovesLastsave() throws Exception {
    Jedis j = jedis();
    j.configSet("dbfilename", "save.rdb");
    j.set("a", "1");
    j.rpush("l", "x", "y");
    long saves = Long.parseLong(info(j, "rdb_saves"));
    assertThat(info(j, "rdb_changes_since_last_save")).isNotEqualTo("0");
    long before = System.currentTimeMillis() / 1000;

    assertThat(j.save()).isEqualTo("OK");

    assertThat(RdbTestSupport.readFile(file("save.rdb")))
        .containsOnlyKeys("0/a", "0/l")
        .containsEntry("0/a", "string:31 expire=-1")
        .containsEntry("0/l", "list:[x, y] expire=-1");
    assertThat(j.lastsave()).isBetween(before, System.currentTimeMillis() / 1000);
    assertThat(info(j, "rdb_last_save_time")).isEqualTo(Long.toString(j.lastsave()));
    assertThat(info(j, "rdb_changes_since_last_save")).isEqualTo("0");
    assertThat(Long.parseLong(info(j, "rdb_saves"))).isEqualTo(saves + 1);
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("temp-"));
    }
  }

  @Test
  void bgsaveRepliesAndReportsItsProgress() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    j.configSet("dbfilename", "bg.rdb");
    c.call("DEBUG", "POPULATE", "3000");
    j.configSet("rdb-key-save-delay", "3000");
    long saves = Long.parseLong(info(j, "rdb_saves"));

    assertThat(c.call("BGSAVE")).isEqualTo("Background saving started");

    assertThat(info(j, "rdb_bgsave_in_progress")).isEqualTo("1");
    assertThat(info(j, "current_save_keys_total")).isEqualTo("3000");
    assertThat(Long.parseLong(info(j, "rdb_current_bgsave_time_sec"))).isNotNegative();
    assertThat(Long.parseLong(info(j, "rdb_saves"))).isEqualTo(saves + 1);
    String inProgress = "ERR Background save already in progress";
    assertThat(c.call("BGSAVE")).isEqualTo(new RespClient.Err(inProgress));
    assertThat(c.call("BGSAVE", "SCHEDULE")).isEqualTo(new RespClient.Err(inProgress));
    assertThat(c.call("SAVE")).isEqualTo(new RespClient.Err(inProgress));
    // Writes during the save are not in the file, so they still count once it is done.
    j.set("during1", "x");
    j.set("during2", "x");
    String[] deleted = new String[50];
    for (int i = 0; i < deleted.length; i++) {
      deleted[i] = "key:" + i * 60;
    }
    j.del(deleted);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
    assertThat(info(j, "rdb_last_bgsave_status")).isEqualTo("ok");
    assertThat(info(j, "rdb_changes_since_last_save")).isEqualTo("52");
    assertThat(Long.parseLong(info(j, "rdb_last_bgsave_time_sec"))).isNotNegative();
    assertThat(info(j, "rdb_current_bgsave_time_sec")).isEqualTo("-1");
    assertThat(info(j, "current_save_keys_total")).isEqualTo("0");
    assertThat(info(j, "current_fork_perc")).isEqualTo("0.00");
    // Keys deleted before the walk reached them were captured first: not all 50 can have been
    // walked within the first milliseconds of a save stretched over hundreds.
    assertThat(Long.parseLong(info(j, "rdb_last_cow_size"))).isPositive();
    Map<String, String> saved = RdbTestSupport.readFile(file("bg.rdb"));
    assertThat(saved).hasSize(3000).containsKey("0/key:0").doesNotContainKey("0/during1");
  }

  @Test
  void bgsaveArgumentsAndArityAreChecked() {
    RespClient c = resp();
    assertThat(c.call("BGSAVE", "NOW")).isEqualTo(new RespClient.Err("ERR syntax error"));
    assertThat(c.call("BGSAVE", "SCHEDULE", "X")).isEqualTo(new RespClient.Err("ERR syntax error"));
    assertThat(c.call("SAVE", "X"))
        .isEqualTo(new RespClient.Err("ERR wrong number of arguments for 'save' command"));
    assertThat(c.call("LASTSAVE", "X"))
        .isEqualTo(new RespClient.Err("ERR wrong number of arguments for 'lastsave' command"));
  }

  @Test
  void insideMultiSaveIsRefusedAndBgsaveIsScheduled() {
    RespClient c = resp();
    Jedis j = jedis();
    j.configSet("dbfilename", "multi.rdb");
    j.set("k", "v");
    long saves = Long.parseLong(info(j, "rdb_saves"));
    c.call("MULTI");
    assertThat(c.call("SAVE"))
        .isEqualTo(new RespClient.Err("ERR Command not allowed inside a transaction"));
    c.call("DISCARD");

    c.call("MULTI");
    c.call("BGSAVE");
    assertThat(c.call("EXEC")).isEqualTo(List.of("Background saving scheduled"));

    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file("multi.rdb")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
    assertThat(Long.parseLong(info(j, "rdb_saves"))).isEqualTo(saves + 1);
  }

  @Test
  void bgsaveScheduleWaitsForAnotherSnapshotToEnd() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    j.configSet("dbfilename", "scheduled.rdb");
    c.call("DEBUG", "POPULATE", "2000");
    j.configSet("rdb-key-save-delay", "3000");
    // Stands for an AOF rewrite or a replica's full sync: another owner of the keyspace snapshot.
    Path other = file("other-snapshot.rdb");
    SnapshotRunner foreign =
        server.onCommandThread(
            () ->
                Snapshots.startRdb(
                    server.engine(), new FileSink(other), RdbAux.now(0), "test-snapshot"));

    assertThat(c.call("BGSAVE"))
        .isEqualTo(
            new RespClient.Err(
                "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE"
                    + " SCHEDULE in order to schedule a BGSAVE whenever possible."));
    assertThat(c.call("BGSAVE", "SCHEDULE")).isEqualTo("Background saving scheduled");
    assertThat(info(j, "rdb_bgsave_in_progress")).isEqualTo("0");
    assertThat(info(j, "current_save_keys_total")).isEqualTo("2000"); // the other snapshot's
    assertThat(Files.exists(file("scheduled.rdb"))).isFalse();

    foreign.result().get(60, java.util.concurrent.TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(file("scheduled.rdb")));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
    assertThat(RdbTestSupport.readFile(file("scheduled.rdb"))).hasSize(2000);
  }

  @Test
  void aSaveRuleStartsABackgroundSaveFromTheCron() {
    Jedis j = jedis();
    j.configSet("dbfilename", "cron.rdb");
    j.configSet("save", "1 2");
    j.set("a", "1");
    j.set("b", "2");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(file("cron.rdb")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
    assertThat(info(j, "rdb_last_bgsave_status")).isEqualTo("ok");
    assertThat(info(j, "rdb_changes_since_last_save")).isEqualTo("0");
  }

  @Test
  void debugReloadSavesFlushesAndLoadsBack() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    j.configSet("dbfilename", "reload.rdb");
    RdbTestSupport.populate(j, 0, 300, 7);
    RdbTestSupport.populate(j, 3, 100, 8);
    String digest = RdbTestSupport.digest(j);
    Map<String, String> before = RdbTestSupport.readServer(j, 16);

    assertThat(c.call("DEBUG", "RELOAD")).isEqualTo("OK");

    assertThat(RdbTestSupport.digest(j)).isEqualTo(digest);
    assertThat(RdbTestSupport.readServer(j, 16)).isEqualTo(before);
    assertThat(info(j, "rdb_changes_since_last_save")).isEqualTo("0");
    assertThat(info(j, "rdb_last_load_keys_loaded")).isEqualTo(Integer.toString(before.size()));

    // NOSAVE loads the file as it is: later changes are gone.
    j.set("k0:0", "changed");
    j.set("brand-new", "x");
    assertThat(c.call("DEBUG", "RELOAD", "NOSAVE")).isEqualTo("OK");
    assertThat(RdbTestSupport.digest(j)).isEqualTo(digest);

    // NOFLUSH without MERGE: every key of the file is already there.
    assertThat(c.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"))
        .isEqualTo(new RespClient.Err("ERR Error trying to load the RDB dump, check server logs."));
    j.flushAll();
    j.set("only-here", "x");
    assertThat(c.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE")).isEqualTo("OK");
    assertThat(j.get("only-here")).isEqualTo("x");
    assertThat(j.dbSize()).isEqualTo(301);
    assertThat(c.call("DEBUG", "RELOAD", "FAST"))
        .isEqualTo(
            new RespClient.Err(
                "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options."));
  }

  @Test
  void flushallWithSaveRulesSavesTheEmptyDatasetAndAbortsARunningBgsave() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    j.configSet("dbfilename", "flushall.rdb");
    c.call("DEBUG", "POPULATE", "3000");
    j.configSet("save", "3600 1");
    j.configSet("rdb-key-save-delay", "5000");
    assertThat(c.call("BGSAVE")).isEqualTo("Background saving started");

    assertThat(j.flushAll()).isEqualTo("OK");

    // The stale image is abandoned at once; the file now holds the empty dataset.
    assertThat(info(j, "rdb_bgsave_in_progress")).isEqualTo("0");
    assertThat(info(j, "rdb_last_bgsave_status")).isEqualTo("ok");
    assertThat(info(j, "rdb_changes_since_last_save")).isEqualTo("0");
    assertThat(RdbTestSupport.readFile(file("flushall.rdb"))).isEmpty();
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("temp-"));
    }
    // The keyspace is free for the next save right away.
    j.set("after", "1");
    assertThat(c.call("BGSAVE")).isEqualTo("Background saving started");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
    assertThat(RdbTestSupport.readFile(file("flushall.rdb"))).containsOnlyKeys("0/after");
  }

  @Test
  void flushallWithoutSaveRulesWritesNothing() {
    Jedis j = jedis();
    j.configSet("dbfilename", "never.rdb");
    j.set("a", "1");
    assertThat(j.flushAll()).isEqualTo("OK");
    assertThat(Files.exists(file("never.rdb"))).isFalse();
  }

  @Test
  void infoReportsTheRdbFieldsInRedisOrder() {
    String section = jedis().info("persistence");
    List<String> names =
        section
            .lines()
            .filter(l -> l.contains(":"))
            .map(l -> l.substring(0, l.indexOf(':')))
            .filter(n -> n.startsWith("rdb_") || n.startsWith("current_"))
            .toList();
    assertThat(names)
        .containsExactly(
            "current_cow_peak",
            "current_cow_size",
            "current_cow_size_age",
            "current_fork_perc",
            "current_save_keys_processed",
            "current_save_keys_total",
            "rdb_changes_since_last_save",
            "rdb_bgsave_in_progress",
            "rdb_last_save_time",
            "rdb_last_bgsave_status",
            "rdb_last_bgsave_time_sec",
            "rdb_current_bgsave_time_sec",
            "rdb_saves",
            "rdb_last_cow_size",
            "rdb_last_load_keys_expired",
            "rdb_last_load_keys_loaded");
  }
}
