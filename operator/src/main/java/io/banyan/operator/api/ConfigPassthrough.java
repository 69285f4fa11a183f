package io.banyan.operator.api;

import io.banyan.node.config.ConfigException;
import io.banyan.node.config.ConfigLoader;
import io.banyan.node.config.ConfigOption;
import io.banyan.node.config.ConfigRegistry;
import io.banyan.node.config.ConfigSyntax;
import io.banyan.node.config.ServerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code spec.config}: redis.conf options passed through to every node. Each one is checked with
 * the data node's own option table and config loader (the same code that reads {@code banyan.conf}
 * at start-up), so an unknown option or a bad value is refused here, naming {@code
 * spec.config.<option>}, instead of crash-looping the pods. Options the operator sets itself, or
 * that would break what it relies on, are refused with the reason.
 */
public final class ConfigPassthrough {
  private static final String DATA_FILES =
      "the node's files on /data have fixed names; another name would make a restarted node start"
          + " empty";
  private static final String FAILOVER_TIMING =
      "derived from spec.failover.detectionTimeoutMillis, so that replicas see a dead master"
          + " within the detection timeout";
  private static final String PER_POD = "a per-pod address, and one ConfigMap serves every pod";

  /** Options (canonical names) and directives the operator owns, with the reason. */
  static final Map<String, String> OWNED =
      Map.ofEntries(
          Map.entry("port", "the pods' container port, probes and Services use 6379"),
          Map.entry("bind", "the operator binds every address of the pod (* -::*), IPv4 and IPv6"),
          Map.entry(
              "protected-mode",
              "clients reach the nodes over the pod network; every user has a password (spec.auth)"),
          Map.entry("replicaof", "the operator wires every node under its parent (spec.zones)"),
          Map.entry("min-replicas-to-write", "set by spec.replication.writeQuorum"),
          Map.entry(
              "min-replicas-max-lag",
              "set by spec.replication.maxLagSeconds (capped below the detection timeout)"),
          Map.entry("repl-timeout", FAILOVER_TIMING),
          Map.entry("repl-ping-replica-period", FAILOVER_TIMING),
          Map.entry("repl-backlog-size", "set by spec.replication.backlogSize"),
          Map.entry(
              "requirepass", "the default user's password comes from spec.auth, in the aclfile"),
          Map.entry(
              "masterauth", "replicas authenticate as the operator's banyan-replication user"),
          Map.entry(
              "masteruser", "replicas authenticate as the operator's banyan-replication user"),
          Map.entry("dir", "the node's data live on its volume, mounted at /data"),
          Map.entry("dbfilename", DATA_FILES),
          Map.entry("appendfilename", DATA_FILES),
          Map.entry("appenddirname", DATA_FILES),
          Map.entry("appendonly", "set by spec.persistence.appendonly"),
          Map.entry("appendfsync", "set by spec.persistence.appendfsync"),
          Map.entry("save", "set by spec.persistence.save"),
          Map.entry("maxmemory", "set by spec.maxmemory"),
          Map.entry("maxmemory-policy", "set by spec.maxmemoryPolicy"),
          Map.entry("daemonize", "the data node must stay the container's foreground process"),
          Map.entry(
              "logfile",
              "the log goes to standard output for kubectl logs, and the root filesystem is"
                  + " read-only"),
          Map.entry(
              "replica-read-only", "a writable replica would diverge from its master's stream"),
          Map.entry("replica-announce-ip", "the operator matches replicas by pod IP; " + PER_POD),
          Map.entry(
              "replica-announce-port", "the operator matches replicas by pod IP and port 6379"),
          Map.entry("bind-source-addr", PER_POD),
          Map.entry(
              "replica-priority",
              "promotion follows spec.zones[].masterBackups and spec.failover.promotionOrder"),
          Map.entry(
              "cluster-enabled", "Banyan replicates along the operator's tree, not Redis Cluster"),
          Map.entry(
              "aclfile", "the operator renders the aclfile from spec.auth (Secret <cluster>-acl)"),
          Map.entry("include", "the pod has no configuration file but the rendered one"),
          Map.entry(
              "rename-command",
              "the operator needs INFO, REPLICAOF, CONFIG, FAILOVER and BANYAN under their names"),
          Map.entry("user", "declare users in spec.auth.users; they go into the rendered aclfile"),
          Map.entry("loadmodule", "the data node has no modules"),
          Map.entry("sentinel", "the operator does Sentinel's job"));

