package io.banyan.node.persistence.aof;

import io.banyan.node.config.ServerConfig;
import io.banyan.node.io.DurableFiles;
import io.banyan.node.log.ServerLog;
import io.banyan.node.persistence.PersistenceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The AOF's files: the manifest as it is on disk, the directory they live in, the names of new base
 * and incremental files (sequence numbers are never reused, not even those of a failed rewrite),
 * the upgrade of a Redis 6 single-file AOF, and the manifest a finished rewrite commits.
 *
 * <p>Command thread only (disk steps here run before clients are accepted).
 */
final class AofFileSet {
  private final ServerConfig config;
  private final ServerLog log;
  private AofManifest manifest = AofManifest.empty();
  private boolean read;
  private Path fixedDir;
  private long baseSeqHigh;
  private long incrSeqHigh;

  /** Files of failed attempts at turning the AOF on, deleted by the next successful one. */
  private final List<AofManifest.FileInfo> unlisted = new ArrayList<>();

  AofFileSet(ServerConfig config, ServerLog log) {
    this.config = config;
    this.log = log;
  }

  /** {@code <dir>/<appenddirname>}; fixed while the AOF is written, even if dir changes. */
  Path dir() {
    return fixedDir != null ? fixedDir : Path.of(config.dir).resolve(config.appendDirname);
  }

  /** The AOF is being written: its directory stays where it is now. */
  void fixDir() {
    fixedDir = dir();
  }

  void releaseDir() {
    fixedDir = null;
  }

  AofManifest manifest() {
    return manifest;
  }

  void setManifest(AofManifest manifest) {
    this.manifest = manifest;
  }

  String appendFilename() {
    return config.appendFilename;
  }

  /** True when the configured AOF (manifest or legacy file) exists in dir. */
  boolean exist() {
    return Files.exists(dir().resolve(AofManifest.manifestName(config.appendFilename)))
        || Files.isRegularFile(legacyFile());
  }

  /**
   * Reads the manifest from disk, once. With {@code upgradeLegacy}, a single-file AOF in dir is
   * moved into the AOF directory and listed as the base, as Redis 7.0 upgrades it.
   *
   * @throws PersistenceException when the manifest is unreadable or malformed
   */
  void read(boolean upgradeLegacy) {
    if (read) {
      return;
    }
    Path aofDir = dir();
    String name = AofManifest.manifestName(config.appendFilename);
    Path manifestFile = aofDir.resolve(name);
    try {
      if (Files.exists(manifestFile)) {
        manifest = AofManifest.parse(Files.readString(manifestFile, StandardCharsets.UTF_8), name);
        finishLegacyMove(aofDir);
      } else if (upgradeLegacy && Files.isRegularFile(legacyFile())) {
        upgradeLegacy(aofDir);
      }
    } catch (AofFormatException e) {
      throw new PersistenceException("Invalid AOF manifest: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PersistenceException(
          "Can't read the AOF manifest " + manifestFile + ": " + AofFiles.reason(e), e);
    }
    for (AofManifest.FileInfo f : manifest.allFiles()) {
      if (f.type() == AofManifest.Type.INCR || f.name().endsWith(".incr.aof")) {
        incrSeqHigh = Math.max(incrSeqHigh, f.seq());
      } else {
        baseSeqHigh = Math.max(baseSeqHigh, f.seq());
      }
    }
    read = true;
  }

  /**
   * As {@link #read}, but a bad manifest only gets a warning: appendonly is off, nothing reads it.
   */
  void readQuietly() {
    try {
      read(false);
    } catch (PersistenceException e) {
      log.warning(e.getMessage() + " (ignored: appendonly is off; a rewrite replaces it)");
      read = true;
    }
  }

  private Path legacyFile() {
    return Path.of(config.dir).resolve(config.appendFilename);
  }

  /** Redis 7.0's order: the manifest first, then the file moves in ({@link #finishLegacyMove}). */
  private void upgradeLegacy(Path aofDir) throws IOException {
    Files.createDirectories(aofDir);
    manifest = AofManifest.legacy(config.appendFilename);
    AofFiles.writeManifest(aofDir, config.appendFilename, manifest);
    finishLegacyMove(aofDir);
    log.notice(
        "Successfully migrated an old-style AOF file ("
            + config.appendFilename
            + ") into the AOF directory ("
            + config.appendDirname
            + ").");
  }

  /** Moves the legacy file in when the manifest names it; also finishes an upgrade cut short. */
  private void finishLegacyMove(Path aofDir) throws IOException {
    AofManifest.FileInfo base = manifest.base();
    if (base != null
        && base.name().equals(config.appendFilename)
        && !Files.exists(aofDir.resolve(base.name()))
        && Files.isRegularFile(legacyFile())) {
      Files.move(legacyFile(), aofDir.resolve(base.name()));
      DurableFiles.fsyncDirectory(aofDir);
      DurableFiles.fsyncDirectory(Path.of(config.dir));
    }
  }

  AofManifest.FileInfo allocateBase(boolean preamble) {
    baseSeqHigh = Math.max(baseSeqHigh, manifest.baseSeq()) + 1;
    return AofManifest.baseFile(config.appendFilename, baseSeqHigh, preamble);
  }

  AofManifest.FileInfo allocateIncr() {
    incrSeqHigh = Math.max(incrSeqHigh, manifest.incrSeq()) + 1;
    return AofManifest.incrFile(config.appendFilename, incrSeqHigh);
  }

  /** An incremental file written while turning the AOF on, by an attempt that did not finish. */
  void addUnlisted(AofManifest.FileInfo incr) {
    unlisted.add(incr);
  }

  /**
   * The manifest to commit once a rewrite has written {@code base}.
   *
   * @param mode the state the rewrite began in
   * @param incr the incremental file writes were switched to when it began (null when OFF)
   */
  AofManifest afterRewrite(
      AofPersistence.State mode, AofManifest.FileInfo base, AofManifest.FileInfo incr) {
    return switch (mode) {
      case ON -> {
        // The switch to incr is on disk (a commit waits for it), whether or not the manifest
        // here has been updated yet.
        AofManifest current = manifest.incrs().contains(incr) ? manifest : manifest.withIncr(incr);
        yield current.afterRewrite(base, incr.seq());
      }
      case OFF -> manifest.afterRewrite(base, Long.MAX_VALUE);
      case WAIT_REWRITE -> {
        List<AofManifest.FileInfo> old = new ArrayList<>();
        for (AofManifest.FileInfo f : manifest.allFiles()) {
          old.add(f.as(AofManifest.Type.HISTORY));
        }
        for (AofManifest.FileInfo f : unlisted) {
          old.add(f.as(AofManifest.Type.HISTORY));
        }
        yield AofManifest.of(base, List.of(incr), old);
      }
    };
  }

  /** A rewrite's manifest is on disk. */
  void committed(AofPersistence.State mode, AofManifest persisted) {
    manifest = persisted;
    if (mode == AofPersistence.State.WAIT_REWRITE) {
      unlisted.clear();
    }
  }

  /** Total size of the files the manifest lists. */
  long totalSize() {
    return AofFiles.totalSize(dir(), manifest);
  }
}
