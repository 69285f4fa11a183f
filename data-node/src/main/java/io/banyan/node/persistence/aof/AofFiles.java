package io.banyan.node.persistence.aof;

import io.banyan.node.io.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File-system steps of the AOF that must be durable and atomic. */
final class AofFiles {
  private AofFiles() {}

  /**
   * Replaces the manifest durably and atomically ({@link DurableFiles#replace}): a crash leaves the
   * old manifest or the new one, never a mix.
   */
  static void writeManifest(Path dir, String appendFilename, AofManifest manifest)
      throws IOException {
    DurableFiles.replace(
        dir.resolve(AofManifest.manifestName(appendFilename)),
        manifest.format().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Persists a manifest after a rewrite: first as given (listing the replaced files as history),
   * then, after deleting those files, without them — so a crash in between leaves a manifest that
   * still names them and the next start deletes them. Throws only when the first write fails (the
   * manifest on disk is then unchanged); returns the manifest that is on disk.
   */
  static AofManifest commitManifest(
      Path dir, String appendFilename, AofManifest manifest, io.banyan.node.log.ServerLog log)
      throws IOException {
    writeManifest(dir, appendFilename, manifest);
    AofManifest clean = deleteHistory(dir, manifest, log);
    if (clean == manifest) {
      return manifest;
    }
    try {
      writeManifest(dir, appendFilename, clean);
      return clean;
    } catch (IOException e) {
      log.warning(
          "Can't persist the AOF manifest without its history files: "
              + reason(e)
              + " (they will be removed at the next start)");
      return manifest;
    }
  }

  /** Deletes the history files of a manifest (logging each), returning it without them. */
  static AofManifest deleteHistory(
      Path dir, AofManifest manifest, io.banyan.node.log.ServerLog log) {
    if (manifest.history().isEmpty()) {
      return manifest;
    }
    for (AofManifest.FileInfo f : manifest.history()) {
      log.notice("Removing the history file " + f.name() + " in the background");
      try {
        Files.deleteIfExists(dir.resolve(f.name()));
      } catch (IOException e) {
        log.warning("Can't remove the history file " + f.name() + ": " + reason(e));
      }
    }
    return manifest.withoutHistory();
  }

  /** Total size of the base and incremental files a manifest lists. */
  static long totalSize(Path dir, AofManifest manifest) {
    long total = 0;
    for (AofManifest.FileInfo f : manifest.loadOrder()) {
      total += sizeOf(dir.resolve(f.name()));
    }
    return total;
  }

  /** Opens a file for appending at its end, creating it; {@code fresh} empties an existing one. */
  static FileChannel openForAppend(Path file, boolean fresh) throws IOException {
    FileChannel ch =
        fresh
            ? FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)
            : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    ch.position(ch.size());
    return ch;
  }

  /** The size of a file, or 0 when it cannot be read. */
  static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The reason of an IO failure in the words of the C library (what Redis prints: "No space left on
   * device", "Permission denied", ...).
   */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    String m = e.getMessage();
    return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
  }
}
