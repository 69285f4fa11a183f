package io.banyan.node.config;

import java.util.List;

/**
 * The node's effective configuration, as typed fields that the command thread reads directly on hot
 * paths. {@link ConfigRegistry} maps every redis.conf option name onto these fields, parses and
 * validates values, and serves CONFIG GET/SET; {@link #registry()} returns this configuration's
 * registry.
 *
 * <p>Fields are volatile: the command thread is the only writer (CONFIG SET), but IO threads read
 * some (limits, timeouts). Defaults are Redis 7.0's built-in defaults (what a redis-server started
 * without a configuration file reports), not the values of the sample redis.conf.
 */
public final class ServerConfig {
  // ---- network -------------------------------------------------------------------------------
  public volatile int port = 6379;
  public volatile List<String> bind = List.of("*", "-::*");
  public volatile boolean protectedMode = true;
  public volatile int tcpBacklog = 511;
  public volatile int tcpKeepaliveSeconds = 300;

  /** Idle seconds before a client is disconnected; 0 = never. */
  public volatile int timeoutSeconds;

  public volatile int maxClients = 10000;

  // ---- security ------------------------------------------------------------------------------
  /** The default user's password; null when none is required. */
  public volatile String requirePass;

  /** Path of the ACL file (aclfile); empty when users come from the configuration file. */
  public volatile String aclFile = "";

  /** {@code user} directives of the configuration file, each as its arguments (name first). */
  public volatile List<List<String>> userDirectives = List.of();

  /** Where each {@code user} line came from ("file line N: 'text'"), for start-up errors. */
  public volatile List<String> userDirectiveSources = List.of();

  public volatile int acllogMaxLen = 128;

  /** enable-protected-configs: "no", "yes" or "local" (dir and dbfilename via CONFIG SET). */
  public volatile String enableProtectedConfigs = "no";

  /** enable-debug-command: "no", "yes" or "local". */
  public volatile String enableDebugCommand = "no";

  /** {@code rename-command} directives, in file order: {from, to}; empty "to" disables. */
  public volatile List<List<String>> renamedCommands = List.of();

  // ---- general -------------------------------------------------------------------------------
  public volatile int databases = 16;
  public volatile String dir = ".";
  public volatile String logFile = "";
  public volatile String logLevel = "notice";
  public volatile int hz = 10;
  public volatile boolean daemonize;
  public volatile String pidFile = "";

  /** Absolute path of the configuration file the node started with; null when none. */
  public volatile String configFile;

  // ---- memory --------------------------------------------------------------------------------
  public volatile long maxMemory;
  public volatile EvictionPolicy maxMemoryPolicy = EvictionPolicy.NOEVICTION;
  public volatile int maxMemorySamples = 5;
  public volatile int maxMemoryEvictionTenacity = 10;
  public volatile int lfuLogFactor = 10;
  public volatile int lfuDecayTime = 1;

  // ---- limits --------------------------------------------------------------------------------
  public volatile long protoMaxBulkLen = 512L * 1024 * 1024;
  public volatile long clientQueryBufferLimit = 1024L * 1024 * 1024;

  /**
   * client-output-buffer-limit for normal, replica and pubsub clients: hard, soft, soft seconds.
   */
  public volatile long[] outputLimitNormal = {0, 0, 0};

  public volatile long[] outputLimitReplica = {256L << 20, 64L << 20, 60};
  public volatile long[] outputLimitPubsub = {32L << 20, 8L << 20, 60};

  // ---- slow log and latency ------------------------------------------------------------------
  public volatile long slowlogLogSlowerThanMicros = 10_000;
  public volatile int slowlogMaxLen = 128;
  public volatile long latencyMonitorThresholdMs;

  // ---- expiry --------------------------------------------------------------------------------
  public volatile int activeExpireEffort = 1;

  // ---- encodings (thresholds at which compact encodings convert) -----------------------------
  public volatile int hashMaxListpackEntries = 512;
  public volatile int hashMaxListpackValue = 64;
  public volatile int setMaxIntsetEntries = 512;
  public volatile int zsetMaxListpackEntries = 128;
  public volatile int zsetMaxListpackValue = 64;
  public volatile int listMaxListpackSize = -2;
  public volatile int listCompressDepth;
  public volatile long hllSparseMaxBytes = 3000;
  public volatile long streamNodeMaxBytes = 4096;
  public volatile long streamNodeMaxEntries = 100;

  // ---- behaviour -----------------------------------------------------------------------------
  public volatile boolean lazyfreeLazyUserDel;
  public volatile boolean lazyfreeLazyUserFlush;

