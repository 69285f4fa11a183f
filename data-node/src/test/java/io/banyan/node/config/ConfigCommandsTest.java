package io.banyan.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.client.Client;
import io.banyan.node.store.AccessClock;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class ConfigCommandsTest extends ServerTestBase {
  /** Options the tests change; their start values are restored after each test. */
  private static final List<String> TOUCHED =
      List.of(
          "maxmemory",
          "maxmemory-policy",
          "lfu-log-factor",
          "lfu-decay-time",
          "timeout",
          "hz",
          "slowlog-log-slower-than",
          "slowlog-max-len",
          "requirepass",
          "loglevel");

  private final Map<String, String> initial = new LinkedHashMap<>();

  private ConfigRegistry registry() {
    return server.engine().config().registry();
  }

  @BeforeEach
  void remember() throws Exception {
    server.onCommandThread(
        () -> {
          for (String n : TOUCHED) {
            initial.put(n, registry().get(n));
          }
          return null;
        });
  }

  @AfterEach
  void restore() throws Exception {
    List<String> pairs = new ArrayList<>();
    initial.forEach(
        (k, v) -> {
          pairs.add(k);
          pairs.add(v);
        });
    assertThat(server.onCommandThread(() -> registry().set(pairs, true))).isNull();
  }

  private static List<String> strings(Object reply) {
    assertThat(reply).isInstanceOf(List.class);
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) reply) {
      out.add(o instanceof byte[] ? RespClient.str(o) : String.valueOf(o));
    }
    return out;
  }

  @Test
  void getAnswersAMapOfMatchingNames() {
    Map<String, String> m = jedis().configGet("maxmemory*");
    assertThat(m.keySet())
        .containsExactlyInAnyOrder(
            "maxmemory",
            "maxmemory-policy",
            "maxmemory-samples",
            "maxmemory-eviction-tenacity",
            "maxmemory-clients");
    assertThat(m).containsEntry("maxmemory-policy", "noeviction").containsEntry("maxmemory", "0");
    // Redis 7.0.15 has 192; Banyan adds its extensions.
    assertThat(jedis().configGet("*")).hasSize(192 + ConfigRegistryTest.BANYAN_OPTIONS.size());
  }

  @Test
  void getTakesSeveralPatternsAndAnswersExactNamesAsGiven() {
    RespClient c = resp();
    assertThat(strings(c.call("CONFIG", "GET", "timeout", "SLAVEOF", "nosuch", "TIMEOUT")))
        .containsExactly("timeout", "0", "SLAVEOF", "");
    assertThat(strings(c.call("CONFIG", "GET", "nosuch"))).isEmpty();
    assertThat(c.call("CONFIG", "GET"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'config|get' command"));
  }

  @Test
  void getAnswersAMapInResp3() throws Exception {
    RespClient c = resp();
    assertThat(c.call("PING")).isEqualTo("PONG");
    server.onCommandThread(
        () -> {
          for (Client client : server.engine().clients().all()) {
            client.reply().setProtocol(3);
          }
          return null;
        });
    Object reply = c.call("CONFIG", "GET", "timeout");
    assertThat(reply).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) reply;
    assertThat(map).hasSize(1);
    Map.Entry<?, ?> e = map.entrySet().iterator().next();
    assertThat(RespClient.str(e.getKey())).isEqualTo("timeout");
    assertThat(RespClient.str(e.getValue())).isEqualTo("0");
  }

  @Test
  void setChangesValuesThatGetAndTheNodeSee() throws Exception {
    Jedis j = jedis();
    assertThat(j.configSet("maxmemory", "10mb")).isEqualTo("OK");
    assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "10485760");
    assertThat(j.configSet("timeout", "30", "hz", "1000")).isEqualTo("OK");
    assertThat(server.engine().config().timeoutSeconds).isEqualTo(30);
    assertThat(j.configGet("hz")).containsEntry("hz", "500");
  }

  @Test
  void setErrorsAreRedisErrors() {
    RespClient c = resp();
    assertThat(c.call("CONFIG", "SET", "foo", "bar"))
        .isEqualTo(new Err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
    assertThat(c.call("CONFIG", "SET", "maxmemory", "abc"))
        .isEqualTo(
            new Err(
                "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must"
                    + " be a memory value"));
    assertThat(c.call("CONFIG", "SET", "port", "1", "port", "2"))
        .isEqualTo(
            new Err(
                "ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable"
                    + " config"));
    assertThat(c.call("CONFIG", "SET", "timeout", "1", "timeout", "2"))
        .isEqualTo(
            new Err(
                "ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate"
                    + " parameter"));
    assertThat(c.call("CONFIG", "SET", "databases", "5"))
        .isEqualTo(
            new Err(
                "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set"
                    + " immutable config"));
    assertThat(c.call("CONFIG", "SET", "maxmemory", "1", "hz"))
        .isEqualTo(new Err("ERR syntax error"));
    assertThat(c.call("CONFIG", "SET", "maxmemory"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'config|set' command"));
    assertThat(c.call("CONFIG", "NOPE"))
        .isEqualTo(new Err("ERR unknown subcommand 'NOPE'. Try CONFIG HELP."));
    assertThat(c.call("CONFIG", "SET", "dir", "/tmp"))
        .isEqualTo(
            new Err(
                "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected"
                    + " config"));
  }

  @Test
  void multiSetAppliesAllOrNothing() throws Exception {
    RespClient c = resp();
    assertThat(c.call("CONFIG", "SET", "maxmemory", "1mb", "timeout", "9", "lfu-log-factor", "x"))
        .isEqualTo(
            new Err(
                "ERR CONFIG SET failed (possibly related to argument 'lfu-log-factor') - argument"
                    + " couldn't be parsed into an integer"));
    assertThat(strings(c.call("CONFIG", "GET", "maxmemory", "timeout", "lfu-log-factor")))
        .containsExactly("maxmemory", "0", "timeout", "0", "lfu-log-factor", "10");
    assertThat(c.call("CONFIG", "SET", "maxmemory", "1mb", "timeout", "9", "lfu-log-factor", "20"))
        .isEqualTo("OK");
    assertThat(strings(c.call("CONFIG", "GET", "maxmemory", "timeout", "lfu-log-factor")))
        .containsExactly("maxmemory", "1048576", "timeout", "9", "lfu-log-factor", "20");
  }

  @Test
  void evictionPolicyAndLfuSettingsReachTheAccessClock() throws Exception {
    AccessClock clock = server.engine().keyspace().accessClock();
    assertThat(server.onCommandThread(() -> clock.lfu)).isFalse();
    Jedis j = jedis();
    assertThat(j.configSet("maxmemory-policy", "allkeys-lfu")).isEqualTo("OK");
    assertThat(server.onCommandThread(() -> clock.lfu)).isTrue();
    assertThat(j.configSet("lfu-log-factor", "3", "lfu-decay-time", "7")).isEqualTo("OK");
    assertThat(server.onCommandThread(() -> clock.lfuLogFactor)).isEqualTo(3);
    assertThat(server.onCommandThread(() -> clock.lfuDecayTimeMinutes)).isEqualTo(7);
    assertThat(j.configSet("maxmemory-policy", "volatile-lru")).isEqualTo("OK");
    assertThat(server.onCommandThread(() -> clock.lfu)).isFalse();
  }

  @Test
  void loweringSlowlogMaxLenTrimsTheSlowLog() throws Exception {
    Jedis j = jedis();
    j.configSet("slowlog-log-slower-than", "0");
    for (int i = 0; i < 5; i++) {
      j.ping();
    }
    assertThat(server.onCommandThread(() -> server.engine().slowLog().size())).isGreaterThan(2);
    j.configSet("slowlog-max-len", "2");
    assertThat(server.onCommandThread(() -> server.engine().slowLog().size())).isEqualTo(2);
    j.configSet("slowlog-log-slower-than", "10000");
  }

  @Test
  void resetStatZeroesStatisticsButKeepsTheSlowLog() throws Exception {
    Jedis j = jedis();
    j.configSet("slowlog-log-slower-than", "0");
    j.set("k", "v");
    j.get("k");
    j.configSet("slowlog-log-slower-than", "10000");
    int slowlogBefore = server.onCommandThread(() -> server.engine().slowLog().size());
    assertThat(slowlogBefore).isGreaterThan(0);
    assertThat(j.configResetStat()).isEqualTo("OK");
    assertThat(server.onCommandThread(() -> server.engine().commandStats().all().keySet()))
        .containsExactly("config|resetstat");
    assertThat(server.onCommandThread(() -> server.engine().stats().commandsProcessed))
        .isEqualTo(1);
    assertThat(server.onCommandThread(() -> server.engine().slowLog().size()))
        .isEqualTo(slowlogBefore);
  }

  @Test
  void requirepassAppliesToNewConnections() throws Exception {
    RespClient admin = resp();
    assertThat(admin.call("CONFIG", "SET", "requirepass", "s3cret")).isEqualTo("OK");
    assertThat(resp().call("PING")).isEqualTo(new Err("NOAUTH Authentication required."));
    assertThat(admin.call("PING")).isEqualTo("PONG");
    assertThat(admin.call("CONFIG", "SET", "requirepass", "")).isEqualTo("OK");
    assertThat(resp().call("PING")).isEqualTo("PONG");
  }

  @Test
  void secretsAreRedactedInTheSlowLog() throws Exception {
    RespClient c = resp();
    c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
    c.call("CONFIG", "SET", "foo", "bar", "requirepass", "zz");
    c.call("CONFIG", "SET", "timeout", "0", "masterauth", "pw");
    c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000", "masterauth", "");
    List<List<String>> logged =
        server.onCommandThread(
            () -> {
              List<List<String>> all = new ArrayList<>();
              for (var e : server.engine().slowLog().newestFirst()) {
                List<String> args = new ArrayList<>();
                for (byte[] a : e.argv()) {
                  args.add(new String(a, java.nio.charset.StandardCharsets.UTF_8));
                }
                all.add(args);
              }
              return all;
            });
    assertThat(logged)
        .contains(
            List.of("CONFIG", "SET", "foo", "bar", "requirepass", "(redacted)"),
            List.of("CONFIG", "SET", "timeout", "0", "masterauth", "(redacted)"));
    assertThat(logged.toString()).doesNotContain("zz").doesNotContain("pw");
  }

  @Test
  void rewriteNeedsAConfigFile() {
    assertThat(resp().call("CONFIG", "REWRITE"))
        .isEqualTo(new Err("ERR The server is running without a config file"));
  }

  @Test
  void helpListsTheSubcommands() {
    List<String> help = strings(resp().call("CONFIG", "HELP"));
    assertThat(help.get(0))
        .isEqualTo("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
    assertThat(help).anyMatch(l -> l.startsWith("GET <pattern>"));
    assertThat(help).contains("RESETSTAT", "REWRITE", "HELP");
    assertThat(resp().call("CONFIG", "HELP", "x"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'config|help' command"));
  }

  @Test
  void commandMetadataIsRedis70() {
    var config = server.engine().commands().lookup("config");
    assertThat(config.arity()).isEqualTo(-2);
    assertThat(config.subcommands().keySet())
        .containsExactlyInAnyOrder("get", "set", "resetstat", "rewrite", "help");
    var set = config.subcommands().get("set");
    assertThat(set.arity()).isEqualTo(-4);
    assertThat(set.flags().stream().map(f -> f.wireName()))
        .containsExactlyInAnyOrder("admin", "noscript", "loading", "stale");
    assertThat(set.aclCategories()).containsExactly("admin", "slow", "dangerous");
    assertThat(config.subcommands().get("get").arity()).isEqualTo(-3);
    assertThat(config.subcommands().get("help").aclCategories()).containsExactly("slow");
  }
}
