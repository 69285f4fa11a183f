package io.banyan.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.operator.api.FailoverSpec;
import io.banyan.operator.api.MaxmemoryPolicy;
import io.banyan.operator.api.PersistenceSpec;
import io.banyan.operator.api.ReplicationSpec;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.model.ConfigClasses.ConfigClass;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which rendered options reach running nodes live, which need a new pod, which the operator sets
 * itself — and the restart fingerprint the pods' revision carries.
 */
class ConfigClassesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "maxmemory-policy",
        "maxmemory",
        "hz",
        "appendfsync",
        "appendonly",
        "save",
        "repl-backlog-size",
        "timeout",
        "maxclients",
        "slowlog-log-slower-than",
        "notify-keyspace-events",
        "client-output-buffer-limit",
        "hash-max-ziplist-entries" // an alias, classed as its canonical option
      })
  void optionsARunningNodeTakesWithConfigSetAreLive(String option) {
    assertThat(ConfigClasses.of(option)).isEqualTo(ConfigClass.LIVE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "databases",
        "port",
        "bind",
        "dir",
        "dbfilename",
        "io-threads",
        "daemonize",
        "banyan-http-port",
        "banyan-start-fenced"
      })
  void immutableAndProtectedOptionsNeedARestart(String option) {
    assertThat(ConfigClasses.of(option)).isEqualTo(ConfigClass.RESTART);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "requirepass",
        "masterauth",
        "masteruser",
        "replicaof",
        "slaveof",
        "banyan-zone",
        "min-replicas-to-write",
        "min-slaves-max-lag",
        "repl-timeout",
        "repl-ping-replica-period",
        "banyan-ready-max-lag",
        "banyan-min-replicas-scope",
        "banyan-min-replicas-max-lag-ms"
      })
  void optionsTheOperatorSetsOnRunningNodesItselfAreLeftToIt(String option) {
    assertThat(ConfigClasses.of(option)).isEqualTo(ConfigClass.OPERATOR);
  }

  @Test
  void anUnknownOptionHasNoClass() {
    assertThat(ConfigClasses.of("no-such-option")).isNull();
  }

  @Test
  void theLiveSetHoldsNoOperatorOptionAndEveryValueInConfigGetForm() {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.maxmemory = "100mb";
    LiveSettings s = LiveSettings.of(ConfigRenderer.render(spec));
    assertThat(s.live())
        .containsEntry("maxmemory", "104857600")
        .containsEntry("repl-backlog-size", "67108864")
        .containsEntry("save", "")
        .containsEntry("appendonly", "yes")
        .containsEntry("hz", "10") // not rendered: the default, as a fresh node has it
        .doesNotContainKeys("requirepass", "replicaof", "repl-timeout", "banyan-zone", "port");
    // bind "* -::*" is the data node's default: not a difference a restart would make.
    assertThat(s.restart()).containsExactly(Map.entry("banyan-http-port", "9121"));
  }

  @Test
  void sameComparesValuesAsTheNodeReadsThem() {
    assertThat(LiveSettings.same("maxmemory", "104857600", "100mb")).isTrue();
    assertThat(LiveSettings.same("maxmemory-policy", "allkeys-lru", "ALLKEYS-LRU")).isTrue();
    assertThat(LiveSettings.same("maxmemory", "104857600", "104857601")).isFalse();
    assertThat(LiveSettings.same("maxmemory", "104857600", "lots")).isFalse();
    assertThat(LiveSettings.same("maxmemory", "104857600", null)).isFalse();
  }

  @Test
  void aLiveOrOperatorSetChangeKeepsTheRestartFingerprint() {
    String base = ConfigRenderer.restartFingerprint(spec(s -> {}));
    assertThat(base).matches("[0-9a-f]{16}");
    for (Consumer<StoreClusterSpec> liveChange :
        java.util.List.<Consumer<StoreClusterSpec>>of(
            s -> s.maxmemoryPolicy = MaxmemoryPolicy.ALLKEYS_LRU,
            s -> s.maxmemory = "300mb",
            s -> s.config.put("hz", "20"),
            s -> s.config.put("timeout", "300"),
            s -> {
              s.replication = new ReplicationSpec();
              s.replication.backlogSize = "128mb";
              s.replication.writeQuorum = 1;
            },
            s -> {
              s.persistence = new PersistenceSpec();
              s.persistence.appendfsync = PersistenceSpec.AppendFsync.always;
              s.persistence.appendonly = false;
            },
            s -> {
              s.failover = new FailoverSpec();
              s.failover.detectionTimeoutMillis = 20_000;
            })) {
      assertThat(ConfigRenderer.restartFingerprint(spec(liveChange))).isEqualTo(base);
    }
  }

  @Test
  void aRestartRequiringChangeChangesTheFingerprint() {
    String base = ConfigRenderer.restartFingerprint(spec(s -> {}));
    String databases =
        ConfigRenderer.restartFingerprint(spec(s -> s.config.put("databases", "32")));
    String threads = ConfigRenderer.restartFingerprint(spec(s -> s.config.put("io-threads", "4")));
    assertThat(databases).isNotEqualTo(base).isNotEqualTo(threads);
    assertThat(threads).isNotEqualTo(base);
  }

  @Test
  void theFingerprintIgnoresEntryOrderAndDefaultValues() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("databases", "32");
    one.put("hz", "20");
    one.put("io-threads", "4");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("io-threads", "4");
    other.put("hz", "20");
    other.put("databases", "32");
    assertThat(ConfigRenderer.restartFingerprint(spec(s -> s.config.putAll(other))))
        .isEqualTo(ConfigRenderer.restartFingerprint(spec(s -> s.config.putAll(one))));
    // databases 16 is the data node's default: a node starts the same with or without the line.
    assertThat(ConfigRenderer.restartFingerprint(spec(s -> s.config.put("databases", "16"))))
        .isEqualTo(ConfigRenderer.restartFingerprint(spec(s -> {})));
  }

  @Test
  void anInvalidRenderedConfigIsRefusedNamingTheProblem() {
    assertThatThrownBy(() -> LiveSettings.of("databases zero\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("databases");
  }

  /** docs/operator.md lists the restart options; it must name exactly the data node's. */
  @Test
  void theDocsListEveryRestartOptionAndNoOther() throws Exception {
    String docs =
        java.nio.file.Files.readString(
            io.banyan.operator.testing.Repo.root().resolve("docs/operator.md"));
    int start = docs.indexOf("- **Restart**");
    String bullet = docs.substring(start, docs.indexOf("\n- **Live**", start));
    String listed = bullet.substring(bullet.indexOf("as the data node defines them:"));
    listed = listed.substring(0, listed.indexOf(". "));
    java.util.Set<String> documented = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("`([^`]+)`").matcher(listed);
    while (m.find()) {
      documented.add(m.group(1));
    }
    java.util.Set<String> restart = new java.util.TreeSet<>();
    for (var o : new io.banyan.node.config.ServerConfig().registry().options()) {
      if (!o.has(io.banyan.node.config.ConfigOption.Flag.HIDDEN)
          && ConfigClasses.of(o) == ConfigClass.RESTART) {
        // The TLS options are documented as one family, `tls-*`.
        restart.add(o.name().startsWith(ConfigClasses.TLS_PREFIX) ? "tls-*" : o.name());
      }
    }
    assertThat(documented).isEqualTo(restart);
  }

  private static StoreClusterSpec spec(Consumer<StoreClusterSpec> change) {
    StoreClusterSpec spec = new StoreClusterSpec();
    spec.config = new LinkedHashMap<>();
    change.accept(spec);
    return spec;
  }
}
