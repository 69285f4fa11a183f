package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A replica whose master is gone still lets its own replicas continue from its backlog (a partial
 * resync hands over only history it has), while a full sync from it stays refused with NOMASTERLINK
 * as in Redis. The operator's failover relies on this: a master backup catches up from a chain head
 * that got further than it before the master died.
 */
class OrphanedChainTest {
  private final ReplicationNodes nodes = new ReplicationNodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void aSubReplicaContinuesFromAReplicaWhoseMasterDied() throws Exception {
    BanyanServer master = nodes.start(c -> {});
    BanyanServer head = nodes.start(c -> {});
    BanyanServer tail = nodes.start(c -> {});
    Jedis m = nodes.jedis(master.port());
    Jedis h = nodes.jedis(head.port());
    Jedis t = nodes.jedis(tail.port());
    h.replicaof("127.0.0.1", master.port());
    awaitLinkUp(h);
    t.replicaof("127.0.0.1", head.port());
    awaitLinkUp(t);
    m.set("k", "v");
    awaitCaughtUp(m, t);

    int deadPort = master.port();
    master.close();
    // Hold the dead master's port: test classes run in parallel here, and a node another one
    // starts on port 0 may be given this very port. The head would then reconnect to it (a full
    // sync from a stranger, its link up again within ~100 ms) and never be seen down. A listener
    // that accepts nothing keeps the head's link down, as a dead master's address does.
    ServerSocket holder = new ServerSocket();
    holder.setReuseAddress(true);
    holder.bind(new InetSocketAddress("127.0.0.1", deadPort));
    nodes.closeLater(holder);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "down".equals(info(h, "replication", "master_link_status")));
    h.clientKill(
        new redis.clients.jedis.params.ClientKillParams()
            .type(redis.clients.jedis.args.ClientType.REPLICA));

    awaitLinkUp(t);
    assertThat(info(h, "replication", "master_link_status")).isEqualTo("down");
    assertThat(t.get("k")).isEqualTo("v");
    assertThat(info(h, "stats", "sync_partial_ok")).isEqualTo("1");

    // A replica that cannot continue (another history) is still refused a full copy.
    String fullSyncsServed = info(h, "stats", "sync_full");
    BanyanServer fresh = nodes.start(c -> {});
    Jedis f = nodes.jedis(fresh.port());
    f.replicaof("127.0.0.1", head.port());
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> "down".equals(info(f, "replication", "master_link_status")));
    assertThat(info(h, "stats", "sync_full")).isEqualTo(fullSyncsServed);
  }
}
