package io.banyan.node.server;

import io.banyan.node.command.model.CommandTable;
import io.banyan.node.config.ConfigException;
import io.banyan.node.config.ConfigRegistry;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.engine.Engine;
import io.banyan.node.engine.SoftHeapLimit;
import io.banyan.node.log.ServerLog;
import io.banyan.node.store.AccessClock;
import io.banyan.node.store.type.EncodingLimits;
import java.util.List;

/**
 * Connects configuration options to the running engine: registers the change hooks that make CONFIG
 * SET take effect, applies the start-up values that live outside {@link ServerConfig} (access
 * clock, encoding thresholds), and applies rename-command.
 *
 * <p>Options read straight from {@link ServerConfig} by the code that uses them (timeout, hz,
 * maxmemory, slowlog-log-slower-than, limits, ...) need no hook: the next read sees the new value.
 */
public final class ConfigHooks {
  private ConfigHooks() {}

  /** Installs the hooks for one engine; called once when the engine is created. */
  public static void install(Engine engine) {
    ServerConfig config = engine.config();
    ConfigRegistry registry = config.registry();
    AccessClock clock = engine.keyspace().accessClock();
    ServerLog log = engine.log();

    registry.onChange("maxmemory-policy", c -> clock.lfu = c.maxMemoryPolicy.lfu());
    registry.onChange("lfu-log-factor", c -> clock.lfuLogFactor = c.lfuLogFactor);
    registry.onChange("lfu-decay-time", c -> clock.lfuDecayTimeMinutes = c.lfuDecayTime);
    registry.onChange("loglevel", c -> log.setLevel(ServerLog.Level.byName(c.logLevel)));
    registry.onChange("slowlog-max-len", c -> engine.slowLog().trim(c.slowlogMaxLen));
    // requirepass is the default user's password (Redis 7.0): setting it replaces that user's
    // passwords, an empty one makes it nopass. Connections already signed in stay so.
    registry.onChange("requirepass", c -> engine.users().setDefaultPassword(c.requirePass));
    registry.onChange("acllog-max-len", c -> engine.aclLog().trim(c.acllogMaxLen));
    registry.onChange(
        "maxmemory",
        c -> {
          SoftHeapLimit.apply(c.maxMemory, log);
          if (c.maxMemory > 0 && engine.usedMemory() > c.maxMemory) {
            log.warning(
                "WARNING: the new maxmemory value set via CONFIG SET ("
                    + c.maxMemory
                    + ") is smaller than the current memory usage ("
                    + engine.usedMemory()
                    + "). Keys will be evicted or writes refused, as maxmemory-policy says.");
          }
        });
    for (String name :
        List.of(
            "hash-max-listpack-entries",
            "hash-max-listpack-value",
            "set-max-intset-entries",
            "zset-max-listpack-entries",
            "zset-max-listpack-value")) {
      registry.onChange(name, ConfigHooks::applyEncodingLimits);
    }

    SoftHeapLimit.apply(config.maxMemory, log);
    clock.lfu = config.maxMemoryPolicy.lfu();
    clock.lfuLogFactor = config.lfuLogFactor;
    clock.lfuDecayTimeMinutes = config.lfuDecayTime;
    if (!hasDefaultEncodingLimits(config)) {
      // The statics start at the defaults; not writing them again keeps a node started later in
      // the same process (a test) from undoing another node's CONFIG SET of a threshold.
      applyEncodingLimits(config);
    }
    applyRenames(engine.commands(), config.renamedCommands);
  }

  /**
   * The thresholds are process-wide statics read by the value types; with several nodes in one
   * process (tests), the last configured node's values apply to all.
   */
  private static boolean hasDefaultEncodingLimits(ServerConfig c) {
    ServerConfig d = new ServerConfig();
    return c.hashMaxListpackEntries == d.hashMaxListpackEntries
        && c.hashMaxListpackValue == d.hashMaxListpackValue
        && c.setMaxIntsetEntries == d.setMaxIntsetEntries
        && c.zsetMaxListpackEntries == d.zsetMaxListpackEntries
        && c.zsetMaxListpackValue == d.zsetMaxListpackValue;
  }

  private static void applyEncodingLimits(ServerConfig c) {
    EncodingLimits.hashMaxListpackEntries = c.hashMaxListpackEntries;
    EncodingLimits.hashMaxListpackValue = c.hashMaxListpackValue;
    EncodingLimits.setMaxIntsetEntries = c.setMaxIntsetEntries;
    EncodingLimits.zsetMaxListpackEntries = c.zsetMaxListpackEntries;
    EncodingLimits.zsetMaxListpackValue = c.zsetMaxListpackValue;
  }

  private static void applyRenames(CommandTable commands, List<List<String>> renames) {
    for (List<String> r : renames) {
      try {
        commands.rename(r.get(0), r.get(1));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "Fatal config error: 'rename-command "
                + r.get(0)
                + " "
                + (r.get(1).isEmpty() ? "\"\"" : r.get(1))
                + "': "
                + e.getMessage());
      }
    }
  }
}
