package io.banyan.node.config;

import static io.banyan.node.config.OptionTable.INT_MAX;
import static io.banyan.node.config.OptionTable.LONG_MAX;
import static io.banyan.node.config.OptionTable.integer;
import static io.banyan.node.config.OptionTable.memory;
import static io.banyan.node.config.OptionTable.oneOf;
import static io.banyan.node.config.OptionTable.string;

import io.banyan.node.config.ConfigOption.Flag;
import io.banyan.node.config.ListTypes.SaveRulesType;

/**
 * RDB and AOF options. They are parsed, validated and stored in {@link ServerConfig} now; the
 * persistence implementation reads them from there.
 */
final class PersistenceOptions {
  private PersistenceOptions() {}

  static void define(OptionTable t) {
    rdb(t);
    aof(t);
  }

  private static void rdb(OptionTable t) {
    t.field(
        "save",
        new SaveRulesType(),
        SaveRule.DEFAULTS,
        c -> c.saveRules,
        (c, v) -> c.saveRules = v);
    t.field(
            "dbfilename",
            string(v -> isBaseName(v) ? null : "dbfilename can't be a path, just a filename"),
            "dump.rdb",
            c -> c.dbFilename,
            (c, v) -> c.dbFilename = v)
        .flag(Flag.PROTECTED);
    t.bool("rdbcompression", true, c -> c.rdbCompression, (c, v) -> c.rdbCompression = v);
    t.bool("rdbchecksum", true, c -> c.rdbChecksum, (c, v) -> c.rdbChecksum = v).immutable();
    t.bool(
        "stop-writes-on-bgsave-error",
        true,
        c -> c.stopWritesOnBgsaveError,
        (c, v) -> c.stopWritesOnBgsaveError = v);
    t.storedBool("rdb-del-sync-files", false);
    // A testing knob Redis also has (hidden from CONFIG GET *): slows each snapshot step down so
    // that tests can observe a background save in progress while writes continue.
    t.intField(
            "rdb-key-save-delay",
            integer(0, INT_MAX),
            0,
            c -> c.rdbKeySaveDelayMicros,
            (c, v) -> c.rdbKeySaveDelayMicros = v)
        .flag(Flag.HIDDEN);
    t.storedBool("rdb-save-incremental-fsync", true);
  }

  private static void aof(OptionTable t) {
    t.bool("appendonly", false, c -> c.appendOnly, (c, v) -> c.appendOnly = v);
    t.field(
            "appendfilename",
            string(
                v ->
                    v.isEmpty()
                        ? "appendfilename can't be empty"
                        : isBaseName(v) ? null : "appendfilename can't be a path, just a filename"),
            "appendonly.aof",
            c -> c.appendFilename,
            (c, v) -> c.appendFilename = v)
        .immutable();
    t.field(
            "appenddirname",
            string(
                v ->
                    v.isEmpty()
                        ? "appenddirname can't be empty"
                        : isBaseName(v) ? null : "appenddirname can't be a path, just a dirname"),
            "appendonlydir",
            c -> c.appendDirname,
            (c, v) -> c.appendDirname = v)
        .immutable();
    t.field(
        "appendfsync",
        oneOf("everysec", "always", "no"),
        "everysec",
        c -> c.appendFsync,
        (c, v) -> c.appendFsync = v);
    t.intField(
        "auto-aof-rewrite-percentage",
        integer(0, INT_MAX),
        100,
        c -> c.autoAofRewritePercentage,
        (c, v) -> c.autoAofRewritePercentage = v);
    t.longField(
        "auto-aof-rewrite-min-size",
        memory(0, LONG_MAX),
        64L * 1024 * 1024,
        c -> c.autoAofRewriteMinSize,
        (c, v) -> c.autoAofRewriteMinSize = v);
    t.bool("aof-load-truncated", true, c -> c.aofLoadTruncated, (c, v) -> c.aofLoadTruncated = v);
    t.bool(
        "aof-use-rdb-preamble", true, c -> c.aofUseRdbPreamble, (c, v) -> c.aofUseRdbPreamble = v);
    t.bool(
        "aof-timestamp-enabled",
        false,
        c -> c.aofTimestampEnabled,
        (c, v) -> c.aofTimestampEnabled = v);
    t.storedBool("no-appendfsync-on-rewrite", false);
    t.storedBool("aof-rewrite-incremental-fsync", true);
    t.storedBool("aof-disable-auto-gc", false);
  }

  /** True when the name has no directory part (Redis refuses paths for data file names). */
  private static boolean isBaseName(String name) {
    return name.indexOf('/') < 0;
  }
}
