package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** repl-backlog-ttl: a master alone for that long frees its backlog and takes a new id. */
class BacklogTtlTest {
  private final ReplicationNodes nodes = new ReplicationNodes();

  @AfterEach
  void stop() {
    nodes.close();
  }

  @Test
  void aMasterWithoutReplicasFreesItsBacklogAfterTheTtlAndChangesItsId() throws Exception {
    BanyanServer master = nodes.start(c -> c.replBacklogTtlSeconds = 1);
    BanyanServer replica = nodes.start(c -> {});
    Jedis m = nodes.jedis(master.port());
    Jedis r = nodes.jedis(replica.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    m.set("k", "v");
    assertThat(info(m, "replication", "repl_backlog_active")).isEqualTo("1");
    String idWithReplica = info(m, "replication", "master_replid");

    r.replicaofNoOne();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "0".equals(info(m, "replication", "repl_backlog_active")));
    assertThat(info(m, "replication", "master_replid")).isNotEqualTo(idWithReplica);
    assertThat(info(m, "replication", "master_replid2"))
        .isEqualTo("0000000000000000000000000000000000000000");
    // The promoted replica keeps its backlog: it may have to serve partial resyncs.
    assertThat(info(r, "replication", "repl_backlog_active")).isEqualTo("1");
  }

  @Test
  void aTtlOfZeroKeepsTheBacklogForever() throws Exception {
    BanyanServer master = nodes.start(c -> c.replBacklogTtlSeconds = 0);
    BanyanServer replica = nodes.start(c -> {});
    Jedis m = nodes.jedis(master.port());
    Jedis r = nodes.jedis(replica.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    r.replicaofNoOne();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> "0".equals(info(m, "replication", "connected_slaves")));
    // Several cron rounds later the backlog is still there.
    long rounds = Long.parseLong(info(m, "server", "uptime_in_seconds")) + 3;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Long.parseLong(info(m, "server", "uptime_in_seconds")) >= rounds);
    assertThat(info(m, "replication", "repl_backlog_active")).isEqualTo("1");
  }
}
