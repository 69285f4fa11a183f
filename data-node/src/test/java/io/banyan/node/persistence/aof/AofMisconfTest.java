package io.banyan.node.persistence.aof;

import static io.banyan.node.persistence.aof.AofRewriteTest.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A disk that refuses AOF writes (simulated with the process's file-size limit, set from outside
 * with prlimit: writes fail with EFBIG as they would with ENOSPC): writes are refused with MISCONF
 * while reads go on, the writer retries until the disk accepts again, and nothing acknowledged is
 * lost across a later SIGKILL.
 */
class AofMisconfTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String MISCONF = "MISCONF Errors writing to the AOF file: File too large";

  @TempDir Path dir;

  private Path incr() {
    return dir.resolve("appendonlydir").resolve(AofFixtures.INCR);
  }

  @Test
  void everysecRefusesWritesWhileTheDiskFailsAndRecovers() throws Exception {
    try (NodeProcess node =
        NodeProcess.start(dir, "--appendonly", "yes", "--appendfsync", "everysec")) {
      Jedis j = node.jedis();
      j.set("before", "1");
      assertThat(j.waitAOF(1, 0, 0).getKey()).isEqualTo(1L);
      node.limitFileSize(Files.size(incr()));
      // Executed before the writer finds out; its reply waits until the bytes reach the OS (with
      // everysec too: a reply never acknowledges a write the process still holds only in memory).
      CompletableFuture<String> held =
          CompletableFuture.supplyAsync(
              () -> {
                try (Jedis w = new Jedis("127.0.0.1", node.port(), 60_000)) {
                  return w.set("first-after-limit", "1");
                }
              });
      await().atMost(WAIT).until(() -> "err".equals(info(j, "aof_last_write_status")));
      assertThat(held).isNotDone();
      assertThatThrownBy(() -> j.set("refused", "1"))
          .isInstanceOf(JedisDataException.class)
          .hasMessage(MISCONF);
      assertThatThrownBy(j::ping).isInstanceOf(JedisDataException.class).hasMessage(MISCONF);
      assertThat(j.get("before")).isEqualTo("1"); // reads go on
      assertThat(info(j, "aof_enabled")).isEqualTo("1");

      node.limitFileSize(-1);
      assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo("OK");
      await().atMost(WAIT).until(() -> "ok".equals(info(j, "aof_last_write_status")));
      assertThat(j.set("after", "1")).isEqualTo("OK");
      assertThat(j.waitAOF(1, 0, 0).getKey()).isEqualTo(1L);
      assertThat(node.output())
          .contains("Error writing to the AOF file appendonly.aof.1.incr.aof: File too large")
          .contains("AOF write error looks solved");
      node.kill9();
    }
    try (NodeProcess node = NodeProcess.start(dir, "--appendonly", "yes")) {
      Jedis j = node.jedis();
      assertThat(j.get("before")).isEqualTo("1");
      assertThat(j.get("first-after-limit")).isEqualTo("1");
      assertThat(j.get("after")).isEqualTo("1");
      assertThat(j.exists("refused")).isFalse();
    }
  }

  @Test
  void alwaysHoldsTheReplyUntilTheWriteIsOnDisk() throws Exception {
    try (NodeProcess node =
        NodeProcess.start(dir, "--appendonly", "yes", "--appendfsync", "always")) {
      Jedis j = node.jedis();
      j.set("before", "1");
      node.limitFileSize(Files.size(incr()));
      CompletableFuture<String> held =
          CompletableFuture.supplyAsync(
              () -> {
                try (Jedis w = new Jedis("127.0.0.1", node.port(), 60_000)) {
                  return w.set("held", "1");
                }
              });
      await().atMost(WAIT).until(() -> "err".equals(info(j, "aof_last_write_status")));
      // Not acknowledged while it is not on disk.
      assertThat(held).isNotDone();
      assertThatThrownBy(() -> j.set("refused", "1")).hasMessage(MISCONF);
      node.limitFileSize(-1);
      assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo("OK");
      node.kill9();
    }
    try (NodeProcess node = NodeProcess.start(dir, "--appendonly", "yes")) {
      Jedis j = node.jedis();
      assertThat(j.get("held")).isEqualTo("1");
      assertThat(j.exists("refused")).isFalse();
    }
  }
}
