package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** min-replicas-to-write / min-replicas-max-lag, and WAIT by the caller's own write offset. */
class WriteSafetyTest extends MasterTestBase {

  @Test
  void writesNeedEnoughGoodReplicasReadsDoNot() throws Exception {
    m.set("k", "before");
    m.configSet("min-replicas-max-lag", "1");
    m.configSet("min-replicas-to-write", "1");
    assertThat(info(m, "replication", "min_slaves_good_slaves")).isEqualTo("0");
    assertThatThrownBy(() -> m.set("k", "v"))
        .hasMessage("NOREPLICAS Not enough good replicas to write.");
    assertThat(m.get("k")).isEqualTo("before");

    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "1".equals(info(m, "replication", "min_slaves_good_slaves")));
    assertThat(m.set("k", "with-replica")).isEqualTo("OK");

    replicaServer.close();
    // Probing with writes would race: a write accepted while the replica still counted is
    // correct, and would change the value checked below. Wait for the count instead.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> "0".equals(info(m, "replication", "min_slaves_good_slaves")));
    assertThatThrownBy(() -> m.set("k", "alone"))
        .hasMessage("NOREPLICAS Not enough good replicas to write.");
    assertThat(m.get("k")).isEqualTo("with-replica");

    BanyanServer back = nodes.start(c -> {});
    Jedis r2 = nodes.jedis(back.port());
    r2.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(m.set("k", "back")).isEqualTo("OK"));
    m.configSet("min-replicas-to-write", "0");
    assertThat(info(m, "replication", "min_slaves_good_slaves")).isNull();
  }

  @Test
  void waitComparesTheCallersLastWriteNotTheMastersOffset() throws Exception {
    try (Socket fake = new Socket("127.0.0.1", master.port());
        Jedis other = nodes.jedis(master.port())) {
      OutputStream out = fake.getOutputStream();
      send(out, "REPLCONF", "listening-port", "7777");
      send(out, "PSYNC", "?", "-1");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> String.valueOf(info(m, "replication", "slave0")).contains("state=online"));
      m.set("mine", "1");
      long myOffset = infoLong(m, "replication", "master_repl_offset");
      other.set("theirs", "2");
      assertThat(infoLong(m, "replication", "master_repl_offset")).isGreaterThan(myOffset);
      send(out, "REPLCONF", "ACK", Long.toString(myOffset));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> info(m, "replication", "slave0").contains("offset=" + myOffset));
      // Our own write is acknowledged, although the master has moved on.
      assertThat(m.waitReplicas(1, 5000)).isEqualTo(1);
      // The other client's write is not.
      assertThat(other.waitReplicas(1, 200)).isZero();
    }
  }

  @Test
  void waitaofCountsReplicasWhoseAppendOnlyFileHoldsTheWrite() throws Exception {
    BanyanServer aofMaster =
        nodes.start(
            c -> {
              c.appendOnly = true;
              c.appendFsync = "always";
            });
    Jedis am = nodes.jedis(aofMaster.port());
    BanyanServer withAof =
        nodes.start(
            c -> {
              c.appendOnly = true;
              c.appendFsync = "always";
            });
    BanyanServer withoutAof = nodes.start(c -> {});
    Jedis r1 = nodes.jedis(withAof.port());
    Jedis r2 = nodes.jedis(withoutAof.port());
    r1.replicaof("127.0.0.1", aofMaster.port());
    r2.replicaof("127.0.0.1", aofMaster.port());
    awaitLinkUp(r1);
    awaitLinkUp(r2);
    am.set("durable", "1");
    assertThat(waitaof(am, 1, 1, 10_000)).isEqualTo(java.util.List.of(1L, 1L));
    // Only the replica with an AOF reports it fsynced: asking for two times out with one.
    am.set("durable", "2");
    assertThat(waitaof(am, 0, 1, 10_000)).isEqualTo(java.util.List.of(1L, 1L));
    assertThat(waitaof(am, 0, 2, 300)).isEqualTo(java.util.List.of(1L, 1L));
    assertThat(r1.get("durable")).isEqualTo("2");
    // Without replicas asked for, nothing waits for them.
    assertThat(waitaof(am, 0, 0, 0)).isEqualTo(java.util.List.of(1L, 1L));
  }

  @Test
  void aDisklessSyncWaitsForMoreReplicasAndServesThemTogether() throws Exception {
    BanyanServer delayed =
        nodes.start(
            c -> {
              c.replDisklessSyncDelaySeconds = 3600;
              c.replDisklessSyncMaxReplicas = 2;
            });
    Jedis dm = nodes.jedis(delayed.port());
    dm.set("k", "v");
    Jedis r1 = nodes.jedis(nodes.start(c -> {}).port());
    Jedis r2 = nodes.jedis(nodes.start(c -> {}).port());
    r1.replicaof("127.0.0.1", delayed.port());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> String.valueOf(info(dm, "replication", "slave0")).contains("wait_bgsave"));
    // Still waiting a second later: the delay holds the snapshot back for more replicas.
    await()
        .pollDelay(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> "down".equals(info(r1, "replication", "master_link_status")));
    assertThat(info(dm, "replication", "slave0")).contains("state=wait_bgsave");
    // The second replica reaches repl-diskless-sync-max-replicas: both are served at once.
    r2.replicaof("127.0.0.1", delayed.port());
    awaitLinkUp(r1);
    awaitLinkUp(r2);
    assertThat(r1.get("k")).isEqualTo("v");
    assertThat(r2.get("k")).isEqualTo("v");
    assertThat(infoLong(dm, "stats", "sync_full")).isEqualTo(2);
  }

  private static Object waitaof(Jedis j, long local, long replicas, long timeout) {
    return j.sendCommand(
        () -> "WAITAOF".getBytes(),
        Long.toString(local),
        Long.toString(replicas),
        Long.toString(timeout));
  }

  private static void send(OutputStream out, String... args) throws Exception {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
    }
    out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
