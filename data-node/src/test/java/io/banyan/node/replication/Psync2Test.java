package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.awaitSameOffset;
import static io.banyan.node.replication.ReplicationNodes.digest;
import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RespClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** PSYNC2 across a promotion, a chain and a restart: former peers continue with partial resyncs. */
class Psync2Test extends MasterTestBase {

  private Jedis follow(BanyanServer server, int port) {
    Jedis j = nodes.jedis(server.port());
    j.replicaof("127.0.0.1", port);
    awaitLinkUp(j);
    return j;
  }

  @Test
  void aFormerPeerContinuesWithThePromotedReplica() throws Exception {
    BanyanServer aServer = nodes.start(c -> {});
    BanyanServer bServer = nodes.start(c -> {});
    Jedis a = follow(aServer, master.port());
    Jedis b = follow(bServer, master.port());
    for (int i = 0; i < 50; i++) {
      m.set("k" + i, "v" + i);
    }
    m.rpush("list", "x", "y");
    awaitSameOffset(m, a);
    awaitSameOffset(m, b);
    String oldId = info(m, "replication", "master_replid");
    long offsetAtSwitch = infoLong(a, "replication", "slave_repl_offset");

    a.replicaofNoOne();
    assertThat(info(a, "replication", "master_replid2")).isEqualTo(oldId);
    assertThat(info(a, "replication", "master_replid")).isNotEqualTo(oldId);
    assertThat(infoLong(a, "replication", "second_repl_offset")).isEqualTo(offsetAtSwitch + 1);

    b.replicaof("127.0.0.1", aServer.port());
    awaitLinkUp(b);
    assertThat(infoLong(a, "stats", "sync_partial_ok")).isEqualTo(1);
    assertThat(infoLong(a, "stats", "sync_full")).isZero();
    assertThat(info(b, "replication", "master_replid"))
        .isEqualTo(info(a, "replication", "master_replid"));
    a.set("after", "promotion");
    awaitSameOffset(a, b);
    assertThat(b.get("after")).isEqualTo("promotion");
    assertThat(digest(b)).isEqualTo(digest(a));
  }

  @Test
  void theOldMasterRejoinsThePromotedReplicaWithAPartialResync() throws Exception {
    BanyanServer aServer = nodes.start(c -> {});
    Jedis a = follow(aServer, master.port());
    m.set("k", "v");
    awaitSameOffset(m, a);
    // The old master stops producing (a planned switch): its offset is the replica's.
    a.replicaofNoOne();
    assertThat(infoLong(m, "replication", "master_repl_offset"))
        .isLessThanOrEqualTo(infoLong(a, "replication", "master_repl_offset"));
    m.replicaof("127.0.0.1", aServer.port());
    awaitLinkUp(m);
    assertThat(infoLong(a, "stats", "sync_full")).isZero();
    assertThat(infoLong(a, "stats", "sync_partial_ok")).isEqualTo(1);
    a.set("new", "1");
    awaitCaughtUp(a, m);
    assertThat(m.get("new")).isEqualTo("1");
    assertThat(digest(m)).isEqualTo(digest(a));
  }

