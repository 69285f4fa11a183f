package io.banyan.node.persistence;

import static io.banyan.node.persistence.RdbTestSupport.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A background save that cannot write its file: the status turns to err, and with save rules and
 * stop-writes-on-bgsave-error the node refuses writes (and PING, as Redis 7.0) with MISCONF while
 * reads go on; a later successful save — by hand or the save rules' retry after 5 seconds — lifts
 * it. The directory is made unusable by removing it (chmod would not stop root, which CI runs as).
 */
class RdbSaveErrorTest extends ServerTestBase {
  @Override
  protected void configure(ServerConfig config) {
    config.enableProtectedConfigs = "yes";
  }

  @AfterEach
  void restore() throws Exception {
    Jedis j = jedis();
    j.configSet("dir", dataDir.toString());
    j.configSet("save", "");
    j.configSet("stop-writes-on-bgsave-error", "yes");
    assertThat(j.save()).isEqualTo("OK");
  }

  /** Points dir at a directory that then disappears; returns it. */
  private Path vanishingDir(Jedis j) throws Exception {
    Path dir = Files.createTempDirectory(dataDir, "gone-");
    j.configSet("dir", dir.toString());
    Files.delete(dir);
    return dir;
  }

  private void failABackgroundSave(Jedis j, RespClient c) {
    assertThat(c.call("BGSAVE")).isEqualTo("Background saving started");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> info(j, "rdb_bgsave_in_progress").equals("0"));
    assertThat(info(j, "rdb_last_bgsave_status")).isEqualTo("err");
  }

  @Test
  void aFailedBgsaveRefusesWritesWithMisconfUntilASaveSucceeds() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    j.set("kept", "1");
    j.configSet("save", "3600 1");
    Path dir = vanishingDir(j);

    failABackgroundSave(j, c);

    Object refused = c.call("SET", "k", "v");
    assertThat(refused).isInstanceOf(RespClient.Err.class);
    assertThat(((RespClient.Err) refused).message()).startsWith("MISCONF ");
    assertThat(c.call("DEL", "kept")).isInstanceOf(RespClient.Err.class);
    assertThat(c.call("PING")).isEqualTo(refused); // Redis 7.0 refuses PING too
    assertThat(RespClient.str(c.call("GET", "kept"))).isEqualTo("1");
    assertThat(c.call("DBSIZE")).isEqualTo(1L);
    assertThat(RespClient.str(c.call("INFO", "persistence")))
        .contains("rdb_last_bgsave_status:err");
    c.call("MULTI");
    assertThat(c.call("INCR", "kept")).isEqualTo(refused);
    assertThat(c.call("EXEC"))
        .isEqualTo(
            new RespClient.Err("EXECABORT Transaction discarded because of previous errors."));
    // A failed SAVE answers a bare ERR and changes nothing.
    assertThat(c.call("SAVE")).isEqualTo(new RespClient.Err("ERR"));
    assertThat(c.call("SET", "k", "v")).isEqualTo(refused);

    // Without the option, or without save rules, writes are accepted despite the failure.
    j.configSet("stop-writes-on-bgsave-error", "no");
    assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
    j.configSet("stop-writes-on-bgsave-error", "yes");
    j.configSet("save", "");
    assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
    j.configSet("save", "3600 1");
    assertThat(c.call("SET", "k", "v")).isEqualTo(refused);

    Files.createDirectory(dir);
    assertThat(c.call("BGSAVE")).isEqualTo("Background saving started");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> info(j, "rdb_last_bgsave_status").equals("ok"));
    assertThat(c.call("SET", "k", "v2")).isEqualTo("OK");
    assertThat(c.call("PING")).isEqualTo("PONG");
    assertThat(RdbTestSupport.readFile(dir.resolve("dump.rdb"))).containsKeys("0/kept", "0/k");
  }

  @Test
  void aSuccessfulSaveLiftsMisconf() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    j.configSet("save", "3600 1");
    Path dir = vanishingDir(j);
    failABackgroundSave(j, c);
    assertThat(c.call("SET", "k", "v")).isInstanceOf(RespClient.Err.class);

    Files.createDirectory(dir);
    assertThat(c.call("SAVE")).isEqualTo("OK");

    assertThat(info(j, "rdb_last_bgsave_status")).isEqualTo("ok");
    assertThat(c.call("SET", "k", "v")).isEqualTo("OK");
  }

  @Test
  void theSaveRulesRetryAFailedSaveAfterTheirDelayAndRecover() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    Path dir = vanishingDir(j);
    j.set("a", "1");
    j.configSet("save", "1 1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> info(j, "rdb_last_bgsave_status").equals("err"));
    long saves = Long.parseLong(info(j, "rdb_saves"));
    assertThat(c.call("SET", "b", "2")).isInstanceOf(RespClient.Err.class);

    Files.createDirectory(dir);

    // The cron tries again once the retry delay has passed, and writes resume by themselves.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> info(j, "rdb_last_bgsave_status").equals("ok"));
    assertThat(Long.parseLong(info(j, "rdb_saves"))).isGreaterThan(saves);
    assertThat(c.call("SET", "b", "2")).isEqualTo("OK");
    assertThat(RdbTestSupport.readFile(dir.resolve("dump.rdb"))).containsKey("0/a");
  }

  @Test
  void aDirThatIsARegularFileFailsTheSaveWithoutStoppingTheNode() throws Exception {
    Jedis j = jedis();
    RespClient c = resp();
    Path notADir = dataDir.resolve("plain-file");
    Files.writeString(notADir, "x");
    j.configSet("dbfilename", "dump.rdb");
    // dir must be a directory at CONFIG SET time; point into the file via a directory that is
    // then replaced by a regular file.
    Path dir = Files.createTempDirectory(dataDir, "becomes-file-");
    j.configSet("dir", dir.toString());
    Files.delete(dir);
    Files.move(notADir, dir);
    j.configSet("save", "3600 1");

    failABackgroundSave(j, c);
    assertThat(c.call("GET", "anything")).isNull();
    assertThat(c.call("SET", "k", "v")).isInstanceOf(RespClient.Err.class);
    Files.delete(dir);
  }
}
