package io.banyan.node.config;

import java.util.List;

/**
 * The node's effective configuration, as typed fields that the command thread reads directly on hot
 * paths. {@link ConfigRegistry} maps every redis.conf option name onto these fields, parses and
 * validates values, and serves CONFIG GET/SET.
 *
 * <p>Fields are volatile: the command thread is the only writer (CONFIG SET), but IO threads read
 * some (limits, timeouts).
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

  // ---- general -------------------------------------------------------------------------------
  public volatile int databases = 16;
  public volatile String dir = ".";
  public volatile String logFile = "";
  public volatile String logLevel = "notice";
  public volatile int hz = 10;
  public volatile boolean daemonize;
  public volatile String pidFile = "";

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

  // ---- expiry --------------------------------------------------------------------------------
  public volatile int activeExpireEffort = 1;

  // ---- encodings (thresholds at which compact encodings convert) -----------------------------
  public volatile int hashMaxListpackEntries = 128;
  public volatile int hashMaxListpackValue = 64;
  public volatile int setMaxIntsetEntries = 512;
  public volatile int zsetMaxListpackEntries = 128;
  public volatile int zsetMaxListpackValue = 64;
  public volatile int listMaxListpackSize = -2;
  public volatile int listCompressDepth;

  // ---- behaviour -----------------------------------------------------------------------------
  public volatile boolean lazyfreeLazyUserDel;
  public volatile boolean lazyfreeLazyUserFlush;
}
