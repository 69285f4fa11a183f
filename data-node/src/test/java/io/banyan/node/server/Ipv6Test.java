package io.banyan.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.log.ServerLog;
import io.banyan.node.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * IPv6: a node bound to {@code * -::*} (Redis's default) or to {@code ::1} serves clients on ::1;
 * replication runs over IPv6 between our nodes and with a real redis-server on either side; INFO,
 * ROLE and CLIENT LIST print IPv6 addresses as Redis does ({@code ::1}, {@code [::1]:port}).
 */
class Ipv6Test {
  @TempDir Path dir;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
  }

  @Test
  void theDefaultBindServesIpv4AndIpv6Clients() throws Exception {
    BanyanServer node = start(List.of("*", "-::*"));
    Jedis v6 = jedis("::1", node.port());
    Jedis v4 = jedis("127.0.0.1", node.port());
    assertThat(v6.ping()).isEqualTo("PONG");
    assertThat(v4.ping()).isEqualTo("PONG");
    assertThat(v6.clientInfo()).contains("addr=[::1]:", "laddr=[::1]:" + node.port());
    // IPv4 clients of the dual-stack socket show as IPv4, not as ::ffff:127.0.0.1.
    assertThat(v4.clientInfo()).contains("addr=127.0.0.1:", "laddr=127.0.0.1:" + node.port());
    assertThat(redisCli("::1", node.port(), "PING")).isEqualTo("PONG");
  }

  @Test
  void aNodeBoundToIpv6LoopbackServesIt() throws Exception {
    BanyanServer node = start(List.of("::1"));
    assertThat(jedis("::1", node.port()).ping()).isEqualTo("PONG");
    assertThat(redisCli("::1", node.port(), "SET", "k", "v")).isEqualTo("OK");
    assertThat(redisCli("::1", node.port(), "GET", "k")).isEqualTo("v");
  }

  @Test
  void replicaOfAnIpv6Master() throws Exception {
    BanyanServer master = start(List.of("::1"));
    BanyanServer replica = start(List.of("::1"));
    Jedis m = jedis("::1", master.port());
    Jedis r = jedis("::1", replica.port());
    m.set("k", "v");
    assertThat(r.replicaof("::1", master.port())).isEqualTo("OK");
    awaitLinkUp(r);
    await().atMost(Duration.ofSeconds(30)).until(() -> "v".equals(r.get("k")));
    assertThat(info(r, "master_host")).isEqualTo("::1");
    await().atMost(Duration.ofSeconds(30)).until(() -> info(m, "connected_slaves").equals("1"));
    assertThat(info(m, "slave0")).startsWith("ip=::1,port=" + replica.port() + ",");
    List<?> masterRole = m.role();
    assertThat(((List<?>) ((List<?>) masterRole.get(2)).get(0)).get(0)).isEqualTo("::1");
    assertThat(r.role().subList(0, 3)).containsExactly("slave", "::1", (long) master.port());
  }

  @Test
  void replicatesFromARealRedisServerOverIpv6() throws Exception {
    RedisServerProcess redis = redis();
    Jedis source = jedis("::1", redis.port());
    source.set("from", "redis");
    BanyanServer node = start(List.of("::1"));
    Jedis r = jedis("::1", node.port());
    assertThat(r.replicaof("::1", redis.port())).isEqualTo("OK");
    awaitLinkUp(r);
    await().atMost(Duration.ofSeconds(30)).until(() -> "redis".equals(r.get("from")));
    // redis-server's own view of us: an IPv6 replica.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> info(source, "connected_slaves").equals("1"));
    assertThat(info(source, "slave0")).startsWith("ip=::1,port=" + node.port() + ",");
  }

  @Test
  void aRealRedisServerReplicatesFromUsOverIpv6() throws Exception {
    BanyanServer node = start(List.of("::1"));
    Jedis m = jedis("::1", node.port());
    m.set("from", "banyan");
    RedisServerProcess redis = redis();
    Jedis r = jedis("::1", redis.port());
    assertThat(r.replicaof("::1", node.port())).isEqualTo("OK");
    awaitLinkUp(r);
    await().atMost(Duration.ofSeconds(30)).until(() -> "banyan".equals(r.get("from")));
    assertThat(info(r, "master_host")).isEqualTo("::1");
    await().atMost(Duration.ofSeconds(30)).until(() -> info(m, "connected_slaves").equals("1"));
    assertThat(info(m, "slave0")).startsWith("ip=::1,port=" + redis.port() + ",");
  }

  private RedisServerProcess redis() throws Exception {
    Path d = Files.createDirectories(dir.resolve("redis"));
    RedisServerProcess redis = RedisServerProcess.start(d, "--bind", "127.0.0.1 ::1");
    opened.add(redis);
    return redis;
  }

  private static void awaitLinkUp(Jedis replica) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> "up".equals(info(replica, "master_link_status")));
  }

  private static String info(Jedis j, String field) {
    for (String line : j.info("replication").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    return "";
  }

  private static String redisCli(String host, int port, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("redis-cli", "-h", host, "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private Jedis jedis(String host, int port) {
    Jedis j = new Jedis(host, port, 10_000);
    opened.add(j);
    return j;
  }

  private BanyanServer start(List<String> bind) throws Exception {
    ServerConfig config = new ServerConfig();
    config.port = 0;
    config.bind = bind;
    config.saveRules = List.of();
    config.dir = Files.createTempDirectory(dir, "node-").toString();
    config.replDisklessSyncDelaySeconds = 0;
    ServerLog log = new ServerLog();
    log.setLevel(ServerLog.Level.WARNING);
    BanyanServer server = new BanyanServer(config, log).start();
    opened.add(server);
    return server;
  }
}
