package io.banyan.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.FreePorts;
import io.banyan.node.testing.HttpProbe;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.WedgeCommand;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The preStop hook {@code /prestop?wait=S} over real HTTP with real nodes: a writable master holds
 * the kubelet's SIGTERM back until a FAILOVER has demoted it (or the bound passes); everyone else
 * is released at once.
 */
class PreStopEndpointTest {
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final WedgeCommand wedge = new WedgeCommand();

  @AfterEach
  void closeAll() throws Exception {
    wedge.release();
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
  }

  @Test
  void aMasterWaitsUntilItHasHandedOverThenAnswers() throws Exception {
    BanyanServer master = start();
    BanyanServer replica = start();
    RespClient m = client(master);
    link(replica, master);
    m.call("SET", "k", "last write");

    CompletableFuture<HttpProbe.Answer> hook = send(master, "/prestop?wait=60");
    // Held while the node is a writable master.
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !hook.isDone());

    assertThat(m.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(replica.port())))
        .isEqualTo("OK");
    HttpProbe.Answer answer = hook.get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).startsWith("not a writable master");
    // Released only once the hand-over finished: the old master already follows the target
    // before its PSYNC FAILOVER promotes it, and SIGTERM in between would leave no master.
    assertThat(info(m)).contains("master_failover_state:no-failover");
    RespClient r = client(replica);
    assertThat(info(r)).contains("role:master");
    assertThat(RespClient.str(r.call("GET", "k"))).isEqualTo("last write");
  }

  @Test
  void aFencedMasterIsReleased() throws Exception {
    BanyanServer master = start();
    BanyanServer replica = start();
    link(replica, master);
    CompletableFuture<HttpProbe.Answer> hook = send(master, "/prestop?wait=60");
    client(master).call("BANYAN", "FENCE", "3");
    assertThat(hook.get(30, TimeUnit.SECONDS).text()).startsWith("not a writable master");
  }

  @Test
  void theWaitEndsAtTheBoundWhenNobodyTakesOver() throws Exception {
    BanyanServer master = start();
    BanyanServer replica = start();
    link(replica, master);
    HttpProbe.Answer answer = send(master, "/prestop?wait=1").get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).startsWith("still the master after");
    assertThat(info(client(master))).contains("role:master"); // nothing else happened to it
  }

  @Test
  void replicasAndLoneMastersAreReleasedAtOnce() throws Exception {
    BanyanServer master = start();
    BanyanServer replica = start();
    link(replica, master);
    assertThat(HttpProbe.get(replica.httpPort(), "/prestop?wait=3600").text())
        .startsWith("not a writable master");

    BanyanServer lone = start();
    assertThat(HttpProbe.get(lone.httpPort(), "/prestop?wait=3600").text())
        .startsWith("master without replicas");
  }

  @Test
  void aWedgedNodeIsNotWaitedFor() throws Exception {
    BanyanServer master = start();
    BanyanServer replica = start();
    link(replica, master);
    RespClient m = client(master);
    m.send("TEST-WEDGE");
    assertThat(wedge.awaitWedged(10)).isTrue();
    HttpProbe.Answer answer = HttpProbe.get(master.httpPort(), "/prestop?wait=3600");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).startsWith("command thread did not answer");
  }

  @Test
  void aBadWaitIsRefusedNamingTheParameter() throws Exception {
    BanyanServer node = start();
    for (String query :
        List.of("", "?wait=", "?wait=-1", "?wait=3601", "?wait=1e3", "?wait=1&wait=2")) {
      HttpProbe.Answer answer = HttpProbe.get(node.httpPort(), "/prestop" + query);
      assertThat(answer.status()).as(query).isEqualTo(400);
      assertThat(answer.text()).as(query).contains("parameter wait");
    }
    assertThat(HttpProbe.get(node.httpPort(), "/livez").status()).isEqualTo(200);
  }

  private static CompletableFuture<HttpProbe.Answer> send(BanyanServer node, String path) {
    return HttpProbe.send("127.0.0.1", node.httpPort(), path, null);
  }

  private void link(BanyanServer replica, BanyanServer master) {
    RespClient r = client(replica);
    assertThat(r.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()))).isEqualTo("OK");
    RespClient m = client(master);
    await().atMost(Duration.ofSeconds(30)).until(() -> info(m).contains("connected_slaves:1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> info(r).contains("master_link_status:up"));
  }

  private static String info(RespClient c) {
    return RespClient.str(c.call("INFO", "replication"));
  }

  private BanyanServer start() throws Exception {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    config.saveRules = List.of();
    config.dir = Files.createTempDirectory("banyan-prestop-").toString();
    config.replDisklessSyncDelaySeconds = 0;
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.WARNING);
    BanyanServer server =
        FreePorts.startOnFreePort(
            port -> {
              config.banyanHttpPort = port;
              return new BanyanServer(config, log, wedge).start();
            });
    opened.add(server);
    return server;
  }

  private RespClient client(BanyanServer server) {
    RespClient c = new RespClient("127.0.0.1", server.port());
    opened.add(c);
    return c;
  }
}
