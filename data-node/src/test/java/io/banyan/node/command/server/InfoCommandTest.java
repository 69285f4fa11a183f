package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoCommandTest extends ServerTestBase {

  /** Section title → fields, parsed from INFO's text. */
  static Map<String, Map<String, String>> parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : text.split("\r\n")) {
      if (line.startsWith("# ")) {
        current = new LinkedHashMap<>();
        sections.put(line.substring(2), current);
      } else if (!line.isEmpty()) {
        int colon = line.indexOf(':');
        current.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return sections;
  }

  private static Map<String, Map<String, String>> info(RespClient c, Object... sections) {
    Object[] args = new Object[sections.length + 1];
    args[0] = "INFO";
    System.arraycopy(sections, 0, args, 1, sections.length);
    return parse(RespClient.str(c.call(args)));
  }

  @Test
  void defaultSectionsInRedisOrder() {
    RespClient c = resp();
    String text = RespClient.str(c.call("INFO"));
    assertThat(text).startsWith("# Server\r\nredis_version:7.0.15\r\n").endsWith("\r\n");
    assertThat(text).contains("\r\n\r\n# Clients\r\n");
    assertThat(parse(text).keySet())
        .containsExactly(
            "Server",
            "Clients",
            "Memory",
            "Persistence",
            "Stats",
            "Replication",
            "CPU",
            "Modules",
            "Errorstats",
            "Cluster",
            "Keyspace");
    assertThat(info(c, "default").keySet()).isEqualTo(parse(text).keySet());
  }

  @Test
  void allAndNamedSections() {
    RespClient c = resp();
    List<String> all = new ArrayList<>(info(c, "all").keySet());
    assertThat(all).contains("Commandstats", "Keyspace").startsWith("Server");
    assertThat(info(c, "everything").keySet()).containsExactlyElementsOf(all);
    assertThat(info(c, "clients", "SERVER").keySet()).containsExactly("Server", "Clients");
    assertThat(info(c, "commandstats").keySet()).containsExactly("Commandstats");
    assertThat(RespClient.str(c.call("INFO", "bogus"))).isEmpty();
  }

  @Test
  void serverSection() {
    RespClient c = resp();
    Map<String, String> s = info(c, "server").get("Server");
    assertThat(s)
        .containsEntry("redis_version", "7.0.15")
        .containsEntry("redis_mode", "standalone")
        .containsEntry("tcp_port", Integer.toString(port()))
        .containsEntry("process_id", Long.toString(ProcessHandle.current().pid()))
        .containsEntry("arch_bits", "64")
        .containsEntry("hz", "10")
        .containsKeys("os", "uptime_in_seconds", "lru_clock", "executable", "banyan_version");
    assertThat(s.get("run_id")).matches("[0-9a-f]{40}");
    assertThat(s.get("redis_build_id")).matches("[0-9a-f]+");
    assertThat(Long.parseLong(s.get("server_time_usec")))
        .isGreaterThan(System.currentTimeMillis() * 1000 - 3_600_000_000L);
  }

  @Test
  void clientsAndMemory() {
    RespClient c = resp();
    RespClient other = resp();
    other.call("PING");
    Map<String, String> clients = info(c, "clients").get("Clients");
    assertThat(Integer.parseInt(clients.get("connected_clients"))).isGreaterThanOrEqualTo(2);
    assertThat(clients).containsEntry("maxclients", "10000").containsEntry("blocked_clients", "0");

    long before = Long.parseLong(info(c, "memory").get("Memory").get("used_memory"));
    c.call("SET", "big", "x".repeat(10_000));
    Map<String, String> memory = info(c, "memory").get("Memory");
    assertThat(Long.parseLong(memory.get("used_memory"))).isGreaterThan(before + 9_000);
    assertThat(memory.get("used_memory_human")).matches("\\d+(\\.\\d\\d[KMGTP])?B?");
    assertThat(Long.parseLong(memory.get("used_memory_peak")))
        .isGreaterThanOrEqualTo(Long.parseLong(memory.get("used_memory")));
    assertThat(memory)
        .containsEntry("maxmemory", "0")
        .containsEntry("maxmemory_human", "0B")
        .containsEntry("maxmemory_policy", "noeviction");
    assertThat(Long.parseLong(memory.get("used_memory_rss"))).isPositive();
  }

  @Test
  void statsCountCommandsHitsAndMisses() {
    RespClient c = resp();
    Map<String, String> before = info(c, "stats").get("Stats");
    c.call("SET", "k", "v");
    c.call("GET", "k");
    c.call("GET", "nope");
    Map<String, String> after = info(c, "stats").get("Stats");
    assertThat(delta(before, after, "keyspace_hits")).isEqualTo(1);
    assertThat(delta(before, after, "keyspace_misses")).isEqualTo(1);
    assertThat(delta(before, after, "total_commands_processed")).isEqualTo(4); // + INFO
    assertThat(delta(before, after, "total_net_input_bytes")).isPositive();
    assertThat(after).containsKeys("instantaneous_ops_per_sec", "expired_keys", "evicted_keys");
  }

  private static long delta(Map<String, String> before, Map<String, String> after, String key) {
    return Long.parseLong(after.get(key)) - Long.parseLong(before.get(key));
  }

  @Test
  void instantaneousOpsReflectLoad() {
    RespClient c = resp();
    RespClient load = resp();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              for (int i = 0; i < 500; i++) {
                load.send("PING");
              }
              for (int i = 0; i < 500; i++) {
                load.read();
              }
              Map<String, String> stats = info(c, "stats").get("Stats");
              assertThat(Long.parseLong(stats.get("instantaneous_ops_per_sec"))).isPositive();
            });
  }

  @Test
  void commandAndErrorStats() throws Exception {
    RespClient c = resp();
    RespClient subscriber = resp();
    long id = (Long) subscriber.call("CLIENT", "ID");
    var session = server.onCommandThread(() -> server.engine().clients().get(id));
    server.onCommandThread(
        () ->
            server
                .engine()
                .pubsub()
                .subscribe(
                    session,
                    io.banyan.node.pubsub.PubSubHub.Kind.CHANNEL,
                    new io.banyan.node.pubsub.ChannelName("ch".getBytes())));
    assertThat(subscriber.call("GET", "a")).isInstanceOf(Err.class); // rejected: RESP2 subscriber
    c.call("GET", "a");
    c.call("SELECT", "abc"); // failed inside the command
    assertThat(c.call("HELLO", "9")).isInstanceOf(Err.class);
    Map<String, String> cmd = info(c, "commandstats").get("Commandstats");
    assertThat(cmd.get("cmdstat_get"))
        .matches(
            "calls=\\d+,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=[1-9]\\d*,failed_calls=0");
    assertThat(cmd.get("cmdstat_select")).matches(".*,failed_calls=[1-9]\\d*");
    Map<String, String> errors = info(c, "errorstats").get("Errorstats");
    assertThat(errors.get("errorstat_ERR")).matches("count=[1-9]\\d*");
    assertThat(errors.get("errorstat_NOPROTO")).matches("count=[1-9]\\d*");
  }

  @Test
  void keyspacePerDatabase() throws Exception {
    RespClient c = resp();
    c.call("SET", "a", "1");
    c.call("SET", "b", "2");
    c.call("SELECT", "2");
    c.call("SET", "c", "3");
    server.onCommandThread(
        () ->
            server
                .engine()
                .keyspace()
                .db(0)
                .setExpiry("a".getBytes(), System.currentTimeMillis() + 100_000));
    Map<String, String> ks = info(c, "keyspace").get("Keyspace");
    assertThat(ks.keySet()).containsExactly("db0", "db2");
    assertThat(ks.get("db0")).matches("keys=2,expires=1,avg_ttl=\\d+");
    long avgTtl = Long.parseLong(ks.get("db0").replaceAll(".*avg_ttl=", ""));
    assertThat(avgTtl).isBetween(1L, 100_000L);
    assertThat(ks.get("db2")).isEqualTo("keys=1,expires=0,avg_ttl=0");
  }

  @Test
  void resp3RepliesWithAVerbatimString() {
    RespClient c = resp();
    c.call("HELLO", "3");
    Object reply = c.call("INFO", "cluster");
    assertThat(reply).isEqualTo("# Cluster\r\ncluster_enabled:0\r\n");
  }

  @Test
  void subsystemsCanExtendAndReplaceSections() throws Exception {
    RespClient c = resp();
    c.call("INFO"); // the standard sections are installed by then
    server.onCommandThread(
        () -> {
          server
              .engine()
              .info()
              .extend(
                  "persistence",
                  (caller, out) -> out.add("rdb_saves", 42).add("banyan_test_field", "yes"));
          server
              .engine()
              .info()
              .register("banyantest", "Banyantest", false, (caller, out) -> out.add("x", 1));
          return null;
        });
    Map<String, String> persistence = info(c, "persistence").get("Persistence");
    assertThat(persistence)
        .containsEntry("rdb_saves", "42")
        .containsEntry("banyan_test_field", "yes");
    List<String> order = new ArrayList<>(persistence.keySet());
    assertThat(order.indexOf("rdb_saves")).isLessThan(order.indexOf("aof_enabled"));
    assertThat(info(c).keySet()).doesNotContain("Banyantest");
    assertThat(info(c, "banyantest").get("Banyantest")).containsEntry("x", "1");
    assertThat(new ArrayList<>(info(c, "all").keySet())).endsWith("Keyspace", "Banyantest");
  }
}