  private static final Pattern NEEDS_QUOTES = Pattern.compile("[^A-Za-z0-9._,:/@+=*%-]");
  private static final String SOURCE = "spec.config";

  /**
   * The last map checked and its result: the reconciler validates the spec every round, and the
   * spec rarely changes, so the data node's loader need not run again for the same options.
   */
  private static volatile Map.Entry<Map<String, String>, List<String>> last;

  private ConfigPassthrough() {}

  /** The violations, each naming {@code spec.config.<option>}; empty when all are accepted. */
  public static List<String> validate(Map<String, String> config) {
    if (config == null || config.isEmpty()) {
      return List.of();
    }
    Map.Entry<Map<String, String>, List<String>> memo = last;
    if (memo != null && memo.getKey().equals(config)) {
      return memo.getValue();
    }
    Map<String, String> copy = new HashMap<>(config);
    List<String> errors = check(copy);
    last = Map.entry(copy, errors);
    return errors;
  }

  private static List<String> check(Map<String, String> config) {
    ConfigRegistry registry = new ServerConfig().registry();
    List<String> errors = new ArrayList<>();
    Map<String, String> keyByOption = new HashMap<>();
    for (var e : new TreeMap<>(config).entrySet()) {
      String key = e.getKey();
      String field = "spec.config." + key;
      String refusal = refusal(key, registry);
      if (refusal != null) {
        errors.add(field + ": " + refusal);
        continue;
      }
      ConfigOption<?> option = registry.lookup(key);
      if (option != null && option.has(ConfigOption.Flag.HIDDEN)) {
        errors.add(field + ": a testing knob of the data node, not a setting");
        continue;
      }
      if (option != null) {
        String other = keyByOption.put(option.name(), key);
        if (other != null) {
          errors.add(field + ": the same option as spec.config." + other);
          continue;
        }
      }
      if (e.getValue() == null) {
        errors.add(field + ": needs a value");
        continue;
      }
      String line = line(registry, key, e.getValue());
      try {
        new ConfigLoader(new ServerConfig()).loadText(line, SOURCE);
      } catch (ConfigException ex) {
        errors.add(field + ": " + detail(ex.getMessage(), line));
      }
    }
    return List.copyOf(errors);
  }

  /**
   * The redis.conf lines of {@code config}, in option-name order, as the data node reads them back
   * to the given values: a multi-word option's value is split on spaces (as CONFIG SET splits it),
   * each word quoted only when it must be.
   */
  public static List<String> lines(Map<String, String> config) {
    if (config == null || config.isEmpty()) {
      return List.of();
    }
    ConfigRegistry registry = new ServerConfig().registry();
    List<String> lines = new ArrayList<>();
    new TreeMap<>(config).forEach((key, value) -> lines.add(line(registry, key, value)));
    return lines;
  }

  /** Why the operator refuses {@code key}, or null when the option is the user's to set. */
  static String refusal(String key, ConfigRegistry registry) {
    String name = key.toLowerCase(Locale.ROOT);
    ConfigOption<?> option = registry.lookup(name);
    String canonical = option == null ? name : option.name();
    if (canonical.startsWith("banyan-")) {
      return "the operator's own option (fencing, health endpoints): the operator sets it";
    }
    if (canonical.startsWith("tls-")) {
      return "TLS is configured by spec.tls";
    }
    String reason = OWNED.get(canonical);
    return reason == null ? null : "the operator owns this option: " + reason;
  }

  private static String line(ConfigRegistry registry, String key, String value) {
    ConfigOption<?> option = registry.lookup(key);
    List<String> words =
        option != null && option.multiWord() ? ConfigSyntax.splitOnSpaces(value) : List.of(value);
    StringBuilder line = new StringBuilder(key);
    if (words.isEmpty()) {
      line.append(" \"\"");
    }
    for (String word : words) {
      line.append(' ').append(quoted(word));
    }
    return line.toString();
  }

  private static String quoted(String word) {
    return word.isEmpty() || NEEDS_QUOTES.matcher(word).find() ? ConfigSyntax.quote(word) : word;
  }

  /** The loader's reason without its "Fatal config error in ... line 1: '<line>': " prefix. */
  private static String detail(String message, String line) {
    String prefix = "Fatal config error in " + SOURCE + " line 1: '" + line + "': ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
