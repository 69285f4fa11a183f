package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Banyan master and Banyan replicas on loopback: full and partial sync, streaming, WAIT, ROLE. */
class BanyanReplicationTest extends MasterTestBase {

  private static void fillEveryType(Jedis j) {
    j.set("str", "hello");
    j.set("num", "12345");
    j.setex("ttl", 1000, "v");
    j.rpush("list", "a", "b", "c");
    j.hset("hash", Map.of("f1", "v1", "f2", "v2"));
    j.sadd("set", "x", "y", "z");
    j.sadd("intset", "1", "2", "3");
    j.zadd("zset", Map.of("m1", 1.5, "m2", 2.5));
    j.select(3);
    j.set("in-db3", "three");
    j.select(0);
  }

  private Jedis replicaOf(BanyanServer replicaServer) {
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    return r;
  }

  @Test
  void fullSyncCopiesEveryTypeThenStreamsWrites() throws Exception {
    fillEveryType(m);
    Jedis r = replicaOf(nodes.start(c -> {}));
    awaitCaughtUp(m, r);
    assertThat(r.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"))
        .isEqualTo(m.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"));
    assertThat(r.lrange("list", 0, -1)).containsExactly("a", "b", "c");
    assertThat(r.ttl("ttl")).isPositive();

    m.incr("num");
    m.select(5);
    m.set("db5", "five");
    m.select(0);
    redis.clients.jedis.Transaction tx = m.multi();
    tx.set("tx1", "1");
    tx.set("tx2", "2");
    tx.exec();
    m.del("set");
    awaitCaughtUp(m, r);
    assertThat(r.get("num")).isEqualTo("12346");
    assertThat(r.get("tx2")).isEqualTo("2");
    assertThat(r.exists("set")).isFalse();
    r.select(5);
    assertThat(r.get("db5")).isEqualTo("five");
    r.select(0);
    assertThat(r.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"))
        .isEqualTo(m.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"));
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);
    assertThat(infoLong(r, "replication", "slave_repl_offset"))
        .isEqualTo(infoLong(m, "replication", "master_repl_offset"));
    assertThat(info(m, "replication", "connected_slaves")).isEqualTo("1");
    assertThat(info(m, "replication", "slave0")).contains("state=online");
    assertThat(info(r, "replication", "master_replid"))
        .isEqualTo(info(m, "replication", "master_replid"));
  }

  @Test
  void replicaRefusesWritesButReads() throws Exception {
    m.set("k", "v");
    Jedis r = replicaOf(nodes.start(c -> {}));
    awaitCaughtUp(m, r);
    assertThatThrownBy(() -> r.set("k", "other"))
        .isInstanceOf(JedisDataException.class)
        .hasMessage("READONLY You can't write against a read only replica.");
    assertThat(r.get("k")).isEqualTo("v");
    r.replicaofNoOne();
    assertThat(r.set("k", "mine")).isEqualTo("OK");
    assertThat(info(r, "replication", "role")).isEqualTo("master");
    assertThat(info(r, "replication", "master_replid2"))
        .isEqualTo(info(m, "replication", "master_replid"));
  }

  @Test
  void roleReportsBothSides() throws Exception {
    Jedis r = replicaOf(nodes.start(c -> {}));
    awaitCaughtUp(m, r);
    List<Object> masterRole = m.role();
    assertThat(masterRole.get(0)).isEqualTo("master");
    await().atMost(Duration.ofSeconds(10)).until(() -> ((List<?>) m.role().get(2)).size() == 1);
    List<Object> replicaRole = r.role();
    assertThat(replicaRole.get(0)).isEqualTo("slave");
    assertThat(replicaRole.get(1)).isEqualTo("127.0.0.1");
    assertThat(replicaRole.get(2)).isEqualTo((long) master.port());
    assertThat(replicaRole.get(3)).isEqualTo("connected");
  }

  @Test
  void partialResyncAfterTheLinkIsKilled() throws Exception {
    Jedis r = replicaOf(nodes.start(c -> {}));
    m.set("before", "1");
    awaitCaughtUp(m, r);
    long fullBefore = infoLong(m, "stats", "sync_full");
    long partialBefore = infoLong(m, "stats", "sync_partial_ok");
    r.clientKill(
        new redis.clients.jedis.params.ClientKillParams()
            .type(redis.clients.jedis.args.ClientType.MASTER));
    m.set("during", "2");
    m.select(2);
    m.set("other-db", "x");
    m.select(0);
    awaitLinkUp(r);
    awaitCaughtUp(m, r);
    assertThat(r.get("during")).isEqualTo("2");
    r.select(2);
    assertThat(r.get("other-db")).isEqualTo("x");
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(fullBefore);
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(partialBefore + 1);
    m.select(2);
    m.set("after", "3");
    awaitCaughtUp(m, r);
    assertThat(r.get("after")).isEqualTo("3");
  }

  @Test
  void fullResyncWhenTheBacklogWasOverrun() throws Exception {
    m.configSet("repl-backlog-size", "16384");
    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = replicaOf(replicaServer);
    awaitCaughtUp(m, r);
    // Point the replica at a port nobody listens on, write more than the backlog, come back.
    r.replicaof("127.0.0.1", 1);
    String big = "x".repeat(1000);
    for (int i = 0; i < 100; i++) {
      m.set("big" + i, big);
    }
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    awaitCaughtUp(m, r);
    assertThat(r.get("big99")).isEqualTo(big);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(2);
    assertThat(infoLong(m, "stats", "sync_partial_err")).isEqualTo(1);
  }

  @Test
  void waitCountsAcknowledgingReplicasAndTimesOut() throws Exception {
    Jedis r = replicaOf(nodes.start(c -> {}));
    awaitCaughtUp(m, r);
    m.set("w", "1");
    assertThat(m.waitReplicas(1, 5000)).isEqualTo(1);
    m.set("w", "2");
    assertThat(m.waitReplicas(2, 300)).isEqualTo(1);
    assertThat(m.waitReplicas(0, 0)).isGreaterThanOrEqualTo(0);
    assertThatThrownBy(() -> r.waitReplicas(1, 10))
        .hasMessageStartingWith("ERR WAIT cannot be used with replica instances.");
    assertThatThrownBy(() -> m.sendCommand(() -> "WAIT".getBytes(), "1", "-1"))
        .hasMessage("ERR timeout is negative");
  }

  @Test
  void chainedReplicaGetsTheSameOffsets() throws Exception {
    BanyanServer first = nodes.start(c -> {});
    Jedis r1 = replicaOf(first);
    m.select(3);
    m.set("before", "0");
    awaitCaughtUp(m, r1);
    BanyanServer second = nodes.start(c -> {});
    Jedis r2 = nodes.jedis(second.port());
    r2.replicaof("127.0.0.1", first.port());
    awaitLinkUp(r2);
    // The relayed stream goes on in database 3 without a SELECT: repl-stream-db carries it.
    m.set("chain", "1");
    awaitCaughtUp(m, r1);
    r2.select(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(r2.get("chain")));
    assertThat(r2.get("before")).isEqualTo("0");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                infoLong(r2, "replication", "slave_repl_offset")
                    == infoLong(m, "replication", "master_repl_offset"));
    assertThat(info(r2, "replication", "master_replid"))
        .isEqualTo(info(m, "replication", "master_replid"));
  }

  @Test
  void replicationAndTheAppendOnlyFileBothReceiveEveryWrite() throws Exception {
    BanyanServer aofMaster = nodes.start(c -> c.appendOnly = true);
    Jedis am = nodes.jedis(aofMaster.port());
    BanyanServer replicaServer = nodes.start(c -> {});
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", aofMaster.port());
    awaitLinkUp(r);
    am.set("both", "1");
    am.rpush("l", "x");
    Object acks = am.sendCommand(() -> "WAITAOF".getBytes(), "1", "0", "0");
    assertThat(acks).isEqualTo(List.of(1L, 0L));
    assertThat(am.waitReplicas(1, 5000)).isEqualTo(1);
    assertThat(r.get("both")).isEqualTo("1");
    java.nio.file.Path dir = java.nio.file.Path.of(am.configGet("dir").get("dir"), "appendonlydir");
    String incr;
    try (var files = java.nio.file.Files.list(dir)) {
      java.nio.file.Path file =
          files.filter(p -> p.toString().endsWith(".incr.aof")).findFirst().orElseThrow();
      incr = java.nio.file.Files.readString(file);
    }
    assertThat(incr).contains("both").containsIgnoringCase("rpush");
  }

  @Test
  void aReplicaWithAnAppendOnlyFileRewritesItAfterTheFullSync() throws Exception {
    m.set("from-master", "1");
    BanyanServer replicaServer = nodes.start(c -> c.appendOnly = true);
    Jedis r = nodes.jedis(replicaServer.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                infoLong(r, "persistence", "aof_rewrites") >= 1
                    && infoLong(r, "persistence", "aof_rewrite_in_progress") == 0);
    m.set("streamed", "2");
    awaitCaughtUp(m, r);
    // Restarted from its AOF alone, the node has what the master sent: snapshot and stream.
    String dir = r.configGet("dir").get("dir");
    r.close();
    replicaServer.close();
    BanyanServer restarted =
        nodes.start(
            c -> {
              c.appendOnly = true;
              c.dir = dir;
            });
    Jedis again = nodes.jedis(restarted.port());
    assertThat(again.get("from-master")).isEqualTo("1");
    assertThat(again.get("streamed")).isEqualTo("2");
  }

  @Test
  void argumentErrorsMatchRedis() {
    assertThatThrownBy(() -> m.sendCommand(() -> "REPLCONF".getBytes(), "a"))
        .hasMessage("ERR syntax error");
    assertThatThrownBy(() -> m.sendCommand(() -> "REPLCONF".getBytes(), "foo", "bar"))
        .hasMessage("ERR Unrecognized REPLCONF option: foo");
    assertThatThrownBy(() -> m.sendCommand(() -> "REPLCONF".getBytes(), "listening-port", "x"))
        .hasMessage("ERR value is not an integer or out of range");
    assertThatThrownBy(() -> m.sendCommand(() -> "WAIT".getBytes(), "x", "1"))
        .hasMessage("ERR value is not an integer or out of range");
    assertThatThrownBy(() -> m.sendCommand(() -> "WAIT".getBytes(), "1", "x"))
        .hasMessage("ERR timeout is not an integer or out of range");
    assertThatThrownBy(() -> m.sendCommand(() -> "REPLICAOF".getBytes(), "localhost", "x"))
        .hasMessage("ERR Invalid master port");
    assertThatThrownBy(() -> m.sendCommand(() -> "REPLICAOF".getBytes(), "localhost", "70000"))
        .hasMessage("ERR Invalid master port");
    assertThat(m.role()).containsExactly("master", 0L, List.of());
    assertThat(m.replicaofNoOne()).isEqualTo("OK");
  }
}
