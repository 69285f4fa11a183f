package io.banyan.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.ConfigOption.Flag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRegistryTest {
  /** CONFIG GET * of redis-server 7.0.15 without a config file, name to value. */
  static Map<String, String> redisDefaults() throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    try (InputStream in =
        ConfigRegistryTest.class.getResourceAsStream("/config/redis-7.0-config-defaults.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          int tab = line.indexOf('\t');
          values.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    return values;
  }

  static final List<String> BANYAN_OPTIONS =
      List.of(
          "banyan-start-fenced",
          "banyan-http-port",
          "banyan-ready-max-lag",
          "banyan-heap-guard",
          "banyan-zone",
          "banyan-min-replicas-scope",
          "banyan-min-replicas-max-lag-ms",
          "banyan-tls-provider",
          "banyan-tls-reload-check-ms");

  @Test
  void knowsExactlyTheNamesRedis70Reports() throws IOException {
    ConfigRegistry registry = new ServerConfig().registry();
    // Plus Banyan's extensions (docs/compatibility.md, "Banyan extensions").
    List<String> expected = new ArrayList<>(redisDefaults().keySet());
    expected.addAll(BANYAN_OPTIONS);
    assertThat(registry.names()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void defaultsAreRedis70BuiltInDefaults() throws IOException {
    ConfigRegistry registry = new ServerConfig().registry();
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, String> e : redisDefaults().entrySet()) {
      String name = e.getKey();
      if (name.equals("port") || name.equals("dir")) {
        continue; // set by the reference server's start, not defaults
      }
      String ours = registry.get(name);
      if (!e.getValue().equals(ours)) {
        mismatches.add(name + ": redis '" + e.getValue() + "' here '" + ours + "'");
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(registry.get("port")).isEqualTo("6379");
  }

  @Test
  void immutableAndProtectedOptionsAreThoseOfRedis70() {
    // From redis-server 7.0.15: CONFIG SET answers "can't set immutable config" for these...
    List<String> redisImmutable =
        List.of(
            "aclfile",
            "always-show-logo",
            "aof_rewrite_cpulist",
            "appenddirname",
            "appendfilename",
            "bgsave_cpulist",
            "bio_cpulist",
            "cluster-config-file",
            "cluster-enabled",
            "cluster-port",
            "daemonize",
            "databases",
            "disable-thp",
            "enable-debug-command",
            "enable-module-command",
            "enable-protected-configs",
            "io-threads",
            "io-threads-do-reads",
            "logfile",
            "pidfile",
            "rdbchecksum",
            "replicaof",
            "server_cpulist",
            "set-proc-title",
            "socket-mark-id",
            "supervised",
            "syslog-enabled",
            "syslog-facility",
            "syslog-ident",
            "tcp-backlog",
            "unixsocket",
            "unixsocketperm");
    ConfigRegistry registry = new ServerConfig().registry();
    List<String> immutable = new ArrayList<>();
    List<String> isProtected = new ArrayList<>();
    for (ConfigOption<?> o : registry.options()) {
      if (o.has(Flag.IMMUTABLE)) {
        immutable.add(o.name());
      }
      if (o.has(Flag.PROTECTED)) {
        isProtected.add(o.name());
      }
    }
    // ...and this node also cannot re-listen at run time, so port, tls-port and bind are immutable
    // here; banyan-start-fenced, banyan-http-port and banyan-tls-provider (extensions) only mean
    // something at start-up.
    assertThat(immutable)
        .containsExactlyInAnyOrderElementsOf(
            concat(
                redisImmutable,
                List.of(
                    "port",
                    "bind",
                    "tls-port",
                    "banyan-start-fenced",
                    "banyan-http-port",
                    "banyan-tls-provider")));
    assertThat(isProtected).containsExactlyInAnyOrder("dir", "dbfilename");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void aliasesShareTheCanonicalOption() {
    ServerConfig config = new ServerConfig();
    ConfigRegistry registry = config.registry();
    assertThat(registry.lookup("SLAVEOF")).isSameAs(registry.lookup("replicaof"));
    assertThat(registry.lookup("hash-max-ziplist-entries").name())
        .isEqualTo("hash-max-listpack-entries");
    assertThat(registry.set(List.of("hash-max-ziplist-entries", "100"), true)).isNull();
    assertThat(config.hashMaxListpackEntries).isEqualTo(100);
    assertThat(registry.get("hash-max-listpack-entries")).isEqualTo("100");
  }

  @Test
  void setReportsRedisErrorTexts() {
    ConfigRegistry r = new ServerConfig().registry();
    assertThat(r.set(List.of("foo", "bar"), true))
        .isEqualTo("Unknown option or number of arguments for CONFIG SET - 'foo'");
    assertThat(r.set(List.of("maxmemory", "abc"), true))
        .isEqualTo(
            "CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a"
                + " memory value");
    assertThat(r.set(List.of("timeout", "1", "TIMEOUT", "2"), true))
        .isEqualTo(
            "CONFIG SET failed (possibly related to argument 'TIMEOUT') - duplicate parameter");
    assertThat(r.set(List.of("Databases", "3"), true))
        .isEqualTo(
            "CONFIG SET failed (possibly related to argument 'Databases') - can't set immutable"
                + " config");
    assertThat(r.set(List.of("HASH-MAX-ZIPLIST-ENTRIES", "x"), true))
        .isEqualTo(
            "CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') -"
                + " argument couldn't be parsed into an integer");
    assertThat(r.set(List.of("maxmemory-policy", "lru"), true))
        .isEqualTo(
            "CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s)"
                + " must be one of the following: volatile-lru, volatile-lfu, volatile-random,"
                + " volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction");
    assertThat(r.set(List.of("port", "70000"), true)).contains("can't set immutable config");
    assertThat(r.set(List.of("maxmemory-samples", "0"), true))
        .endsWith("argument must be between 1 and 2147483647 inclusive");
    assertThat(r.set(List.of("activerehashing", "maybe"), true))
        .endsWith("argument must be 'yes' or 'no'");
    assertThat(r.set(List.of("dir", "/tmp"), true)).endsWith("can't set protected config");
  }

  @Test
  void unknownNameWinsOnlyWhenNoEarlierNameFailed() {
    ConfigRegistry r = new ServerConfig().registry();
    // Names are all checked before values: an unknown name is reported over a bad value...
    assertThat(r.set(List.of("maxmemory", "abc", "foo", "1"), true))
        .isEqualTo("Unknown option or number of arguments for CONFIG SET - 'foo'");
    // ...but an immutable option before it is reported first, as in Redis.
    assertThat(r.set(List.of("databases", "3", "foo", "1"), true))
        .endsWith("can't set immutable config");
  }

  @Test
  void multiSetIsAllOrNothing() {
    ServerConfig config = new ServerConfig();
    ConfigRegistry r = config.registry();
    String error = r.set(List.of("maxmemory", "10mb", "timeout", "30", "hz", "abc"), true);
    assertThat(error).contains("'hz'");
    assertThat(config.maxMemory).isZero();
    assertThat(config.timeoutSeconds).isZero();
    assertThat(r.set(List.of("maxmemory", "10mb", "timeout", "30"), true)).isNull();
    assertThat(config.maxMemory).isEqualTo(10L << 20);
    assertThat(config.timeoutSeconds).isEqualTo(30);
  }

  @Test
  void refusingHookRestoresEveryValueOfTheCommand() {
    ServerConfig config = new ServerConfig();
    ConfigRegistry r = config.registry();
    List<Long> seen = new ArrayList<>();
    r.onChange("maxmemory", c -> seen.add(c.maxMemory));
    r.onChange(
        "timeout",
        c -> {
          if (c.timeoutSeconds == 13) {
            throw new InvalidValueException("thirteen is unlucky");
          }
        });
    String error = r.set(List.of("maxmemory", "1mb", "timeout", "13"), true);
    assertThat(error)
        .isEqualTo(
            "CONFIG SET failed (possibly related to argument 'timeout') - thirteen is unlucky");
    assertThat(config.maxMemory).isZero();
    assertThat(config.timeoutSeconds).isZero();
    // the maxmemory hook saw the new value, then the restored one
    assertThat(seen).containsExactly(1L << 20, 0L);
  }

  @Test
  void hooksRunOnlyWhenTheValueChanges() {
    ServerConfig config = new ServerConfig();
    ConfigRegistry r = config.registry();
    List<String> calls = new ArrayList<>();
    r.onChange("loglevel", c -> calls.add(c.logLevel));
    assertThat(r.set(List.of("loglevel", "NOTICE"), true)).isNull();
    assertThat(calls).isEmpty();
    assertThat(r.set(List.of("loglevel", "WARNING"), true)).isNull();
    assertThat(calls).containsExactly("warning");
  }

  @Test
  void parsesMemoryPercentOctalAndSpecialValuesLikeRedis() {
    ServerConfig config = new ServerConfig();
    ConfigRegistry r = config.registry();
    assertThat(r.set(List.of("maxmemory", "5GB"), true)).isNull();
    assertThat(r.get("maxmemory")).isEqualTo("5368709120");
    assertThat(r.set(List.of("maxmemory", "5g"), true)).isNull();
    assertThat(r.get("maxmemory")).isEqualTo("5000000000");
    assertThat(r.set(List.of("maxmemory", "5Kb"), true)).isNull();
    assertThat(config.maxMemory).isEqualTo(5120);
    assertThat(r.set(List.of("maxmemory", ""), true)).isNull();
    assertThat(config.maxMemory).isZero();
    assertThat(r.set(List.of("maxmemory", "-1"), true)).endsWith("must be a memory value");
    assertThat(r.set(List.of("maxmemory", "1.5mb"), true)).endsWith("must be a memory value");
    assertThat(r.set(List.of("maxmemory-clients", "10%"), true)).isNull();
    assertThat(r.get("maxmemory-clients")).isEqualTo("10%");
    assertThat(r.set(List.of("maxmemory-clients", "101%"), true))
        .endsWith("percentage argument must be less or equal to 100");
    assertThat(r.set(List.of("hz", "1000"), true)).isNull();
    assertThat(r.get("hz")).isEqualTo("500");
    assertThat(r.set(List.of("notify-keyspace-events", "Kgs$lzhxetmdn"), true)).isNull();
    assertThat(r.get("notify-keyspace-events")).isEqualTo("AKm");
    assertThat(r.set(List.of("notify-keyspace-events", "Q"), true))
        .endsWith("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    assertThat(r.set(List.of("client-output-buffer-limit", "normal 1mb 2k 3"), true)).isNull();
    assertThat(r.get("client-output-buffer-limit"))
        .isEqualTo("normal 1048576 2000 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    assertThat(r.set(List.of("client-output-buffer-limit", "master 1 2 3"), true))
        .endsWith("Invalid client class specified in buffer limit configuration.");
    assertThat(r.set(List.of("save", "3600 1 300"), true)).endsWith("Invalid save parameters");
    assertThat(r.set(List.of("save", "100  10"), true)).endsWith("Invalid save parameters");
    assertThat(r.set(List.of("save", "60 5 10 1"), true)).isNull();
    assertThat(config.saveRules).containsExactly(new SaveRule(60, 5), new SaveRule(10, 1));
    assertThat(r.set(List.of("save", ""), true)).isNull();
    assertThat(config.saveRules).isEmpty();
    assertThat(r.set(List.of("oom-score-adj", "relative"), true)).isNull();
    assertThat(r.get("oom-score-adj")).isEqualTo("yes");
    assertThat(r.set(List.of("shutdown-on-sigint", "default now"), true)).isNull();
    assertThat(r.get("shutdown-on-sigint")).isEqualTo("now");
    assertThat(r.set(List.of("shutdown-on-sigint", "save nosave"), true))
        .endsWith("shutdown options SAVE and NOSAVE can't be used simultaneously");
    assertThat(r.set(List.of("latency-tracking-info-percentiles", "50.0 99.900 1e1"), true))
        .isNull();
    assertThat(r.get("latency-tracking-info-percentiles")).isEqualTo("50 99.9 10");
    assertThat(r.set(List.of("proc-title-template", "{title}"), true))
        .endsWith("template format is invalid or contains unknown variables");
    assertThat(r.set(List.of("proc-title-template", "{port}"), true)).isNull();
    assertThat(r.set(List.of("requirepass", "s3cret"), true)).isNull();
    assertThat(config.requirePass).isEqualTo("s3cret");
    assertThat(r.set(List.of("requirepass", ""), true)).isNull();
    assertThat(config.requirePass).isNull();
  }

  @Test
  void getMatchesNamesAndAliasesAsRedis70() {
    ConfigRegistry r = new ServerConfig().registry();
    assertThat(names(r.getMatching(List.of("hash-max-*", "hash-max-ziplist-entries"))))
        .containsExactlyInAnyOrder(
            "hash-max-listpack-entries",
            "hash-max-listpack-value",
            "hash-max-ziplist-entries",
            "hash-max-ziplist-value");
    // an exact name answers under the name as given, once, whatever its case
    assertThat(names(r.getMatching(List.of("PORT", "port", "p?rt")))).containsExactly("PORT");
    assertThat(names(r.getMatching(List.of("SLAVEOF")))).containsExactly("SLAVEOF");
    assertThat(names(r.getMatching(List.of("PORT*")))).containsExactly("port");
    assertThat(r.getMatching(List.of("nonexistent"))).isEmpty();
    assertThat(r.getMatching(List.of("*"))).hasSize(r.names().size());
  }

  @Test
  void protectedConfigsFollowEnableProtectedConfigs() {
    ServerConfig config = new ServerConfig();
    config.enableProtectedConfigs = "local";
    ConfigRegistry r = config.registry();
    assertThat(r.set(List.of("dbfilename", "x.rdb"), false)).endsWith("can't set protected config");
    assertThat(r.set(List.of("dbfilename", "x.rdb"), true)).isNull();
    assertThat(r.set(List.of("dbfilename", "a/x.rdb"), true))
        .endsWith("dbfilename can't be a path, just a filename");
    assertThat(config.dbFilename).isEqualTo("x.rdb");
  }

  private static List<String> names(List<Map.Entry<String, String>> pairs) {
    return pairs.stream().map(Map.Entry::getKey).toList();
  }
}