  @Test
  void subReplicasOfAPromotedReplicaResyncPartiallyAndLearnTheNewId() throws Exception {
    BanyanServer aServer = nodes.start(c -> {});
    BanyanServer cServer = nodes.start(c -> {});
    Jedis a = follow(aServer, master.port());
    Jedis chained = follow(cServer, aServer.port());
    m.set("k", "v");
    awaitSameOffset(m, chained);
    a.replicaofNoOne();
    String newId = info(a, "replication", "master_replid");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                newId.equals(info(chained, "replication", "master_replid"))
                    && "up".equals(info(chained, "replication", "master_link_status")));
    assertThat(infoLong(a, "stats", "sync_full")).isEqualTo(1); // only the chain's first sync
    assertThat(infoLong(a, "stats", "sync_partial_ok")).isEqualTo(1);
    a.set("after", "1");
    awaitSameOffset(a, chained);
    assertThat(chained.get("after")).isEqualTo("1");
  }

  @Test
  void aReplicaThatContinuesWithANewMasterIdTellsItsSubReplicas() throws Exception {
    BanyanServer aServer = nodes.start(c -> {});
    BanyanServer bServer = nodes.start(c -> {});
    BanyanServer cServer = nodes.start(c -> {});
    Jedis a = follow(aServer, master.port());
    Jedis b = follow(bServer, master.port());
    Jedis chained = follow(cServer, aServer.port());
    m.set("k", "v");
    awaitSameOffset(m, b);
    awaitSameOffset(m, chained);
    b.replicaofNoOne();
    a.replicaof("127.0.0.1", bServer.port());
    String newId = info(b, "replication", "master_replid");
    // A continues with B under B's new id (+CONTINUE newid); its own replica must follow.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                newId.equals(info(chained, "replication", "master_replid"))
                    && "up".equals(info(chained, "replication", "master_link_status")));
    assertThat(infoLong(b, "stats", "sync_full")).isZero();
    assertThat(infoLong(a, "stats", "sync_full")).isEqualTo(1); // the chain's first sync only
    assertThat(infoLong(a, "stats", "sync_partial_ok")).isGreaterThanOrEqualTo(1);
    b.set("after", "1");
    awaitSameOffset(b, chained);
    assertThat(chained.get("after")).isEqualTo("1");
    assertThat(digest(chained)).isEqualTo(digest(b));
  }

  @Test
  void aRestartedMasterLetsItsReplicaContinue() throws Exception {
    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = follow(replicaServer, master.port());
    m.set("a", "1");
    awaitSameOffset(m, r);
    String dir = m.configGet("dir").get("dir");
    int port = master.port();
    String oldId = info(m, "replication", "master_replid");
    long offset = infoLong(m, "replication", "master_repl_offset");
    try (RespClient c = new RespClient("127.0.0.1", port)) {
      c.send("SHUTDOWN", "SAVE");
      assertThat(c.isClosedByServer()).isTrue();
    }
    master.stopped().get(30, TimeUnit.SECONDS);
    // The replica learns of the closed link on its own event loop; until it has, its INFO still
    // says "up" about the old connection and awaitLinkUp below would prove nothing.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> "down".equals(info(r, "replication", "master_link_status")));
    BanyanServer restarted =
        nodes.start(
            c -> {
              c.dir = dir;
              c.port = port;
            });
    Jedis m2 = nodes.jedis(restarted.port());
    assertThat(info(m2, "replication", "master_replid2")).isEqualTo(oldId);
    assertThat(infoLong(m2, "replication", "second_repl_offset")).isEqualTo(offset + 1);
    awaitLinkUp(r);
    assertThat(infoLong(m2, "stats", "sync_partial_ok")).isEqualTo(1);
    assertThat(infoLong(m2, "stats", "sync_full")).isZero();
    m2.set("b", "2");
    awaitSameOffset(m2, r);
    assertThat(r.get("b")).isEqualTo("2");
    assertThat(digest(r)).isEqualTo(digest(m2));
  }

  @Test
  void aRestartedReplicaContinuesFromItsRdbFile() throws Exception {
    BanyanServer r1 = nodes.start(c -> {});
    String dir;
    int port = r1.port();
    try (Jedis r = new Jedis("127.0.0.1", port)) {
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      m.set("a", "1");
      m.select(4);
      m.set("in4", "x");
      awaitSameOffset(m, r);
      dir = r.configGet("dir").get("dir");
    }
    try (RespClient c = new RespClient("127.0.0.1", port)) {
      c.send("SHUTDOWN", "SAVE");
      assertThat(c.isClosedByServer()).isTrue();
    }
    r1.stopped().get(30, TimeUnit.SECONDS);
    m.set("while-down", "2"); // still in database 4, without a SELECT in the backlog after it

    BanyanServer r2 =
        nodes.start(
            c -> {
              c.dir = dir;
              c.replicaOfHost = "127.0.0.1";
              c.replicaOfPort = master.port();
            });
    Jedis r = nodes.jedis(r2.port());
    awaitLinkUp(r);
    awaitSameOffset(m, r);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(1);
    r.select(4);
    assertThat(r.get("while-down")).isEqualTo("2");
    assertThat(digest(r)).isEqualTo(digest(m));
  }
}
