package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RedisServerProcess;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Start-up replicaof, the replica output buffer limit, and a redis-server at the end of a chain.
 */
class ReplicationLimitsTest extends MasterTestBase {

  @Test
  void replicaofOptionAtStartUpFollowsTheMaster() throws Exception {
    m.set("k", "v");
    BanyanServer replica =
        nodes.start(
            c -> {
              c.replicaOfHost = "127.0.0.1";
              c.replicaOfPort = master.port();
            });
    Jedis r = nodes.jedis(replica.port());
    awaitLinkUp(r);
    awaitCaughtUp(m, r);
    assertThat(r.get("k")).isEqualTo("v");
  }

  @Test
  void replicaOverTheOutputBufferLimitIsDisconnected() throws Exception {
    BanyanServer replica = nodes.start(c -> {});
    Jedis r = nodes.jedis(replica.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    m.configSet("client-output-buffer-limit", "replica 1024 0 0");
    long partialBefore = infoLong(m, "stats", "sync_partial_ok");
    m.set("big", "x".repeat(100_000));
    // Dropped, it reconnects and asks for the rest, which is over the limit again.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> infoLong(m, "stats", "sync_partial_ok") > partialBefore);
    assertThat(r.exists("big")).isFalse();
    m.configSet("client-output-buffer-limit", "replica 0 0 0");
    awaitLinkUp(r);
    awaitCaughtUp(m, r);
    assertThat(r.strlen("big")).isEqualTo(100_000);
  }

  @Test
  void redisServerReplicatesFromABanyanReplica() throws Exception {
    BanyanServer middle = nodes.start(c -> {});
    Jedis mid = nodes.jedis(middle.port());
    mid.replicaof("127.0.0.1", master.port());
    awaitLinkUp(mid);
    m.select(2);
    m.set("a", "1");
    awaitCaughtUp(m, mid);
    try (RedisServerProcess redis =
        RedisServerProcess.start(
            Files.createTempDirectory("banyan-chain-"), "--enable-debug-command", "yes")) {
      Jedis leaf = redis.jedis();
      leaf.replicaof("127.0.0.1", middle.port());
      awaitLinkUp(leaf);
      m.set("b", "2");
      awaitCaughtUp(m, leaf);
      leaf.select(2);
      assertThat(leaf.get("a")).isEqualTo("1");
      assertThat(leaf.get("b")).isEqualTo("2");
      assertThat(infoLong(leaf, "replication", "slave_repl_offset"))
          .isEqualTo(infoLong(m, "replication", "master_repl_offset"));
      leaf.close();
    }
  }

  @Test
  void aReplicaArrivingDuringABackgroundSaveIsSyncedAfterIt() throws Exception {
    for (int i = 0; i < 1000; i++) {
      m.set("key" + i, "v" + i);
    }
    // A save that cannot end before the replica arrives, however slow the machine: a second per
    // step, until the knob is lowered below (it is read at every step, as in Redis).
    m.configSet("rdb-key-save-delay", "1000000");
    assertThat(m.bgsave()).isEqualTo("Background saving started");
    BanyanServer replica = nodes.start(c -> {});
    Jedis r = nodes.jedis(replica.port());
    r.replicaof("127.0.0.1", master.port());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ReplicationNodes.info(m, "replication", "slave0") != null);
    assertThat(ReplicationNodes.info(m, "replication", "slave0")).contains("state=wait_bgsave");
    m.set("during", "1");
    m.configSet("rdb-key-save-delay", "0");
    awaitLinkUp(r);
    awaitCaughtUp(m, r);
    assertThat(r.dbSize()).isEqualTo(1001);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);
  }

  @Test
  void aReplicaThatMayNotServeStaleDataRefusesReadsWhileItsLinkIsDown() throws Exception {
    m.set("k", "v");
    BanyanServer replica = nodes.start(c -> c.replicaServeStaleData = false);
    Jedis r = nodes.jedis(replica.port());
    r.replicaof("127.0.0.1", 1); // nobody listens there
    assertThatThrownBy(() -> r.get("k"))
        .hasMessage(
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    assertThat(ReplicationNodes.info(r, "replication", "master_link_status")).isEqualTo("down");
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    assertThat(r.get("k")).isEqualTo("v");
  }

  @Test
  void aReplicaThatStopsAcknowledgingIsDroppedAfterTheTimeout() throws Exception {
    m.configSet("repl-timeout", "1");
    try (java.net.Socket silent = new java.net.Socket("127.0.0.1", master.port())) {
      silent
          .getOutputStream()
          .write("PSYNC ? -1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "1".equals(ReplicationNodes.info(m, "replication", "connected_slaves")));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "0".equals(ReplicationNodes.info(m, "replication", "connected_slaves")));
    }
  }

  @Test
  void theMasterPingsItsReplicasEveryPeriod() throws Exception {
    m.configSet("repl-ping-replica-period", "1");
    BanyanServer replica = nodes.start(c -> {});
    Jedis r = nodes.jedis(replica.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    long offset = infoLong(m, "replication", "master_repl_offset");
    // Each PING is 14 bytes of stream: the offset moves without any write.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> infoLong(m, "replication", "master_repl_offset") >= offset + 28);
    awaitCaughtUp(m, r);
  }
}
