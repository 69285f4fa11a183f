package io.banyan.node.config;

import static io.banyan.node.config.OptionTable.INT_MAX;
import static io.banyan.node.config.OptionTable.INT_MIN;
import static io.banyan.node.config.OptionTable.LONG_MAX;
import static io.banyan.node.config.OptionTable.UINT_MAX;
import static io.banyan.node.config.OptionTable.integer;
import static io.banyan.node.config.OptionTable.memory;
import static io.banyan.node.config.OptionTable.nullableString;
import static io.banyan.node.config.OptionTable.oneOf;
import static io.banyan.node.config.OptionTable.string;

import io.banyan.node.config.ConfigOption.Flag;
import io.banyan.node.config.ListTypes.BindType;
import io.banyan.node.config.ListTypes.OutputBufferLimitsType;
import io.banyan.node.config.SpecialTypes.DirType;
import io.banyan.node.config.SpecialTypes.KeyspaceEventsType;
import java.util.List;

/**
 * The options this node implements: network, security, general, memory, limits, logging, encodings
 * and behaviour. Ranges, defaults and mutability are Redis 7.0's.
 */
final class CoreOptions {
  private CoreOptions() {}

  static void define(OptionTable t) {
    network(t);
    security(t);
    general(t);
    memoryOptions(t);
    limits(t);
    encodings(t);
    behaviour(t);
  }

  private static void network(OptionTable t) {
    // Redis can re-listen on CONFIG SET port/bind; this node binds once at start-up.
    t.intField("port", integer(0, 65535), 6379, c -> c.port, (c, v) -> c.port = v).immutable();
    t.field("bind", new BindType(), List.of("*", "-::*"), c -> c.bind, (c, v) -> c.bind = v)
        .immutable();
    t.bool("protected-mode", true, c -> c.protectedMode, (c, v) -> c.protectedMode = v);
    t.intField(
            "tcp-backlog", integer(0, INT_MAX), 511, c -> c.tcpBacklog, (c, v) -> c.tcpBacklog = v)
        .immutable();
    t.intField(
        "tcp-keepalive",
        integer(0, INT_MAX),
        300,
        c -> c.tcpKeepaliveSeconds,
        (c, v) -> c.tcpKeepaliveSeconds = v);
    t.intField(
        "timeout", integer(0, INT_MAX), 0, c -> c.timeoutSeconds, (c, v) -> c.timeoutSeconds = v);
    t.intField(
        "maxclients", integer(1, UINT_MAX), 10000, c -> c.maxClients, (c, v) -> c.maxClients = v);
  }

  private static void security(OptionTable t) {
    t.field("requirepass", nullableString(), null, c -> c.requirePass, (c, v) -> c.requirePass = v)
        .flag(Flag.SENSITIVE);
    t.field("aclfile", string(null), "", c -> c.aclFile, (c, v) -> c.aclFile = v).immutable();
    t.intField(
        "acllog-max-len",
        integer(0, LONG_MAX),
        128,
        c -> c.acllogMaxLen,
        (c, v) -> c.acllogMaxLen = v);
    t.stored("acl-pubsub-default", oneOf("allchannels", "resetchannels"), "resetchannels");
    t.field(
            "enable-protected-configs",
            oneOf("no", "yes", "local"),
            "no",
            c -> c.enableProtectedConfigs,
            (c, v) -> c.enableProtectedConfigs = v)
        .immutable();
    t.field(
            "enable-debug-command",
            oneOf("no", "yes", "local"),
            "no",
            c -> c.enableDebugCommand,
            (c, v) -> c.enableDebugCommand = v)
        .immutable();
    t.field(
            "enable-module-command",
            oneOf("no", "yes", "local"),
            "no",
            c -> c.enableModuleCommand,
            (c, v) -> c.enableModuleCommand = v)
        .immutable();
  }

