package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The fence and replication: PSYNC refused, attached replicas kept, a fenced replica follows. */
class FenceReplicationTest extends MasterTestBase {
  private static final String SYNC_REFUSED_AT_3 =
      "NOMASTERLINK this node is fenced at epoch 3: it serves replicas only after the operator"
          + " admits it";
  private static final String FENCED_AT_3 =
      "FENCED this node is fenced at epoch 3: it accepts writes only after the operator admits it";

  private static String banyan(Jedis j, String sub, long epoch) {
    Object reply = j.sendCommand(() -> "BANYAN".getBytes(), sub, Long.toString(epoch));
    return new String((byte[]) reply, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void psyncAndSyncAreRefusedWhileFenced() {
    assertThat(banyan(m, "FENCE", 3)).isEqualTo("OK");
    try (RespClient r = new RespClient("127.0.0.1", master.port())) {
      assertThat(r.call("REPLCONF", "listening-port", "1")).isEqualTo("OK");
      assertThat(r.call("PSYNC", "?", "-1")).isEqualTo(new Err(SYNC_REFUSED_AT_3));
      assertThat(r.call("SYNC")).isEqualTo(new Err(SYNC_REFUSED_AT_3));
      assertThat(r.call("PING")).isEqualTo("PONG"); // the connection stays usable
    }
    assertThat(info(m, "replication", "connected_slaves")).isEqualTo("0");
  }

  @Test
  void aReplicaAttachesOnlyAfterAdmit() throws Exception {
    m.set("k", "v");
    banyan(m, "FENCE", 3);
    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    // Its attempts are refused (and retried): the error is what INFO shows.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              String error = info(r, "replication", "master_link_last_error");
              return error != null && error.contains("fenced at epoch");
            });
    assertThat(info(r, "replication", "master_link_status")).isEqualTo("down");
    assertThat(r.get("k")).isNull();

    assertThat(banyan(m, "ADMIT", 4)).isEqualTo("OK");
    awaitLinkUp(r);
    awaitCaughtUp(m, r);
    assertThat(r.get("k")).isEqualTo("v");
  }

  @Test
  void fencingAMasterKeepsItsReplicasAttached() throws Exception {
    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    m.set("k", "1");
    awaitCaughtUp(m, r);

    long fullSyncs = infoLong(m, "stats", "sync_full");
    banyan(m, "FENCE", 3);
    assertThatThrownBy(() -> m.set("k", "2")).hasMessage(FENCED_AT_3);
    assertThat(info(m, "replication", "connected_slaves")).isEqualTo("1");
    assertThat(info(r, "replication", "master_link_status")).isEqualTo("up");
    // WAIT is no write: it runs while fenced, and the replica has everything.
    assertThat(m.waitReplicas(1, 1000)).isEqualTo(1);

    banyan(m, "ADMIT", 3);
    m.set("k", "3");
    awaitCaughtUp(m, r);
    assertThat(r.get("k")).isEqualTo("3");
    // No new sync: the replica stayed attached through the fence.
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(fullSyncs);
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isZero();
  }

  @Test
  void aFencedReplicaStillAppliesItsMastersStream() throws Exception {
    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    banyan(r, "FENCE", 3);
    m.set("k", "from-master");
    awaitCaughtUp(m, r);
    assertThat(r.get("k")).isEqualTo("from-master");
    assertThatThrownBy(() -> r.set("k", "local")).hasMessage(FENCED_AT_3);
  }

  @Test
  void replicaofChangesNotTheFence() throws Exception {
    BanyanServer other = nodes.start(c -> {});
    banyan(m, "FENCE", 3);
    m.replicaof("127.0.0.1", other.port());
    assertThat(info(m, "replication", "banyan_fenced")).isEqualTo("1");
    m.replicaofNoOne();
    assertThat(info(m, "replication", "banyan_fenced")).isEqualTo("1");
    assertThat(info(m, "replication", "banyan_epoch")).isEqualTo("3");
    assertThatThrownBy(() -> m.set("k", "v")).hasMessage(FENCED_AT_3);
    banyan(m, "ADMIT", 3);
    m.replicaof("127.0.0.1", other.port());
    m.replicaofNoOne();
    assertThat(info(m, "replication", "banyan_fenced")).isEqualTo("0");
    assertThat(m.set("k", "v")).isEqualTo("OK");
  }

  @Test
  void clientsBlockedInWaitKeepWaitingWhenTheMasterIsFenced() throws Exception {
    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    try (RespClient waiter = new RespClient("127.0.0.1", master.port())) {
      waiter.call("SET", "k", "v");
      waiter.send("WAIT", "2", "1500"); // two replicas will never ACK: it waits the full timeout
      await().atMost(Duration.ofSeconds(10)).until(() -> m.clientList().contains("cmd=wait"));
      banyan(m, "FENCE", 3);
      assertThat(waiter.read()).isEqualTo(1L);
      // Answered, then disconnected like every client of a fenced master.
      await().atMost(Duration.ofSeconds(10)).until(waiter::isClosedByServer);
    }
  }

  @Test
  void aRedisReplicaRetriesAFencedMasterAndAttachesAfterAdmit(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    m.set("k", "v");
    banyan(m, "FENCE", 3);
    try (io.banyan.node.testing.RedisServerProcess redis =
        io.banyan.node.testing.RedisServerProcess.start(dir)) {
      Jedis r = redis.jedis();
      r.replicaof("127.0.0.1", master.port());
      // NOMASTERLINK makes redis-server 7.0 retry later, without falling back to the old SYNC.
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> redis.log().contains("fenced at epoch 3"));
      assertThat(redis.log()).doesNotContain("Retrying with SYNC");
      assertThat(info(r, "replication", "master_link_status")).isEqualTo("down");
      banyan(m, "ADMIT", 3);
      awaitLinkUp(r);
      awaitCaughtUp(m, r);
      assertThat(r.get("k")).isEqualTo("v");
    }
  }
}
