package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.awaitSameOffset;
import static io.banyan.node.replication.ReplicationNodes.digest;
import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RedisServerProcess;
import io.banyan.node.testing.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** PSYNC2 with Debian's redis-server 7.0: a Redis replica continues with a promoted Banyan node. */
class Psync2InteropTest {
  private ReplicationNodes nodes;
  private Path dir;

  @BeforeEach
  void setUp() throws Exception {
    nodes = new ReplicationNodes();
    dir = Files.createTempDirectory("banyan-psync2-");
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  @Test
  void aRedisPeerContinuesWithAPromotedBanyanReplica() throws Exception {
    try (RedisServerProcess redisMaster =
            RedisServerProcess.start(dir, "--enable-debug-command", "yes");
        RedisServerProcess redisPeer =
            RedisServerProcess.start(dir, "--enable-debug-command", "yes")) {
      Jedis m = redisMaster.jedis();
      BanyanServer aServer = nodes.start(c -> {});
      Jedis a = nodes.jedis(aServer.port());
      Jedis b = redisPeer.jedis();
      a.replicaof("127.0.0.1", redisMaster.port());
      b.replicaof("127.0.0.1", redisMaster.port());
      awaitLinkUp(a);
      awaitLinkUp(b);
      for (int i = 0; i < 20; i++) {
        m.set("k" + i, "v" + i);
      }
      m.hset("h", "f", "v");
      awaitSameOffset(m, a);
      awaitSameOffset(m, b);
      String redisId = info(m, "replication", "master_replid");

      a.replicaofNoOne();
      assertThat(info(a, "replication", "master_replid2")).isEqualTo(redisId);
      b.replicaof("127.0.0.1", aServer.port());
      awaitLinkUp(b);
      assertThat(infoLong(a, "stats", "sync_partial_ok")).isEqualTo(1);
      assertThat(infoLong(a, "stats", "sync_full")).isZero();
      assertThat(info(b, "replication", "master_replid"))
          .isEqualTo(info(a, "replication", "master_replid"));
      a.set("after", "1");
      awaitSameOffset(a, b);
      assertThat(b.get("after")).isEqualTo("1");
      assertThat(digest(b)).isEqualTo(digest(a));
    }
  }

  @Test
  void aRestartedBanyanReplicaContinuesWithARedisMaster() throws Exception {
    try (RedisServerProcess redisMaster =
        RedisServerProcess.start(dir, "--enable-debug-command", "yes")) {
      Jedis m = redisMaster.jedis();
      BanyanServer first = nodes.start(c -> {});
      int port = first.port();
      String replicaDir;
      try (Jedis r = new Jedis("127.0.0.1", port)) {
        r.replicaof("127.0.0.1", redisMaster.port());
        awaitLinkUp(r);
        m.select(2);
        m.set("k", "1");
        awaitSameOffset(m, r);
        replicaDir = r.configGet("dir").get("dir");
      }
      try (RespClient c = new RespClient("127.0.0.1", port)) {
        c.send("SHUTDOWN", "SAVE");
        assertThat(c.isClosedByServer()).isTrue();
      }
      first.stopped().get(30, TimeUnit.SECONDS);
      m.set("while-down", "2");
      BanyanServer second =
          nodes.start(
              c -> {
                c.dir = replicaDir;
                c.replicaOfHost = "127.0.0.1";
                c.replicaOfPort = redisMaster.port();
              });
      Jedis r = nodes.jedis(second.port());
      awaitLinkUp(r);
      awaitSameOffset(m, r);
      assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);
      assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(1);
      r.select(2);
      assertThat(r.get("while-down")).isEqualTo("2");
      assertThat(digest(r)).isEqualTo(digest(m));
    }
  }
}