  private static void general(OptionTable t) {
    t.intField("databases", integer(1, INT_MAX), 16, c -> c.databases, (c, v) -> c.databases = v)
        .immutable();
    t.field("dir", new DirType(), ".", c -> c.dir, (c, v) -> c.dir = v).flag(Flag.PROTECTED);
    t.field("logfile", string(null), "", c -> c.logFile, (c, v) -> c.logFile = v).immutable();
    t.field(
        "loglevel",
        oneOf("debug", "verbose", "notice", "warning"),
        "notice",
        c -> c.logLevel,
        (c, v) -> c.logLevel = v);
    // Out-of-range hz is accepted and capped to 1..500, as Redis does.
    t.intField(
        "hz", integer(0, INT_MAX), 10, c -> c.hz, (c, v) -> c.hz = Math.max(1, Math.min(500, v)));
    t.bool("daemonize", false, c -> c.daemonize, (c, v) -> c.daemonize = v).immutable();
    t.field(
            "pidfile",
            nullableString(),
            null,
            c -> c.pidFile.isEmpty() ? null : c.pidFile,
            (c, v) -> c.pidFile = v == null ? "" : v)
        .immutable();
    t.intField(
        "shutdown-timeout",
        integer(0, INT_MAX),
        10,
        c -> c.shutdownTimeoutSeconds,
        (c, v) -> c.shutdownTimeoutSeconds = v);
  }

  private static void memoryOptions(OptionTable t) {
    t.longField("maxmemory", memory(0, LONG_MAX), 0, c -> c.maxMemory, (c, v) -> c.maxMemory = v);
    t.field(
        "maxmemory-policy",
        oneOf(
            "volatile-lru",
            "volatile-lfu",
            "volatile-random",
            "volatile-ttl",
            "allkeys-lru",
            "allkeys-lfu",
            "allkeys-random",
            "noeviction"),
        "noeviction",
        c -> c.maxMemoryPolicy.wireName(),
        (c, v) -> c.maxMemoryPolicy = EvictionPolicy.byName(v));
    t.intField(
        "maxmemory-samples",
        integer(1, INT_MAX),
        5,
        c -> c.maxMemorySamples,
        (c, v) -> c.maxMemorySamples = v);
    t.intField(
        "maxmemory-eviction-tenacity",
        integer(0, 100),
        10,
        c -> c.maxMemoryEvictionTenacity,
        (c, v) -> c.maxMemoryEvictionTenacity = v);
    t.intField(
        "lfu-log-factor",
        integer(0, INT_MAX),
        10,
        c -> c.lfuLogFactor,
        (c, v) -> c.lfuLogFactor = v);
    t.intField(
        "lfu-decay-time",
        integer(0, INT_MAX),
        1,
        c -> c.lfuDecayTime,
        (c, v) -> c.lfuDecayTime = v);
  }

  private static void limits(OptionTable t) {
    t.longField(
        "proto-max-bulk-len",
        memory(1024 * 1024, LONG_MAX),
        512L * 1024 * 1024,
        c -> c.protoMaxBulkLen,
        (c, v) -> c.protoMaxBulkLen = v);
    t.longField(
        "client-query-buffer-limit",
        memory(1024 * 1024, LONG_MAX),
        1024L * 1024 * 1024,
        c -> c.clientQueryBufferLimit,
        (c, v) -> c.clientQueryBufferLimit = v);
    t.field(
        "client-output-buffer-limit",
        new OutputBufferLimitsType(),
        OutputBufferLimitsType.DEFAULTS,
        c -> new long[][] {c.outputLimitNormal, c.outputLimitReplica, c.outputLimitPubsub},
        (c, v) -> {
          c.outputLimitNormal = v[0].clone();
          c.outputLimitReplica = v[1].clone();
          c.outputLimitPubsub = v[2].clone();
        });
    t.longField(
        "slowlog-log-slower-than",
        integer(-1, LONG_MAX),
        10_000,
        c -> c.slowlogLogSlowerThanMicros,
        (c, v) -> c.slowlogLogSlowerThanMicros = v);
    t.intField(
        "slowlog-max-len",
        integer(0, LONG_MAX),
        128,
        c -> c.slowlogMaxLen,
        (c, v) -> c.slowlogMaxLen = v);
    t.longField(
        "latency-monitor-threshold",
        integer(0, LONG_MAX),
        0,
        c -> c.latencyMonitorThresholdMs,
        (c, v) -> c.latencyMonitorThresholdMs = v);
    t.longField(
            "busy-reply-threshold",
            integer(0, LONG_MAX),
            5000,
            c -> c.busyReplyThresholdMs,
            (c, v) -> c.busyReplyThresholdMs = v)
        .alias("lua-time-limit");
    t.longField(
        "tracking-table-max-keys",
        integer(0, LONG_MAX),
        1_000_000,
        c -> c.trackingTableMaxKeys,
        (c, v) -> c.trackingTableMaxKeys = v);
    t.intField(
        "active-expire-effort",
        integer(1, 10),
        1,
        c -> c.activeExpireEffort,
        (c, v) -> c.activeExpireEffort = v);
  }

