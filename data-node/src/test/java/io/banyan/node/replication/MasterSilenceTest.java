package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code banyan_master_last_io_ms}: how long a replica has not heard from its master. The operator
 * dates a master's failure from it, so it must grow while a stopped master's link still looks up
 * (the TCP connection stays open), keep growing after the link is lost, and fall back once the
 * master talks again.
 */
class MasterSilenceTest {
  @TempDir Path masterDir;
  @TempDir Path replicaDir;

  @Test
  void aStoppedMasterIsSilentWhileItsLinkStillLooksUp() throws Exception {
    try (NodeProcess master = NodeProcess.start(masterDir, "--repl-ping-replica-period", "1");
        NodeProcess replica = NodeProcess.start(replicaDir, "--repl-timeout", "60")) {
      Jedis r = replica.jedis();
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      assertThat(silence(r)).isBetween(0L, 1_500L);

      master.freeze();
      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> silence(r) >= 2_500);
        assertThat(info(r, "replication", "master_link_status"))
            .as("repl-timeout 60 s: the link to the stopped master is still up")
            .isEqualTo("up");
      } finally {
        master.thaw();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> silence(r) < 1_500);
    }
  }

  @Test
  void theSilenceKeepsCountingAfterTheLinkIsLost() throws Exception {
    NodeProcess master = NodeProcess.start(masterDir, "--repl-ping-replica-period", "1");
    try (NodeProcess replica = NodeProcess.start(replicaDir)) {
      Jedis r = replica.jedis();
      try (master) {
        r.replicaof("127.0.0.1", master.port());
        awaitLinkUp(r);
        master.kill9();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "down".equals(info(r, "replication", "master_link_status")));
      long first = silence(r);
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> silence(r) >= first + 1_000);
      assertThat(info(r, "replication", "master_link_status")).isEqualTo("down");

      r.replicaof("127.0.0.1", NodeProcess.freePort());
      assertThat(silence(r)).as("a master it never heard from").isEqualTo(-1);
      r.replicaofNoOne();
      assertThat(info(r, "replication", "banyan_master_last_io_ms")).isNull();
    }
  }

  private static long silence(Jedis replica) {
    return infoLong(replica, "replication", "banyan_master_last_io_ms");
  }
}
