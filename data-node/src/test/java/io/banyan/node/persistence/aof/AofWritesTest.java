package io.banyan.node.persistence.aof;

import static io.banyan.node.persistence.aof.AofRewriteTest.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.RedisServerProcess;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.util.KeyValue;

/**
 * The write path seen from clients: the RESP the incremental file receives, replies under
 * appendfsync always (held until fsynced, still in order), WAITAOF, and INFO persistence.
 */
class AofWritesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  private Path dir(String name) throws Exception {
    return Files.createDirectories(tmp.resolve(name));
  }

  @Test
  void incrementalFileHoldsTheCommandsInRespWithSelectWhenTheDatabaseChanges() throws Exception {
    Path dir = dir("resp");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendFsync = "always")) {
      RespClient c = new RespClient("127.0.0.1", node.port());
      c.call("set", "a", "1");
      c.call("select", "2");
      c.call("lpush", "l", "x", "y");
      c.call("set", "e", "v", "ex", "100");
      c.call("get", "a"); // reads are not logged
      c.call("select", "0");
      c.call("multi");
      c.call("incr", "n");
      c.call("incr", "n");
      c.call("exec");
      c.close();
      String incr =
          Files.readString(
              dir.resolve("appendonlydir").resolve(AofFixtures.INCR), StandardCharsets.UTF_8);
      String expectedHead =
          new String(
                  AofFixtures.concat(
                      AofFixtures.command("SELECT", "0"),
                      AofFixtures.command("set", "a", "1"),
                      AofFixtures.command("SELECT", "2"),
                      AofFixtures.command("lpush", "l", "x", "y")),
                  StandardCharsets.UTF_8)
              // SET ... EX is logged with an absolute time, as Redis 7.0 does
              + "*5\r\n$3\r\nSET\r\n$1\r\ne\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n";
      String expectedTail =
          new String(
              AofFixtures.concat(
                  AofFixtures.command("SELECT", "0"),
                  AofFixtures.command("MULTI"),
                  AofFixtures.command("incr", "n"),
                  AofFixtures.command("incr", "n"),
                  AofFixtures.command("EXEC")),
              StandardCharsets.UTF_8);
      assertThat(incr).startsWith(expectedHead);
      assertThat(incr).endsWith(expectedTail);
    }
  }

  @Test
  void alwaysRepliesInOrderToPipelinesAndBeforeClosingOnQuit() throws Exception {
    Path dir = dir("always");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendFsync = "always")) {
      List<CompletableFuture<List<Object>>> clients = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        clients.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try (Jedis j = new Jedis("127.0.0.1", node.port(), 20_000)) {
                    Pipeline p = j.pipelined();
                    for (int i = 0; i < 500; i++) {
                      p.set("p" + id + ":" + i, Integer.toString(i));
                      p.incr("counter" + id);
                      p.get("p" + id + ":" + i);
                    }
                    return p.syncAndReturnAll();
                  }
                }));
      }
      for (int t = 0; t < clients.size(); t++) {
        List<Object> replies = clients.get(t).get(60, TimeUnit.SECONDS);
        assertThat(replies).hasSize(1500);
        for (int i = 0; i < 500; i++) {
          assertThat(replies.get(3 * i)).isEqualTo("OK");
          assertThat(replies.get(3 * i + 1)).isEqualTo((long) i + 1);
          assertThat(replies.get(3 * i + 2)).isEqualTo(Integer.toString(i));
        }
      }
      RespClient c = new RespClient("127.0.0.1", node.port());
      c.send("set", "q", "1");
      c.send("quit");
      assertThat(c.read()).isEqualTo("OK");
      assertThat(c.read()).isEqualTo("OK");
      assertThat(c.isClosedByServer()).isTrue();
      c.close();
      assertThat(info(node.jedis(), "aof_last_write_status")).isEqualTo("ok");
    }
  }

  @Test
  void waitaofAnswersOnceTheClientsWritesAreFsynced() throws Exception {
    Path dir = dir("waitaof");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendFsync = "everysec")) {
      Jedis j = node.jedis();
      assertThat(j.waitAOF(1, 0, 0)).isEqualTo(new KeyValue<>(1L, 0L)); // nothing written yet
      j.set("k", "v");
      assertThat(j.waitAOF(1, 0, 0)).isEqualTo(new KeyValue<>(1L, 0L));
      assertThat(j.waitAOF(0, 0, 0)).isEqualTo(new KeyValue<>(1L, 0L));
      // No replica can acknowledge: the wait ends at the timeout with what was reached.
      long start = System.nanoTime();
      assertThat(j.waitAOF(1, 1, 200)).isEqualTo(new KeyValue<>(1L, 0L));
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(150_000_000L);
      // Inside MULTI it never blocks.
      RespClient c = new RespClient("127.0.0.1", node.port());
      c.call("multi");
      c.call("waitaof", "1", "1", "0");
      assertThat(c.call("exec")).isEqualTo(List.of(List.of(1L, 0L)));
      c.close();
    }
  }

  @Test
  void waitaofArgumentErrorsAsRedis() throws Exception {
    Path dir = dir("waitaof-errors");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendOnly = false)) {
      RespClient c = new RespClient("127.0.0.1", node.port());
      assertThat(c.call("waitaof", "1", "0", "0"))
          .isEqualTo(
              new Err(
                  "ERR WAITAOF cannot be used when numlocal is set but appendonly is"
                      + " disabled."));
      assertThat(c.call("waitaof", "0", "0", "0")).isEqualTo(List.of(0L, 0L));
      assertThat(c.call("waitaof", "2", "0", "0"))
          .isEqualTo(new Err("ERR value is out of range, value must between 0 and 1"));
      assertThat(c.call("waitaof", "x", "0", "0"))
          .isEqualTo(new Err("ERR value is not an integer or out of range"));
      assertThat(c.call("waitaof", "0", "-1", "0"))
          .isEqualTo(new Err("ERR value is out of range, must be positive"));
      assertThat(c.call("waitaof", "1", "0", "-5")).isEqualTo(new Err("ERR timeout is negative"));
      assertThat(c.call("waitaof", "1", "0", "1.5"))
          .isEqualTo(new Err("ERR timeout is not an integer or out of range"));
      assertThat(c.call("waitaof", "1", "0"))
          .isEqualTo(new Err("ERR wrong number of arguments for 'waitaof' command"));
      c.close();
    }
  }

  @Test
  void blockedWaitaofFailsWhenTheAofIsTurnedOff() throws Exception {
    Path dir = dir("waitaof-off");
    try (InProcessNode node = InProcessNode.start(dir, c -> c.appendFsync = "everysec")) {
      RespClient c = new RespClient("127.0.0.1", node.port());
      c.call("set", "k", "v");
      // numreplicas 1 can never be reached: the client stays blocked.
      c.send("waitaof", "1", "1", "0");
      c.send("ping");
      Jedis j = node.jedis();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  node.onCommandThread(
                      () ->
                          node.server.engine().clients().all().stream()
                              .anyMatch(
                                  x -> x.state() == io.banyan.node.client.ClientState.BLOCKED)));
      j.configSet("appendonly", "no");
      assertThat(c.read()).isEqualTo(new Err(AofPersistence.WAITAOF_WITHOUT_AOF));
      assertThat(c.read()).isEqualTo("PONG"); // the queued request runs after the release
      c.close();
    }
  }

  @Test
  void infoPersistenceHasRedisFieldsInRedisOrder() throws Exception {
    List<String> redisFields;
    Path redisDir = dir("redis");
    try (RedisServerProcess redis = RedisServerProcess.start(redisDir, "--appendonly", "yes")) {
      redisFields = fieldNames(redis.jedis().info("persistence"));
    }
    Path dir = dir("info");
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      Jedis j = node.jedis();
      assertThat(fieldNames(j.info("persistence"))).isEqualTo(redisFields);
      j.set("x", "y");
      await().atMost(WAIT).until(() -> Long.parseLong(info(j, "aof_buffer_length")) == 0);
      assertThat(info(j, "aof_enabled")).isEqualTo("1");
      assertThat(info(j, "aof_last_write_status")).isEqualTo("ok");
      long size = Long.parseLong(info(j, "aof_current_size"));
      long files = 0;
      for (Path f : Files.list(dir.resolve("appendonlydir")).toList()) {
        if (!f.getFileName().toString().endsWith(".manifest")) {
          files += Files.size(f);
        }
      }
      assertThat(size).isEqualTo(files);
      assertThat(info(j, "aof_base_size"))
          .isEqualTo(
              Long.toString(
                  Files.size(dir.resolve("appendonlydir").resolve("appendonly.aof.1.base.rdb"))));
    }
  }

  private static List<String> fieldNames(String section) {
    List<String> names = new ArrayList<>();
    for (String line : section.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        names.add(line.substring(0, colon));
      }
    }
    return names;
  }

  @Test
  void timestampAnnotationsAreWrittenWhenEnabledAndReadBack() throws Exception {
    Path dir = dir("timestamps");
    long before = System.currentTimeMillis() / 1000;
    try (InProcessNode node = InProcessNode.start(dir, c -> c.aofTimestampEnabled = true)) {
      Jedis j = node.jedis();
      j.set("a", "1");
      j.set("b", "2");
      assertThat(j.waitAOF(1, 0, 0).getKey()).isEqualTo(1L);
    }
    long after = System.currentTimeMillis() / 1000;
    String incr = Files.readString(dir.resolve("appendonlydir").resolve(AofFixtures.INCR));
    assertThat(incr).startsWith("#TS:");
    long annotated = Long.parseLong(incr.substring(4, incr.indexOf('\n')).trim());
    assertThat(annotated).isBetween(before, after);
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      assertThat(node.jedis().mget("a", "b")).containsExactly("1", "2");
    }
  }

  @Test
  void bgrewriteaofInsideMultiIsScheduled() throws Exception {
    Path dir = dir("multi");
    try (InProcessNode node = InProcessNode.start(dir, c -> {})) {
      RespClient c = new RespClient("127.0.0.1", node.port());
      c.call("multi");
      c.call("bgrewriteaof");
      assertThat(c.call("exec"))
          .isEqualTo(List.of("Background append only file rewriting scheduled"));
      Jedis j = node.jedis();
      await()
          .atMost(WAIT)
          .until(
              () ->
                  info(j, "aof_rewrites").equals("1")
                      && info(j, "aof_rewrite_in_progress").equals("0"));
      c.close();
      assertThatThrownBy(() -> j.waitAOF(1, 0, -1)).hasMessage("ERR timeout is negative");
    }
  }
}