  private static void encodings(OptionTable t) {
    t.intField(
            "hash-max-listpack-entries",
            integer(0, LONG_MAX),
            512,
            c -> c.hashMaxListpackEntries,
            (c, v) -> c.hashMaxListpackEntries = v)
        .alias("hash-max-ziplist-entries");
    t.intField(
            "hash-max-listpack-value",
            memory(0, LONG_MAX),
            64,
            c -> c.hashMaxListpackValue,
            (c, v) -> c.hashMaxListpackValue = v)
        .alias("hash-max-ziplist-value");
    t.intField(
        "set-max-intset-entries",
        integer(0, LONG_MAX),
        512,
        c -> c.setMaxIntsetEntries,
        (c, v) -> c.setMaxIntsetEntries = v);
    t.intField(
            "zset-max-listpack-entries",
            integer(0, LONG_MAX),
            128,
            c -> c.zsetMaxListpackEntries,
            (c, v) -> c.zsetMaxListpackEntries = v)
        .alias("zset-max-ziplist-entries");
    t.intField(
            "zset-max-listpack-value",
            memory(0, LONG_MAX),
            64,
            c -> c.zsetMaxListpackValue,
            (c, v) -> c.zsetMaxListpackValue = v)
        .alias("zset-max-ziplist-value");
    t.intField(
            "list-max-listpack-size",
            integer(INT_MIN, INT_MAX),
            -2,
            c -> c.listMaxListpackSize,
            (c, v) -> c.listMaxListpackSize = v)
        .alias("list-max-ziplist-size");
    t.intField(
        "list-compress-depth",
        integer(0, INT_MAX),
        0,
        c -> c.listCompressDepth,
        (c, v) -> c.listCompressDepth = v);
    t.longField(
        "hll-sparse-max-bytes",
        memory(0, LONG_MAX),
        3000,
        c -> c.hllSparseMaxBytes,
        (c, v) -> c.hllSparseMaxBytes = v);
    t.longField(
        "stream-node-max-bytes",
        memory(0, LONG_MAX),
        4096,
        c -> c.streamNodeMaxBytes,
        (c, v) -> c.streamNodeMaxBytes = v);
    t.longField(
        "stream-node-max-entries",
        integer(0, LONG_MAX),
        100,
        c -> c.streamNodeMaxEntries,
        (c, v) -> c.streamNodeMaxEntries = v);
  }

  private static void behaviour(OptionTable t) {
    t.bool(
        "lazyfree-lazy-user-del",
        false,
        c -> c.lazyfreeLazyUserDel,
        (c, v) -> c.lazyfreeLazyUserDel = v);
    t.bool(
        "lazyfree-lazy-user-flush",
        false,
        c -> c.lazyfreeLazyUserFlush,
        (c, v) -> c.lazyfreeLazyUserFlush = v);
    t.field(
        "notify-keyspace-events",
        new KeyspaceEventsType(),
        0,
        c -> c.notifyKeyspaceEvents,
        (c, v) -> c.notifyKeyspaceEvents = v);
    t.field(
        "sanitize-dump-payload",
        oneOf("no", "yes", "clients"),
        "no",
        c -> c.sanitizeDumpPayload,
        (c, v) -> c.sanitizeDumpPayload = v);
  }
}
