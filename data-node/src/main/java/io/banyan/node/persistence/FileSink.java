package io.banyan.node.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file atomically: bytes go to {@code temp-<name>-<pid>-<n>.tmp} beside the target, which
 * is fsynced and renamed over the target on commit (then the directory is fsynced), so a crash
 * leaves either the old file or the complete new one — never a torn one. The per-sink number keeps
 * two sinks for the same target apart (a SAVE while a BGSAVE is still writing).
 */
public final class FileSink implements ByteSink {
  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE =
      new java.util.concurrent.atomic.AtomicLong();

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private long written;

  public FileSink(Path target) throws IOException {
    this.target = target;
    this.temp =
        target.resolveSibling(
            "temp-"
                + target.getFileName()
                + "-"
                + ProcessHandle.current().pid()
                + "-"
                + SEQUENCE.incrementAndGet()
                + ".tmp");
    this.channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
    while (b.hasRemaining()) {
      written += channel.write(b);
    }
  }

  public long written() {
    return written;
  }

  @Override
  public void commit() throws IOException {
    channel.force(true);
    channel.close();
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /** Makes a rename durable; ignored where directories cannot be opened (not on Linux). */
  static void fsyncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // Not supported on this platform; the rename is still atomic.
    }
  }

  @Override
  public void abandon() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a failed file
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // best effort
    }
  }
}
