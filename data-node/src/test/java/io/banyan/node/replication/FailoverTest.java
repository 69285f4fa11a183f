package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** FAILOVER between Banyan nodes: errors as Redis 7.0, switchover, TIMEOUT, ABORT, no loss. */
class FailoverTest extends MasterTestBase {

  private BanyanServer attachReplica() throws Exception {
    BanyanServer s = nodes.start(c -> {});
    Jedis r = nodes.jedis(s.port());
    r.replicaof("127.0.0.1", master.port());
    awaitLinkUp(r);
    return s;
  }

  private static Object failover(Jedis j, String... args) {
    return j.sendCommand(Cmd.FAILOVER, args);
  }

  private static void awaitState(Jedis j, String state) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> state.equals(info(j, "replication", "master_failover_state")));
  }

  private enum Cmd implements redis.clients.jedis.commands.ProtocolCommand {
    FAILOVER,
    DEBUG;

    @Override
    public byte[] getRaw() {
      return name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
  }

  @Test
  void errorsMatchRedis() throws Exception {
    assertThatThrownBy(() -> failover(m))
        .isInstanceOf(JedisDataException.class)
        .hasMessage("ERR FAILOVER requires connected replicas.");
    assertThatThrownBy(() -> failover(m, "ABORT")).hasMessage("ERR No failover in progress.");
    assertThatThrownBy(() -> failover(m, "TIMEOUT", "0"))
        .hasMessage("ERR FAILOVER timeout must be greater than 0");
    assertThatThrownBy(() -> failover(m, "TIMEOUT", "x"))
        .hasMessage("ERR value is not an integer or out of range");
    assertThatThrownBy(() -> failover(m, "BOGUS")).hasMessage("ERR syntax error");
    assertThatThrownBy(() -> failover(m, "TO", "127.0.0.1")).hasMessage("ERR syntax error");
    BanyanServer replica = attachReplica();
    assertThatThrownBy(() -> failover(m, "TO", "127.0.0.1", "1", "FORCE"))
        .hasMessage(
            "ERR FAILOVER with force option requires both a timeout and target HOST and IP.");
    assertThatThrownBy(() -> failover(m, "TO", "127.0.0.1", "1"))
        .hasMessage("ERR FAILOVER target HOST and PORT is not a replica.");
    Jedis r = nodes.jedis(replica.port());
    assertThatThrownBy(() -> failover(r))
        .hasMessage("ERR FAILOVER is not valid when server is a replica.");
    assertThat(info(m, "replication", "master_failover_state")).isEqualTo("no-failover");
  }

  @Test
  void switchesRolesWithoutLosingData() throws Exception {
    BanyanServer target = attachReplica();
    BanyanServer other = attachReplica();
    Jedis t = nodes.jedis(target.port());
    Jedis o = nodes.jedis(other.port());
    for (int i = 0; i < 500; i++) {
      m.set("k" + i, "v" + i);
    }
    assertThat(failover(m, "TO", "127.0.0.1", Integer.toString(target.port())))
        .isEqualTo("OK".getBytes());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "master".equals(info(t, "replication", "role")));
    awaitState(m, "no-failover");
    assertThat(info(m, "replication", "role")).isEqualTo("slave");
    assertThat(info(m, "replication", "master_port")).isEqualTo(Integer.toString(target.port()));
    awaitLinkUp(m);
    // Former master continued the target's history with a partial resync, no full sync.
    assertThat(info(t, "stats", "sync_full")).isEqualTo("0");
    assertThat(info(t, "stats", "sync_partial_ok")).isEqualTo("1");
    assertThat(t.dbSize()).isEqualTo(500);
    t.set("after", "failover");
    awaitCaughtUp(t, m);
    assertThat(m.get("after")).isEqualTo("failover");
    assertThatThrownBy(() -> m.set("x", "y")).hasMessageStartingWith("READONLY");
    // The other replica still follows the old master, which now relays the new master's stream.
    await().atMost(Duration.ofSeconds(20)).until(() -> "failover".equals(o.get("after")));
  }

  /** A replica that completes a sync and then never acknowledges: a master must wait for it. */
  private java.net.Socket silentReplica() throws Exception {
    java.net.Socket s = new java.net.Socket("127.0.0.1", master.port());
    s.getOutputStream()
        .write(
            "REPLCONF listening-port 4321\r\nPSYNC ? -1\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> String.valueOf(info(m, "replication", "slave0")).contains("state=online"));
    return s;
  }

  @Test
  void timeoutAbortsAndAbortCancels() throws Exception {
    try (java.net.Socket silent = silentReplica()) {
      m.set("moved", "on");
      assertThat(failover(m, "TIMEOUT", "300")).isEqualTo("OK".getBytes());
      assertThat(info(m, "replication", "master_failover_state")).isEqualTo("waiting-for-sync");
      assertThatThrownBy(() -> failover(m)).hasMessage("ERR FAILOVER already in progress.");
      awaitState(m, "no-failover");
      assertThat(info(m, "replication", "role")).isEqualTo("master");
      assertThat(m.set("writable", "again")).isEqualTo("OK");

      assertThat(failover(m, "TO", "127.0.0.1", "4321")).isEqualTo("OK".getBytes());
      assertThat(info(m, "replication", "master_failover_state")).isEqualTo("waiting-for-sync");
      assertThat(failover(m, "ABORT")).isEqualTo("OK".getBytes());
      assertThat(info(m, "replication", "master_failover_state")).isEqualTo("no-failover");
      assertThat(m.set("still", "master")).isEqualTo("OK");
      assertThat(info(m, "replication", "role")).isEqualTo("master");
    }
  }

  @Test
  void forceSwitchesAfterTheTimeoutAndAnUnreachableTargetAborts() throws Exception {
    try (java.net.Socket silent = silentReplica()) {
      m.set("unacknowledged", "1");
      String replId = info(m, "replication", "master_replid");
      // Nothing listens on the silent replica's announced port: the forced switch cannot complete.
      assertThat(failover(m, "TO", "127.0.0.1", "4321", "FORCE", "TIMEOUT", "100"))
          .isEqualTo("OK".getBytes());
      awaitState(m, "no-failover");
      assertThat(info(m, "replication", "role")).isEqualTo("master");
      // It did follow the target for a moment: becoming a master again started a new history.
      assertThat(info(m, "replication", "master_replid")).isNotEqualTo(replId);
      assertThat(info(m, "replication", "master_replid2")).isEqualTo(replId);
      assertThat(m.set("writable", "again")).isEqualTo("OK");
    }
  }

  @Test
  void writesWaitDuringTheFailover() throws Exception {
    try (java.net.Socket silent = silentReplica()) {
      m.set("unacknowledged", "1"); // the silent replica never confirms it: the failover waits
      assertThat(failover(m)).isEqualTo("OK".getBytes());
      try (java.net.Socket w = new java.net.Socket("127.0.0.1", master.port())) {
        w.getOutputStream()
            .write("SET held 1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        w.setSoTimeout(300);
        // No reply while the failover pauses writes; reads go on meanwhile.
        assertThatThrownBy(() -> w.getInputStream().read())
            .isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(m.get("held")).isNull();
        assertThat(failover(m, "ABORT")).isEqualTo("OK".getBytes());
        w.setSoTimeout(10_000);
        byte[] reply = new byte[5];
        assertThat(w.getInputStream().readNBytes(reply, 0, 5)).isEqualTo(5);
        assertThat(new String(reply, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("+OK\r\n");
        assertThat(m.get("held")).isEqualTo("1");
      }
    }
  }

  @Test
  void everyAcknowledgedWriteSurvives() throws Exception {
    BanyanServer target = attachReplica();
    Jedis t = nodes.jedis(target.port());
    AtomicBoolean stop = new AtomicBoolean();
    List<String> acked = new ArrayList<>();
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try (Jedis w = new Jedis("127.0.0.1", master.port(), 10_000)) {
                for (int i = 0; !stop.get(); i++) {
                  String key = "w" + i;
                  try {
                    w.set(key, "v" + i);
                    if (w.waitReplicas(1, 5000) >= 1) {
                      acked.add(key);
                    }
                  } catch (JedisDataException
                      | redis.clients.jedis.exceptions.JedisConnectionException e) {
                    // READONLY, or the connection closed: the master was demoted (it disconnects
                    // its clients so they reconnect to the new one).
                    return;
                  }
                }
              }
            });
    await().until(() -> acked.size() > 50);
    assertThat(failover(m, "TO", "127.0.0.1", Integer.toString(target.port())))
        .isEqualTo("OK".getBytes());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "master".equals(info(t, "replication", "role")));
    writer.get(30, java.util.concurrent.TimeUnit.SECONDS);
    stop.set(true);
    assertThat(acked).isNotEmpty();
    for (String key : acked) {
      assertThat(t.exists(key)).as(key).isTrue();
    }
  }
}
