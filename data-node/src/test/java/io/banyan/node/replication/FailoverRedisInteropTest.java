package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RedisServerProcess;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** FAILOVER between Banyan and Debian's redis-server 7.0, in both directions. */
class FailoverRedisInteropTest {
  private ReplicationNodes nodes;

  @BeforeEach
  void setUp() {
    nodes = new ReplicationNodes();
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  private static Object failover(Jedis j, String... args) {
    return j.sendCommand(() -> "FAILOVER".getBytes(), args);
  }

  @Test
  void banyanMasterHandsOverToRedisReplica() throws Exception {
    BanyanServer master = nodes.start(c -> {});
    Jedis m = nodes.jedis(master.port());
    try (RedisServerProcess redis = RedisServerProcess.start(Files.createTempDirectory("fo-"))) {
      Jedis r = redis.jedis();
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      for (int i = 0; i < 200; i++) {
        m.set("k" + i, "v" + i);
      }
      assertThat(failover(m, "TO", "127.0.0.1", Integer.toString(redis.port())))
          .isEqualTo("OK".getBytes());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  "master".equals(info(r, "replication", "role"))
                      && "no-failover".equals(info(m, "replication", "master_failover_state")));
      awaitLinkUp(m);
      assertThat(info(r, "stats", "sync_partial_ok")).isEqualTo("1");
      assertThat(r.dbSize()).isEqualTo(200);
      r.set("from", "redis");
      awaitCaughtUp(r, m);
      assertThat(m.get("from")).isEqualTo("redis");
    }
  }

  @Test
  void redisMasterHandsOverToBanyanReplica() throws Exception {
    BanyanServer replica = nodes.start(c -> {});
    Jedis b = nodes.jedis(replica.port());
    try (RedisServerProcess redis = RedisServerProcess.start(Files.createTempDirectory("fo-"))) {
      Jedis r = redis.jedis();
      b.replicaof("127.0.0.1", redis.port());
      awaitLinkUp(b);
      for (int i = 0; i < 200; i++) {
        r.set("k" + i, "v" + i);
      }
      await() // redis-server counts a replica online after its first ACK
          .atMost(Duration.ofSeconds(20))
          .until(() -> String.valueOf(info(r, "replication", "slave0")).contains("online"));
      assertThat(failover(r, "TO", "127.0.0.1", Integer.toString(replica.port())))
          .isEqualTo("OK".getBytes());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  "master".equals(info(b, "replication", "role"))
                      && "no-failover".equals(info(r, "replication", "master_failover_state")));
      awaitLinkUp(r);
      assertThat(info(b, "stats", "sync_partial_ok")).isEqualTo("1");
      assertThat(b.dbSize()).isEqualTo(200);
      b.set("from", "banyan");
      awaitCaughtUp(b, r);
      assertThat(r.get("from")).isEqualTo("banyan");
    }
  }
}
