package io.banyan.node.config;

import static io.banyan.node.config.OptionTable.INT_MAX;
import static io.banyan.node.config.OptionTable.LONG_MAX;
import static io.banyan.node.config.OptionTable.UINT_MAX;
import static io.banyan.node.config.OptionTable.memory;
import static io.banyan.node.config.OptionTable.nullableString;
import static io.banyan.node.config.OptionTable.oneOf;
import static io.banyan.node.config.OptionTable.string;

import io.banyan.node.config.ConfigOption.Flag;
import io.banyan.node.config.ListTypes.OomScoreAdjValuesType;
import io.banyan.node.config.ListTypes.PercentilesType;
import io.banyan.node.config.ListTypes.ShutdownFlagsType;
import io.banyan.node.config.ScalarTypes.NumberStyle;
import io.banyan.node.config.ScalarTypes.NumberType;
import java.util.List;

/**
 * Redis 7.0 options for features this node does not have (threads, allocator, defragmentation,
 * process management, syslog, cluster, ...). They are validated exactly like Redis does and kept,
 * so that configuration files and tools written for Redis work unchanged and CONFIG GET answers;
 * most are marked {@link Flag#NO_EFFECT} so that setting one is logged at start-up.
 */
final class CompatibilityOptions {
  private CompatibilityOptions() {}

  private static final List<String> TITLE_VARIABLES =
      List.of(
          "title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file");
  private static final List<String> NON_EMPTY_VARIABLES =
      List.of("listen-addr", "port", "tls-port");

  static void define(OptionTable t) {
    runtime(t);
    process(t);
    cluster(t);
  }

  private static void runtime(OptionTable t) {
    t.storedInt("io-threads", 1, 128, 1).immutable().noEffect();
    t.storedBool("io-threads-do-reads", false).immutable().noEffect();
    t.storedBool("jemalloc-bg-thread", true).noEffect();
    t.storedBool("activerehashing", true).noEffect();
    t.storedBool("activedefrag", false).noEffect();
    t.stored("active-defrag-ignore-bytes", memory(1, LONG_MAX), 100L << 20).noEffect();
    t.storedInt("active-defrag-threshold-lower", 0, 1000, 10).noEffect();
    t.storedInt("active-defrag-threshold-upper", 0, 1000, 100).noEffect();
    t.storedInt("active-defrag-cycle-min", 1, 99, 1).noEffect();
    t.storedInt("active-defrag-cycle-max", 1, 99, 25).noEffect();
    t.storedInt("active-defrag-max-scan-fields", 1, LONG_MAX, 1000).noEffect();
    t.storedBool("lazyfree-lazy-eviction", false).noEffect();
    t.storedBool("lazyfree-lazy-expire", false).noEffect();
    t.storedBool("lazyfree-lazy-server-del", false).noEffect();
    t.storedBool("dynamic-hz", true).noEffect();
    t.storedBool("latency-tracking", true).noEffect();
    t.stored("latency-tracking-info-percentiles", new PercentilesType(), List.of(50.0, 99.0, 99.9))
        .noEffect();
    t.stored("maxmemory-clients", new NumberType(-100, LONG_MAX, NumberStyle.MEMORY_OR_PERCENT), 0L)
        .noEffect();
    t.stored("ignore-warnings", string(null), "").noEffect();
  }

  private static void process(OptionTable t) {
    t.stored("oom-score-adj", oneOf("no", "yes", "relative=yes", "absolute"), "no").noEffect();
    t.stored("oom-score-adj-values", new OomScoreAdjValuesType(), List.of(0L, 200L, 800L))
        .noEffect();
    t.storedBool("disable-thp", true).immutable().noEffect();
    t.storedBool("set-proc-title", true).immutable().noEffect();
    t.stored(
            "proc-title-template",
            string(CompatibilityOptions::checkTitleTemplate),
            "{title} {listen-addr} {server-mode}")
        .noEffect();
    t.storedBool("always-show-logo", false).immutable().noEffect();
    t.storedBool("syslog-enabled", false).immutable().noEffect();
    t.stored("syslog-ident", string(null), "redis").immutable().noEffect();
    t.stored(
            "syslog-facility",
            oneOf(
                "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6",
                "local7"),
            "local0")
        .immutable()
        .noEffect();
    t.stored("supervised", oneOf("upstart", "systemd", "auto", "no"), "no").immutable().noEffect();
    t.storedBool("crash-log-enabled", true).noEffect();
    t.storedBool("crash-memcheck-enabled", true).noEffect();
    for (String cpuList :
        List.of("server_cpulist", "bio_cpulist", "aof_rewrite_cpulist", "bgsave_cpulist")) {
      t.stored(cpuList, nullableString(), null).immutable().noEffect();
    }
    t.stored("unixsocket", nullableString(), null).immutable().noEffect();
    t.stored("unixsocketperm", new NumberType(0, 0777, NumberStyle.OCTAL), 0L)
        .immutable()
        .noEffect();
    t.storedInt("socket-mark-id", 0, UINT_MAX, 0).immutable().noEffect();
    // Signal handling follows these once shutdown honours them; kept without a warning.
    t.stored("shutdown-on-sigint", new ShutdownFlagsType(), "default");
    t.stored("shutdown-on-sigterm", new ShutdownFlagsType(), "default");
  }