  /** notify-keyspace-events as {@link KeyspaceEvents} flag bits; 0 = notifications off. */
  public volatile int notifyKeyspaceEvents;

  /** busy-reply-threshold (alias lua-time-limit), milliseconds. */
  public volatile long busyReplyThresholdMs = 5000;

  public volatile long trackingTableMaxKeys = 1_000_000;

  /** sanitize-dump-payload: "no", "yes" or "clients". */
  public volatile String sanitizeDumpPayload = "no";

  /** Seconds SHUTDOWN waits for lagging replicas. */
  public volatile int shutdownTimeoutSeconds = 10;

  // ---- persistence: RDB ----------------------------------------------------------------------
  /** Snapshot rules (save): snapshot when at least {@code changes} happened in {@code seconds}. */
  public volatile List<SaveRule> saveRules = SaveRule.DEFAULTS;

  public volatile String dbFilename = "dump.rdb";
  public volatile boolean rdbCompression = true;
  public volatile boolean rdbChecksum = true;
  public volatile boolean stopWritesOnBgsaveError = true;

  /** rdb-key-save-delay: pause between snapshot steps, in microseconds (a testing knob). */
  public volatile int rdbKeySaveDelayMicros;

  // ---- persistence: AOF ----------------------------------------------------------------------
  public volatile boolean appendOnly;
  public volatile String appendFilename = "appendonly.aof";
  public volatile String appendDirname = "appendonlydir";

  /** appendfsync: "always", "everysec" or "no". */
  public volatile String appendFsync = "everysec";

  public volatile int autoAofRewritePercentage = 100;
  public volatile long autoAofRewriteMinSize = 64L * 1024 * 1024;
  public volatile boolean aofLoadTruncated = true;
  public volatile boolean aofUseRdbPreamble = true;
  public volatile boolean aofTimestampEnabled;

  // ---- replication ---------------------------------------------------------------------------
  /** Master host (replicaof); null when this node is a master. */
  public volatile String replicaOfHost;

  public volatile int replicaOfPort;

  /** Password for the master (masterauth); null when none. */
  public volatile String masterAuth;

  /** ACL user for the master (masteruser); null for the default user. */
  public volatile String masterUser;

  public volatile boolean replicaReadOnly = true;
  public volatile boolean replicaServeStaleData = true;
  public volatile boolean replicaIgnoreMaxmemory = true;
  public volatile long replBacklogSize = 1024L * 1024;
  public volatile long replBacklogTtlSeconds = 3600;
  public volatile int replTimeoutSeconds = 60;
  public volatile int replPingReplicaPeriodSeconds = 10;
  public volatile boolean replDisklessSync = true;
  public volatile int replDisklessSyncDelaySeconds = 5;
  public volatile int replDisklessSyncMaxReplicas;

  /** repl-diskless-load: "disabled", "on-empty-db" or "swapdb". */
  public volatile String replDisklessLoad = "disabled";

  public volatile int minReplicasToWrite;
  public volatile int minReplicasMaxLagSeconds = 10;
  public volatile int replicaPriority = 100;

  /** replica-announce-ip; null when the replica's own address is reported. */
  public volatile String replicaAnnounceIp;

  public volatile int replicaAnnouncePort;
  public volatile boolean replicaAnnounced = true;

  /** banyan-start-fenced: the node starts fenced at epoch 0, until BANYAN ADMIT. */
  public volatile boolean banyanStartFenced;

  /** HTTP port for /livez, /readyz and /metrics; 0 = no HTTP listener. */
  public volatile int banyanHttpPort;

  /**
   * /readyz: a replica is ready only if its master's last data is at most this many seconds old.
   */
  public volatile int banyanReadyMaxLag = 10;

  /**
   * Writes that may grow memory are refused with -OOM while the heap live after the last collection
   * is above this percentage of the maximum heap; 0 = off.
   */
  public volatile int banyanHeapGuard = 75;

  /** banyan-zone: this node's zone, "" when unknown. */
  public volatile String banyanZone = "";

  /** banyan-min-replicas-scope: "any" or "other-zones" (replicas outside banyanZone). */
  public volatile String banyanMinReplicasScope = "any";

  /** banyan-min-replicas-max-lag-ms; 0 = min-replicas-max-lag (seconds) applies. */
  public volatile int banyanMinReplicasMaxLagMs;

  private ConfigRegistry registry;

  /** The registry of option names for this configuration, created on first use. */
  public synchronized ConfigRegistry registry() {
    if (registry == null) {
      registry = new ConfigRegistry(this);
    }
    return registry;
  }
}
