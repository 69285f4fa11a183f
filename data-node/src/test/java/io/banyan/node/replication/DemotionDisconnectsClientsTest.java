package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RespClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A master that is fenced (BANYAN FENCE) or demoted (REPLICAOF host port, FAILOVER) closes the
 * connections of its normal and pub/sub clients after their replies, so they reconnect through the
 * Service to the new master; blocked clients first get UNBLOCKED. Its replicas, its own master link
 * and the client that gave the order keep their connections.
 */
class DemotionDisconnectsClientsTest {
  private static final RespClient.Err UNBLOCKED =
      new RespClient.Err(
          "UNBLOCKED force unblock from blocking operation, instance state changed (master ->"
              + " replica?)");

  private ReplicationNodes nodes;
  private BanyanServer master;
  private BanyanServer replica;
  private Jedis admin;
  private Jedis r;

  @BeforeEach
  void start() throws Exception {
    nodes = new ReplicationNodes();
    master = nodes.start(c -> {});
    replica = nodes.start(c -> {});
    admin = nodes.jedis(master.port());
    r = nodes.jedis(replica.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  @Test
  void fencingClosesClientsButKeepsReplicasAndTheCaller() {
    Clients c = clientsOf(master);
    long fullSyncs = Long.parseLong(info(admin, "stats", "sync_full"));
    assertThat(admin.sendCommand(() -> "BANYAN".getBytes(), "FENCE", "2")).isNotNull();
    c.assertAllClosed();
    assertThat(admin.ping()).isEqualTo("PONG");
    // The replica's link was left alone: still up, no new synchronisation.
    assertThat(info(r, "replication", "master_link_status")).isEqualTo("up");
    assertThat(info(admin, "replication", "connected_slaves")).isEqualTo("1");
    assertThat(info(admin, "stats", "sync_full")).isEqualTo(Long.toString(fullSyncs));
    assertThat(info(admin, "stats", "sync_partial_ok")).isEqualTo("0");
    // A repeated FENCE (an operator retry) closes nobody: new clients stay.
    try (RespClient later = new RespClient("127.0.0.1", master.port())) {
      admin.sendCommand(() -> "BANYAN".getBytes(), "FENCE", "2");
      assertThat(later.call("PING")).isEqualTo("PONG");
    }
  }

  @Test
  void replicaofClosesClientsAndKeepsTheNewMasterLink() throws Exception {
    BanyanServer other = nodes.start(c -> {});
    Clients c = clientsOf(master);
    assertThat(admin.replicaof("127.0.0.1", other.port())).isEqualTo("OK");
    c.assertAllClosed();
    assertThat(admin.ping()).isEqualTo("PONG");
    awaitLinkUp(admin);
  }

  @Test
  void failoverClosesTheOldMastersClients() throws Exception {
    Clients c = clientsOf(master);
    assertThat(
            admin.sendCommand(
                () -> "FAILOVER".getBytes(), "TO", "127.0.0.1", Integer.toString(replica.port())))
        .isNotNull();
    c.assertAllClosed();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "slave".equals(info(admin, "replication", "role")));
    awaitLinkUp(admin);
    assertThat(info(r, "replication", "role")).isEqualTo("master");
  }

  /** A normal client, a subscriber and a client blocked in BLPOP on the node. */
  private record Clients(RespClient normal, RespClient subscriber, RespClient blocked) {
    void assertAllClosed() {
      assertThat(blocked.read()).isEqualTo(UNBLOCKED);
      for (RespClient c : List.of(normal, subscriber, blocked)) {
        await().atMost(Duration.ofSeconds(10)).until(c::isClosedByServer);
      }
    }
  }

  private Clients clientsOf(BanyanServer node) {
    RespClient normal = new RespClient("127.0.0.1", node.port());
    RespClient subscriber = new RespClient("127.0.0.1", node.port());
    RespClient blocked = new RespClient("127.0.0.1", node.port());
    nodes.closeLater(normal, subscriber, blocked);
    assertThat(normal.call("SET", "k", "v")).isEqualTo("OK");
    assertThat(subscriber.call("SUBSCRIBE", "news")).isInstanceOf(List.class);
    blocked.send("BLPOP", "list", "0");
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.clientList().contains("cmd=blpop"));
    return new Clients(normal, subscriber, blocked);
  }
}