  private static void cluster(OptionTable t) {
    // cluster-enabled yes is refused at start-up (see ConfigLoader): cluster mode is not available.
    t.storedBool("cluster-enabled", false).immutable();
    t.stored("cluster-config-file", string(null), "nodes.conf").immutable().noEffect();
    t.storedInt("cluster-node-timeout", 0, LONG_MAX, 15000).noEffect();
    t.storedInt("cluster-port", 0, 65535, 0).immutable().noEffect();
    t.stored("cluster-announce-ip", nullableString(), null).noEffect();
    t.stored(
            "cluster-announce-hostname",
            new ScalarTypes.StringType(true, CompatibilityOptions::checkHostname),
            null)
        .noEffect();
    t.storedInt("cluster-announce-port", 0, 65535, 0).noEffect();
    t.storedInt("cluster-announce-bus-port", 0, 65535, 0).noEffect();
    t.storedInt("cluster-announce-tls-port", 0, 65535, 0).noEffect();
    t.storedInt("cluster-replica-validity-factor", 0, INT_MAX, 10)
        .alias("cluster-slave-validity-factor")
        .noEffect();
    t.storedInt("cluster-migration-barrier", 0, INT_MAX, 1).noEffect();
    t.storedBool("cluster-allow-replica-migration", true).noEffect();
    t.storedBool("cluster-require-full-coverage", true).noEffect();
    t.storedBool("cluster-replica-no-failover", false)
        .alias("cluster-slave-no-failover")
        .noEffect();
    t.storedBool("cluster-allow-reads-when-down", false).noEffect();
    t.storedBool("cluster-allow-pubsubshard-when-down", true).noEffect();
    t.stored("cluster-link-sendbuf-limit", memory(0, LONG_MAX), 0L).noEffect();
    t.stored("cluster-preferred-endpoint-type", oneOf("ip", "hostname", "unknown-endpoint"), "ip")
        .noEffect();
  }

  /**
   * Redis's check of proc-title-template: braces balanced ({{ and }} are literal braces), only
   * known {variables}, and the title must not come out empty when the program name is empty.
   */
  private static String checkTitleTemplate(String template) {
    String error = "template format is invalid or contains unknown variables";
    boolean nonEmpty = false;
    int i = 0;
    while (i < template.length()) {
      char ch = template.charAt(i);
      boolean doubled = i + 1 < template.length() && template.charAt(i + 1) == ch;
      if ((ch == '{' || ch == '}') && doubled) {
        nonEmpty = true;
        i += 2;
      } else if (ch == '{') {
        int end = template.indexOf('}', i);
        if (end < 0) {
          return error;
        }
        String variable = template.substring(i + 1, end);
        if (!TITLE_VARIABLES.contains(variable)) {
          return error;
        }
        // title, server-mode, unixsocket and config-file can expand to nothing
        nonEmpty |= NON_EMPTY_VARIABLES.contains(variable);
        i = end + 1;
      } else if (ch == '}') {
        return error;
      } else {
        nonEmpty = true;
        i++;
      }
    }
    return nonEmpty ? null : error;
  }

  private static String checkHostname(String name) {
    if (name.length() >= 256) {
      return "Hostnames must be less than 256 characters";
    }
    if (!name.matches("[A-Za-z0-9.-]*")) {
      return "Hostnames may only contain alphanumeric characters, hyphens or dots";
    }
    return null;
  }
}
