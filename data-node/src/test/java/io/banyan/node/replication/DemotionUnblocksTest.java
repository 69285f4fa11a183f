package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** As Redis 7.0: REPLICAOF host port ends every blocked client's wait with UNBLOCKED. */
class DemotionUnblocksTest {
  private static final Err UNBLOCKED =
      new Err(
          "UNBLOCKED force unblock from blocking operation, instance state changed (master ->"
              + " replica?)");

  private ReplicationNodes nodes;
  private BanyanServer node;
  private BanyanServer other;
  private Jedis admin;

  @BeforeEach
  void start() throws Exception {
    nodes = new ReplicationNodes();
    node = nodes.start(c -> {});
    other = nodes.start(c -> {});
    admin = nodes.jedis(node.port());
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  private void awaitCommand(String cmd) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> admin.clientList().contains("cmd=" + cmd));
  }

  @Test
  void waitAndBlpopOnADemotedMasterGetUnblockedAndAreDisconnected() {
    try (RespClient waiter = new RespClient("127.0.0.1", node.port());
        RespClient popper = new RespClient("127.0.0.1", node.port())) {
      waiter.call("SET", "k", "v");
      waiter.send("WAIT", "1", "0");
      popper.send("BLPOP", "list", "0");
      awaitCommand("wait");
      awaitCommand("blpop");
      admin.replicaof("127.0.0.1", other.port());
      assertThat(waiter.read()).isEqualTo(UNBLOCKED);
      assertThat(popper.read()).isEqualTo(UNBLOCKED);
      await().atMost(Duration.ofSeconds(10)).until(waiter::isClosedByServer);
      await().atMost(Duration.ofSeconds(10)).until(popper::isClosedByServer);
    }
    assertThat(info(admin, "clients", "blocked_clients")).isEqualTo("0");
    assertThat(admin.ping()).isEqualTo("PONG"); // the admin connection was not blocked: kept
  }

  @Test
  void aWaitWithATimeoutIsUnblockedToo() {
    try (RespClient waiter = new RespClient("127.0.0.1", node.port())) {
      waiter.call("SET", "k", "v");
      waiter.send("WAIT", "1", "60000");
      awaitCommand("wait");
      admin.replicaof("127.0.0.1", other.port());
      assertThat(waiter.read()).isEqualTo(UNBLOCKED);
    }
  }

  @Test
  void promotionUnblocksNobody() {
    admin.configSet("replica-read-only", "no");
    admin.replicaof("127.0.0.1", other.port());
    try (RespClient popper = new RespClient("127.0.0.1", node.port())) {
      popper.send("BLPOP", "list", "0");
      awaitCommand("blpop");
      admin.replicaofNoOne();
      admin.rpush("list", "x");
      assertThat(RespClient.str(((java.util.List<?>) popper.read()).get(1))).isEqualTo("x");
    }
  }
}
