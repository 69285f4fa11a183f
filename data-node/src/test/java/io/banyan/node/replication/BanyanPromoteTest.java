package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** BANYAN PROMOTE: the operator's one idempotent promotion step, on a real replica. */
class BanyanPromoteTest extends MasterTestBase {

  private static String banyan(Jedis j, String... args) {
    Object reply = j.sendCommand(() -> "BANYAN".getBytes(StandardCharsets.US_ASCII), args);
    return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : reply.toString();
  }

  @Test
  void promotesAFencedReplicaOnceAndRepeatingChangesNothing() throws Exception {
    m.set("k", "v");
    Path replicaDir = Files.createTempDirectory("banyan-promote-");
    BanyanServer replicaServer =
        nodes.start(
            c -> {
              c.banyanStartFenced = true;
              c.dir = replicaDir.toString();
            });
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    awaitCaughtUp(m, r);
    String oldId = info(r, "replication", "master_replid");
    long offset = ReplicationNodes.infoLong(r, "replication", "master_repl_offset");

    assertThat(banyan(r, "PROMOTE", "3")).isEqualTo("OK");
    assertThat(info(r, "replication", "role")).isEqualTo("master");
    assertThat(info(r, "replication", "banyan_fenced")).isEqualTo("0");
    assertThat(info(r, "replication", "banyan_epoch")).isEqualTo("3");
    // As REPLICAOF NO ONE: data kept, a new id, the old history as replid2.
    assertThat(r.get("k")).isEqualTo("v");
    String newId = info(r, "replication", "master_replid");
    assertThat(newId).isNotEqualTo(oldId);
    assertThat(info(r, "replication", "master_replid2")).isEqualTo(oldId);
    assertThat(info(r, "replication", "second_repl_offset")).isEqualTo(Long.toString(offset + 1));
    assertThat(r.set("k", "promoted")).isEqualTo("OK");
    assertThat(Files.readString(replicaDir.resolve("banyan-epoch"))).isEqualTo("3\n");

    // The operator retries: same epoch, already an unfenced master — nothing changes.
    assertThat(banyan(r, "PROMOTE", "3")).isEqualTo("OK");
    assertThat(info(r, "replication", "master_replid")).isEqualTo(newId);
    assertThat(info(r, "replication", "role")).isEqualTo("master");

    // An older decision cannot act any more.
    assertThatThrownBy(() -> banyan(r, "PROMOTE", "2"))
        .hasMessage("STALEEPOCH epoch 2 is older than this node's epoch 3");
    assertThatThrownBy(() -> banyan(r, "ADMIT", "2"))
        .hasMessage("STALEEPOCH epoch 2 is older than this node's epoch 3");
    assertThat(info(r, "replication", "master_replid")).isEqualTo(newId);
  }

  @Test
  void promoteLiftsTheFenceOfAMasterAndKeepsItsId() {
    m.set("k", "v");
    assertThat(banyan(m, "FENCE", "4")).isEqualTo("OK");
    String id = info(m, "replication", "master_replid");
    assertThatThrownBy(() -> m.set("k", "fenced")).hasMessageStartingWith("FENCED");
    assertThatThrownBy(() -> banyan(m, "PROMOTE", "3")).hasMessageStartingWith("STALEEPOCH");
    assertThat(info(m, "replication", "banyan_fenced")).isEqualTo("1");
    assertThat(banyan(m, "PROMOTE", "4")).isEqualTo("OK");
    assertThat(m.set("k", "admitted")).isEqualTo("OK");
    // Already a master: a promotion starts no new history (as REPLICAOF NO ONE on a master).
    assertThat(info(m, "replication", "master_replid")).isEqualTo(id);
    assertThat(banyan(m, "PROMOTE", "6")).isEqualTo("OK");
    assertThat(info(m, "replication", "banyan_epoch")).isEqualTo("6");
  }

  @Test
  void formerPeersContinueFromThePromotedReplica() throws Exception {
    BanyanServer a = nodes.start(c -> {});
    BanyanServer b = nodes.start(c -> {});
    Jedis ra = nodes.jedis(a.port());
    Jedis rb = nodes.jedis(b.port());
    ra.replicaof("127.0.0.1", master.port());
    rb.replicaof("127.0.0.1", master.port());
    awaitLinkUp(ra);
    awaitLinkUp(rb);
    m.set("k", "v");
    awaitCaughtUp(m, ra);
    awaitCaughtUp(m, rb);
    long partialBefore = ReplicationNodes.infoLong(ra, "stats", "sync_partial_ok");
    assertThat(banyan(ra, "PROMOTE", "1")).isEqualTo("OK");
    rb.replicaof("127.0.0.1", a.port());
    awaitLinkUp(rb);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> ReplicationNodes.infoLong(ra, "stats", "sync_partial_ok") == partialBefore + 1);
    ra.set("k", "new");
    await().atMost(Duration.ofSeconds(10)).until(() -> "new".equals(rb.get("k")));
  }
}
