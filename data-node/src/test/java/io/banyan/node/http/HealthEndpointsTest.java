package io.banyan.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.FreePorts;
import io.banyan.node.testing.HttpProbe;
import io.banyan.node.testing.NodeProcess;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.WedgeCommand;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The HTTP listener of banyan-http-port, over real HTTP: /metrics decoded by the Prometheus
 * client's own protobuf classes and checked by promtool, /readyz through its transitions (fenced,
 * admitted, replica link down and up, lag), /livez with the command thread wedged.
 */
class HealthEndpointsTest {
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
  void metricsUseRedisExporterNamesAndFollowTheNode() throws Exception {
    BanyanServer node = start(c -> {});
    RespClient c = client(node);
    c.call("SET", "a", "1");
    c.call("SET", "b", "2", "EX", "100");
    c.call("GET", "a");
    c.call("GET", "missing");
    c.call("BANYAN", "FENCE", "7");

    Scrape s = Scrape.of(node.httpPort());
    assertThat(s.value("redis_up")).isEqualTo(1);
    assertThat(s.value("redis_connected_clients")).isGreaterThanOrEqualTo(1);
    assertThat(s.value("redis_keyspace_hits_total")).isEqualTo(1);
    assertThat(s.value("redis_keyspace_misses_total")).isEqualTo(1);
    assertThat(s.type("redis_keyspace_hits_total")).isEqualTo(Metrics.MetricType.COUNTER);
    assertThat(s.values("redis_commands_total")).containsEntry(Map.of("cmd", "set"), 2.0);
    assertThat(s.values("redis_commands_duration_seconds_total")).containsKey(Map.of("cmd", "get"));
    assertThat(s.values("redis_db_keys")).containsEntry(Map.of("db", "db0"), 2.0);
    assertThat(s.values("redis_db_keys_expiring")).containsEntry(Map.of("db", "db0"), 1.0);
    assertThat(s.value("redis_memory_used_bytes")).isPositive();
    assertThat(s.value("redis_memory_max_bytes")).isZero();
    assertThat(s.value("redis_connected_slaves")).isZero();
    assertThat(s.value("redis_rdb_last_bgsave_status")).isEqualTo(1);
    assertThat(s.value("banyan_epoch")).isEqualTo(7);
    assertThat(s.value("banyan_fenced")).isEqualTo(1);
    assertThat(s.value("banyan_loading")).isZero();
    Map<String, String> info = s.values("redis_instance_info").keySet().iterator().next();
    assertThat(info)
        .containsEntry("role", "master")
        .containsEntry("redis_version", "7.0.15")
        .containsEntry("tcp_port", Integer.toString(node.port()))
        .containsKeys("run_id", "master_replid", "maxmemory_policy", "process_id");

    // The text format for Prometheus, checked by Prometheus's own tool.
    HttpProbe.Answer text = HttpProbe.get(node.httpPort(), "/metrics");
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(text.text()).contains("redis_commands_processed_total ");
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/promtool")),
        "promtool (Debian package prometheus) is not installed");
    assertThat(Scrape.promtool(text.body())).isEqualTo(List.of(0, ""));
  }

  @Test
  void replicationMetricsOnBothEnds() throws Exception {
    BanyanServer master = start(c -> {});
    BanyanServer replica = start(c -> {});
    RespClient r = client(replica);
    assertThat(r.call("REPLICAOF", "127.0.0.1", master.port())).isEqualTo("OK");
    awaitStatus(replica, "/readyz", 200);
    Scrape onReplica = Scrape.of(replica.httpPort());
    Map<String, String> link =
        Map.of("master_host", "127.0.0.1", "master_port", Integer.toString(master.port()));
    assertThat(onReplica.values("redis_master_link_up")).containsEntry(link, 1.0);
    assertThat(onReplica.values("redis_master_last_io_seconds_ago")).containsKey(link);
    assertThat(onReplica.values("redis_instance_info").keySet().iterator().next())
        .containsEntry("role", "slave");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Scrape.of(master.httpPort()).value("redis_connected_slaves") == 1);
    client(master).call("SET", "k", "v");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Scrape.of(master.httpPort()).value("redis_master_repl_offset") > 0);
    Scrape onMaster = Scrape.of(master.httpPort());
    Map<String, String> labels =
        onMaster.values("redis_connected_slave_offset_bytes").keySet().iterator().next();
    assertThat(labels)
        .containsEntry("slave_ip", "127.0.0.1")
        .containsEntry("slave_port", Integer.toString(replica.port()))
        .containsEntry("slave_state", "online");
    assertThat(onMaster.values("redis_connected_slave_lag_seconds")).containsKey(labels);
  }

  @Test
  void readyzFollowsFenceAdmissionAndTheReplicaLink() throws Exception {
    BanyanServer master = start(c -> {});
    RespClient m = client(master);
    assertThat(HttpProbe.get(master.httpPort(), "/readyz").text()).isEqualTo("ok\n");
    m.call("BANYAN", "FENCE", "3");
    HttpProbe.Answer fenced = HttpProbe.get(master.httpPort(), "/readyz");
    assertThat(fenced.status()).isEqualTo(503);
    assertThat(fenced.text()).isEqualTo("fenced at epoch 3\n");
    m.call("BANYAN", "ADMIT", "3");
    assertThat(HttpProbe.get(master.httpPort(), "/readyz").status()).isEqualTo(200);

    // A replica is ready once linked and synced, not before, and not after its master is gone.
    BanyanServer replica = start(c -> {});
    RespClient r = client(replica);
    int nowhere = NodeProcess.freePort();
    r.call("REPLICAOF", "127.0.0.1", nowhere);
    HttpProbe.Answer down = HttpProbe.get(replica.httpPort(), "/readyz");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.text()).isEqualTo("master link down\n");
    r.call("REPLICAOF", "127.0.0.1", master.port());
    awaitStatus(replica, "/readyz", 200);
    // Lag: no data for longer than banyan-ready-max-lag (the master pings every 60 s here).
    m.call("CONFIG", "SET", "repl-ping-replica-period", "60");
    r.call("CONFIG", "SET", "banyan-ready-max-lag", "1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                HttpProbe.get(replica.httpPort(), "/readyz")
                    .text()
                    .startsWith("last data from the master "));
    r.call("CONFIG", "SET", "banyan-ready-max-lag", "10");
    awaitStatus(replica, "/readyz", 200);
    master.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> HttpProbe.get(replica.httpPort(), "/readyz").text().equals("master link down\n"));
  }

  @Test
  void livezFailsWhileTheCommandThreadIsWedgedAndRecovers() throws Exception {
    BanyanServer node = start(c -> {});
    assertThat(HttpProbe.get(node.httpPort(), "/livez").text()).isEqualTo("ok\n");
    RespClient c = client(node);
    c.send("TEST-WEDGE");
    assertThat(wedge.awaitWedged(30)).isTrue();
    HttpProbe.Answer wedged = HttpProbe.get(node.httpPort(), "/livez");
    assertThat(wedged.status()).isEqualTo(503);
    assertThat(wedged.text()).startsWith("command thread ");
    // /readyz and /metrics answer too, from the HTTP thread: not ready, redis_up 0.
    assertThat(HttpProbe.get(node.httpPort(), "/readyz").status()).isEqualTo(503);
    assertThat(HttpProbe.get(node.httpPort(), "/metrics").text()).contains("redis_up 0");
    wedge.release();
    assertThat(c.read()).isEqualTo("OK");
    awaitStatus(node, "/livez", 200);
  }

  @Test
  void livezFailsWhenAnsweredLateAfterAFreeze(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    int[] httpPort = new int[1];
    NodeProcess node =
        FreePorts.startOnFreePort(
            port -> {
              httpPort[0] = port;
              return NodeProcess.start(dir, "--banyan-http-port", Integer.toString(port));
            });
    opened.add(node);
    int http = httpPort[0];
    // Awaited: on a loaded machine a JVM just started may answer its first probe past the bound.
    awaitStatus(http, "/livez", 200);
    node.freeze();
    var late = HttpProbe.send("127.0.0.1", http, "/livez", null);
    // Stopped for longer than the 2 s bound: the probe gets no answer meanwhile...
    await()
        .during(Duration.ofMillis(2600))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !late.isDone());
    node.thaw();
    // ... and when it resumes, the answer it gets says the node was not live.
    HttpProbe.Answer answer = late.get(30, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.text()).startsWith("command thread ");
    awaitStatus(http, "/livez", 200);
  }

  private void awaitStatus(BanyanServer node, String path, int status) {
    awaitStatus(node.httpPort(), path, status);
  }

  private static void awaitStatus(int httpPort, String path, int status) {
    // A node process counts as started once its RESP port answers; its HTTP listener binds a moment
    // later, so a refused connection only means "not yet" (as the kubelet retries its probes).
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(java.net.ConnectException.class)
        .until(() -> HttpProbe.get(httpPort, path).status() == status);
  }

  private BanyanServer start(Consumer<ServerConfig> configure) throws Exception {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = List.of("127.0.0.1");
    config.saveRules = List.of();
    config.dir = Files.createTempDirectory("banyan-http-").toString();
    config.replDisklessSyncDelaySeconds = 0;
    configure.accept(config);
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
