package io.banyan.node.config;

import static io.banyan.node.config.OptionTable.INT_MAX;
import static io.banyan.node.config.OptionTable.LONG_MAX;
import static io.banyan.node.config.OptionTable.integer;
import static io.banyan.node.config.OptionTable.memory;
import static io.banyan.node.config.OptionTable.nullableString;
import static io.banyan.node.config.OptionTable.oneOf;

import io.banyan.node.config.ConfigOption.Flag;
import io.banyan.node.config.SpecialTypes.HostAndPort;
import io.banyan.node.config.SpecialTypes.ReplicaOfType;

/**
 * Replication options. They are parsed, validated and stored in {@link ServerConfig} now; the
 * replication implementation reads them from there.
 */
final class ReplicationOptions {
  private ReplicationOptions() {}

  static void define(OptionTable t) {
    // As in Redis 7.0, CONFIG SET cannot change replicaof: the REPLICAOF command does that.
    t.field(
            "replicaof",
            new ReplicaOfType(),
            null,
            c -> c.replicaOfHost == null ? null : new HostAndPort(c.replicaOfHost, c.replicaOfPort),
            (c, v) -> {
              c.replicaOfHost = v == null ? null : v.host();
              c.replicaOfPort = v == null ? 0 : v.port();
            })
        .alias("slaveof")
        .immutable();
    t.field("masterauth", nullableString(), null, c -> c.masterAuth, (c, v) -> c.masterAuth = v)
        .flag(Flag.SENSITIVE);
    t.field("masteruser", nullableString(), null, c -> c.masterUser, (c, v) -> c.masterUser = v)
        .flag(Flag.SENSITIVE);
    t.bool("replica-read-only", true, c -> c.replicaReadOnly, (c, v) -> c.replicaReadOnly = v)
        .alias("slave-read-only");
    t.bool(
            "replica-serve-stale-data",
            true,
            c -> c.replicaServeStaleData,
            (c, v) -> c.replicaServeStaleData = v)
        .alias("slave-serve-stale-data");
    t.bool(
            "replica-ignore-maxmemory",
            true,
            c -> c.replicaIgnoreMaxmemory,
            (c, v) -> c.replicaIgnoreMaxmemory = v)
        .alias("slave-ignore-maxmemory");
    t.longField(
        "repl-backlog-size",
        memory(1, LONG_MAX),
        1024L * 1024,
        c -> c.replBacklogSize,
        (c, v) -> c.replBacklogSize = v);
    t.longField(
        "repl-backlog-ttl",
        integer(0, LONG_MAX),
        3600,
        c -> c.replBacklogTtlSeconds,
        (c, v) -> c.replBacklogTtlSeconds = v);
    t.intField(
        "repl-timeout",
        integer(1, INT_MAX),
        60,
        c -> c.replTimeoutSeconds,
        (c, v) -> c.replTimeoutSeconds = v);
    t.intField(
            "repl-ping-replica-period",
            integer(1, INT_MAX),
            10,
            c -> c.replPingReplicaPeriodSeconds,
            (c, v) -> c.replPingReplicaPeriodSeconds = v)
        .alias("repl-ping-slave-period");
    t.bool("repl-diskless-sync", true, c -> c.replDisklessSync, (c, v) -> c.replDisklessSync = v);
    t.intField(
        "repl-diskless-sync-delay",
        integer(0, INT_MAX),
        5,
        c -> c.replDisklessSyncDelaySeconds,
        (c, v) -> c.replDisklessSyncDelaySeconds = v);
    t.intField(
        "repl-diskless-sync-max-replicas",
        integer(0, INT_MAX),
        0,
        c -> c.replDisklessSyncMaxReplicas,
        (c, v) -> c.replDisklessSyncMaxReplicas = v);
    t.field(
        "repl-diskless-load",
        oneOf("disabled", "on-empty-db", "swapdb"),
        "disabled",
        c -> c.replDisklessLoad,
        (c, v) -> c.replDisklessLoad = v);
    t.intField(
            "min-replicas-to-write",
            integer(0, INT_MAX),
            0,
            c -> c.minReplicasToWrite,
            (c, v) -> c.minReplicasToWrite = v)
        .alias("min-slaves-to-write");
    t.intField(
            "min-replicas-max-lag",
            integer(0, INT_MAX),
            10,
            c -> c.minReplicasMaxLagSeconds,
            (c, v) -> c.minReplicasMaxLagSeconds = v)
        .alias("min-slaves-max-lag");
    t.intField(
            "replica-priority",
            integer(0, INT_MAX),
            100,
            c -> c.replicaPriority,
            (c, v) -> c.replicaPriority = v)
        .alias("slave-priority");
    t.field(
            "replica-announce-ip",
            nullableString(),
            null,
            c -> c.replicaAnnounceIp,
            (c, v) -> c.replicaAnnounceIp = v)
        .alias("slave-announce-ip");
    t.intField(
            "replica-announce-port",
            integer(0, 65535),
            0,
            c -> c.replicaAnnouncePort,
            (c, v) -> c.replicaAnnouncePort = v)
        .alias("slave-announce-port");
    t.bool("replica-announced", true, c -> c.replicaAnnounced, (c, v) -> c.replicaAnnounced = v);
    t.storedBool("replica-lazy-flush", false).alias("slave-lazy-flush");
    t.storedBool("replica-ignore-disk-write-errors", false);
    t.storedBool("repl-disable-tcp-nodelay", false);
    t.stored("bind-source-addr", nullableString(), null);
    t.stored("propagation-error-behavior", oneOf("ignore", "panic", "panic-on-replicas"), "ignore");
  }
}
