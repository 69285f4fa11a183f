package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * min-replicas-to-write is judged when the write arrives, not from a count a periodic task keeps: a
 * master that was stopped (SIGSTOP: a VM pause, a long GC) past min-replicas-max-lag must not take
 * its first write after waking up on the strength of replicas it has not heard from since.
 */
class FrozenMasterMinReplicasTest {
  @TempDir Path masterDir;
  @TempDir Path replicaDir;

  @Test
  void aMasterWokenFromSigstopRefusesTheFirstWriteWithoutFreshAcks() throws Exception {
    try (NodeProcess master =
            NodeProcess.start(
                masterDir, "--min-replicas-to-write", "1", "--min-replicas-max-lag", "1");
        NodeProcess replica = NodeProcess.start(replicaDir)) {
      Jedis m = master.jedis();
      Jedis r = replica.jedis();
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> "OK".equals(m.set("k", "with-replica")));

      master.freeze();
      Instant frozenAt = Instant.now();
      try {
        r.replicaofNoOne(); // the replica goes elsewhere while its master cannot notice
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> "master".equals(info(r, "replication", "role")));
        // Well past min-replicas-max-lag (1 s) since the master last heard from its replica.
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> Duration.between(frozenAt, Instant.now()).toMillis() >= 3000);
      } finally {
        master.thaw();
      }
      assertThatThrownBy(() -> m.set("k", "after-freeze"))
          .hasMessage("NOREPLICAS Not enough good replicas to write.");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> "0".equals(info(m, "replication", "connected_slaves")));
      assertThatThrownBy(() -> m.set("k", "alone"))
          .hasMessage("NOREPLICAS Not enough good replicas to write.");
    }
  }

  /**
   * The replica kept ACKing while its master was stopped, then stopped too (a partition): those
   * ACKs wait in the master's socket. Read after the master wakes, they are old news, not proof
   * that the replica is alive now.
   */
  @Test
  void acksQueuedWhileTheMasterWasStoppedDoNotCountAsFresh() throws Exception {
    try (NodeProcess master =
            NodeProcess.start(
                masterDir, "--min-replicas-to-write", "1", "--min-replicas-max-lag", "1");
        NodeProcess replica = NodeProcess.start(replicaDir)) {
      Jedis m = master.jedis();
      Jedis r = replica.jedis();
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> "OK".equals(m.set("k", "with-replica")));

      master.freeze();
      Instant frozenAt = Instant.now();
      try {
        // The replica ACKs once a second: let it queue at least one ACK, then stop it too.
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> Duration.between(frozenAt, Instant.now()).toMillis() >= 1500);
        replica.freeze();
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> Duration.between(frozenAt, Instant.now()).toMillis() >= 4000);
      } finally {
        master.thaw();
      }
      try {
        assertThatThrownBy(() -> m.set("k", "after-freeze"))
            .hasMessage("NOREPLICAS Not enough good replicas to write.");
      } finally {
        replica.thaw();
      }
      // Once the replica runs again and ACKs, writes are accepted again.
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> "OK".equals(m.set("k", "replica-back")));
    }
  }
}
