package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A replica bound to one address connects to its master from that address (as Redis does), so the
 * master lists it — and FAILOVER TO can find it — under the address it serves on, even when the
 * host has several (local mode runs every node on its own 127.x address).
 */
class LinkSourceAddressTest {
  private final ReplicationNodes nodes = new ReplicationNodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void theMasterSeesTheReplicaAtItsBindAddressAndCanFailOverToIt() throws Exception {
    BanyanServer master = nodes.start(c -> {});
    BanyanServer replica = nodes.start(c -> c.bind = List.of("127.0.0.7"));
    Jedis m = nodes.jedis(master.port());
    try (Jedis r = new Jedis("127.0.0.7", replica.port(), 10_000)) {
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      assertThat(m.info("replication")).contains("ip=127.0.0.7,port=" + replica.port());
      m.set("k", "v");
      assertThat(m.sendCommand(() -> "FAILOVER".getBytes(), "TO", "127.0.0.7", "" + replica.port()))
          .isNotNull();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.info("replication").contains("role:master"));
      assertThat(r.get("k")).isEqualTo("v");
    }
  }

  @Test
  void wildcardBindsLeaveTheSourceToTheKernel() throws Exception {
    java.net.InetAddress v4 = java.net.InetAddress.getByName("127.0.0.1");
    java.net.InetAddress v6 = java.net.InetAddress.getByName("::1");
    assertThat(MasterLink.sourceAddress(List.of("*", "-::*"), v4)).isNull();
    assertThat(MasterLink.sourceAddress(List.of("0.0.0.0"), v4)).isNull();
    assertThat(MasterLink.sourceAddress(List.of("-127.0.0.5"), v4).getHostString())
        .isEqualTo("127.0.0.5");
    // Only an address of the master's family can be the source.
    assertThat(MasterLink.sourceAddress(List.of("127.0.0.5"), v6)).isNull();
    assertThat(MasterLink.sourceAddress(List.of("127.0.0.5", "::1"), v6).getAddress())
        .isEqualTo(v6);
  }
}
