package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Replication under failures, with real processes where a node is killed (SIGKILL): a replica dying
 * during its full sync, a master dying while it streams, and offsets along a 3-level chain.
 */
class ReplicationRobustnessTest {
  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes();

  private ReplicationNodes nodes;

  @BeforeEach
  void setUp() {
    nodes = new ReplicationNodes();
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  private static String digest(Jedis j) {
    return new String((byte[]) j.sendCommand(DEBUG, "DIGEST"));
  }

  @Test
  void replicaKilledDuringFullSyncLeavesMasterHealthy() throws Exception {
    BanyanServer master = nodes.start(cfg -> {});
    Jedis m = nodes.jedis(master.port());
    m.sendCommand(DEBUG, "POPULATE", "20000", "key", "100");
    // Slow snapshot: the sync is still running when the replica dies.
    m.configSet("rdb-key-save-delay", "1000");
    try (NodeProcess replica = NodeProcess.start(Files.createTempDirectory("banyan-kill-"))) {
      Jedis r = replica.jedis();
      r.replicaof("127.0.0.1", master.port());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> String.valueOf(info(m, "replication", "slave0")).contains("send_bulk"));
      replica.kill9();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> infoLong(m, "replication", "connected_slaves") == 0);
    // The abandoned snapshot does not hold the master back: it serves, and syncs a new replica.
    assertThat(m.set("after", "kill")).isEqualTo("OK");
    m.configSet("rdb-key-save-delay", "0");
    try (NodeProcess again = NodeProcess.start(Files.createTempDirectory("banyan-kill-"))) {
      Jedis r = again.jedis();
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      awaitCaughtUp(m, r);
      assertThat(r.dbSize()).isEqualTo(m.dbSize()).isEqualTo(20001);
      assertThat(digest(r)).isEqualTo(digest(m));
    }
  }

  @Test
  void masterKilledMidStreamThenReturns() throws Exception {
    int port = NodeProcess.freePort();
    Path dir = Files.createTempDirectory("banyan-master-");
    String[] opts = {"--appendonly", "yes", "--appendfsync", "always"};
    BanyanServer replicaServer = nodes.start(cfg -> {});
    Jedis r = nodes.jedis(replicaServer.port());
    long acked;
    try (NodeProcess master = NodeProcess.startOnPort(port, dir, opts)) {
      Jedis m = master.jedis();
      r.replicaof("127.0.0.1", port);
      awaitLinkUp(r);
      for (int i = 0; i < 2000; i++) {
        m.set("k" + i, "v" + i);
      }
      assertThat(m.waitReplicas(1, 10_000)).isEqualTo(1);
      acked = 2000;
      // A stream in flight when the master dies.
      var p = m.pipelined();
      for (int i = 2000; i < 4000; i++) {
        p.set("k" + i, "v" + i);
      }
      p.sync();
      master.kill9();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "down".equals(info(r, "replication", "master_link_status")));
    assertThat(r.dbSize()).isGreaterThanOrEqualTo(acked);
    for (int i = 0; i < acked; i += 97) {
      assertThat(r.get("k" + i)).isEqualTo("v" + i);
    }
    try (NodeProcess back = NodeProcess.startOnPort(port, dir, opts)) {
      Jedis m = back.jedis();
      awaitLinkUp(r);
      awaitCaughtUp(m, r);
      assertThat(m.dbSize()).isEqualTo(4000);
      assertThat(r.dbSize()).isEqualTo(4000);
      assertThat(digest(r)).isEqualTo(digest(m));
    }
  }

  @Test
  void threeLevelChainHasOneOffsetSpace() throws Exception {
    BanyanServer a = nodes.start(cfg -> {});
    BanyanServer b = nodes.start(cfg -> {});
    BanyanServer c = nodes.start(cfg -> {});
    Jedis ja = nodes.jedis(a.port());
    Jedis jb = nodes.jedis(b.port());
    Jedis jc = nodes.jedis(c.port());
    ja.set("before", "chain");
    jb.replicaof("127.0.0.1", a.port());
    awaitLinkUp(jb);
    jc.replicaof("127.0.0.1", b.port());
    awaitLinkUp(jc);
    for (int i = 0; i < 3000; i++) {
      ja.set("k" + i, "v" + i);
      if (i % 500 == 0) {
        ja.select(i % 3);
      }
    }
    ja.select(0);
    ja.hset("h", "f", "v");
    ja.expire("h", 1000);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              long top = infoLong(ja, "replication", "master_repl_offset");
              return infoLong(jb, "replication", "slave_repl_offset") == top
                  && infoLong(jb, "replication", "master_repl_offset") == top
                  && infoLong(jc, "replication", "slave_repl_offset") == top
                  && infoLong(jc, "replication", "master_repl_offset") == top;
            });
    assertThat(info(jb, "replication", "master_replid"))
        .isEqualTo(info(ja, "replication", "master_replid"));
    assertThat(info(jc, "replication", "master_replid"))
        .isEqualTo(info(ja, "replication", "master_replid"));
    String top = digest(ja);
    assertThat(digest(jb)).isEqualTo(top);
    assertThat(digest(jc)).isEqualTo(top);
  }
}
