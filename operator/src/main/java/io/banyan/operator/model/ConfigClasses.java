package io.banyan.operator.model;

import io.banyan.node.config.ConfigOption;
import io.banyan.node.config.ConfigRegistry;
import io.banyan.node.config.ServerConfig;
import java.util.Locale;
import java.util.Set;

/**
 * Which options of the rendered {@code banyan.conf} reach a running node how. Decided from the data
 * node's own option table ({@link ConfigRegistry}: the same code answers CONFIG SET on the node),
 * so the rule cannot drift from what the nodes accept:
 *
 * <ul>
 *   <li>{@link ConfigClass#OPERATOR}: options the operator itself sets on running nodes, from other
 *       sources than the rendered file — the password rotation ({@code requirepass}, {@code
 *       masterauth}, {@code masteruser}), the tree wiring ({@code replicaof}), the pod's zone
 *       ({@code banyan-zone}, per pod on the command line) and the derived failover settings that
 *       {@code reconcile.SettingsRollout} applies in its own safe order ({@link #DERIVED}). Left
 *       alone by the live configuration rollout and kept out of the restart fingerprint.
 *   <li>{@link ConfigClass#RESTART}: options a node reads only at start-up — immutable, or
 *       protected ({@code dir}, {@code dbfilename}: CONFIG SET refuses them from the operator's
 *       remote connection unless {@code enable-protected-configs yes}, which the operator does not
 *       set) — and the data node's hidden testing knobs. A change needs a new pod.
 *   <li>{@link ConfigClass#LIVE}: every other option: {@code CONFIG SET} applies it to a running
 *       node.
 * </ul>
 *
 * Pure.
 */
public final class ConfigClasses {
  /** How an option reaches a running node. */
  public enum ConfigClass {
    /** {@code CONFIG SET} applies it to a running node. */
    LIVE,
    /** Read at start-up only: the pod must be replaced. */
    RESTART,
    /** Set on running nodes by the operator's own mechanisms; never touched as configuration. */
    OPERATOR
  }

  /**
   * The derived failover settings (see {@code reconcile.DerivedSettings}): changed by {@code
   * SettingsRollout} before or after the operator's own detection timeout, as safety demands.
   */
  public static final Set<String> DERIVED =
      Set.of(
          "min-replicas-to-write",
          "min-replicas-max-lag",
          "banyan-ready-max-lag",
          "repl-ping-replica-period",
          "repl-timeout");

  /** Derived options named with this prefix too (the zone-aware write quorum's). */
  public static final String DERIVED_PREFIX = "banyan-min-replicas-";

  /** The other options the operator sets on running nodes itself, by canonical name. */
  public static final Set<String> OPERATOR_SET =
      Set.of("requirepass", "masterauth", "masteruser", "replicaof", "banyan-zone");

  /**
   * The TLS options ({@code tls-port}, certificate paths, ...) are restart options for the operator
   * although a node takes them live: they follow the pod's Secret volumes, which only a new pod
   * gets, and the operator speaks TLS to a node by its pod spec ({@code NodeTls}).
   */
  static final String TLS_PREFIX = "tls-";

  private static final ConfigRegistry REGISTRY = new ServerConfig().registry();

  private ConfigClasses() {}

  /**
   * The class of an option by name or alias (any case); null when the data node has no such one.
   */
  public static ConfigClass of(String name) {
    ConfigOption<?> option = lookup(name);
    return option == null ? null : of(option);
  }

  /** The data node's option of this name or alias (any case), or null. */
  static ConfigOption<?> lookup(String name) {
    return REGISTRY.lookup(name.toLowerCase(Locale.ROOT));
  }

  /** The class of one of the data node's options. */
  public static ConfigClass of(ConfigOption<?> option) {
    String name = option.name();
    if (DERIVED.contains(name) || name.startsWith(DERIVED_PREFIX) || OPERATOR_SET.contains(name)) {
      return ConfigClass.OPERATOR;
    }
    if (option.has(ConfigOption.Flag.IMMUTABLE)
        || name.startsWith(TLS_PREFIX)
        || option.has(ConfigOption.Flag.PROTECTED)
        || option.has(ConfigOption.Flag.HIDDEN)) {
      return ConfigClass.RESTART;
    }
    return ConfigClass.LIVE;
  }
}
