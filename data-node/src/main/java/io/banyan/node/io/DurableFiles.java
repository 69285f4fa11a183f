package io.banyan.node.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way the data node replaces a file so that a crash leaves the old content or the complete
 * new one, never a torn file: the bytes go to a temporary file in the target's directory, which is
 * fsynced, renamed over the target (one rename(2), atomic within a directory), and then the
 * directory is fsynced so that the rename itself survives a crash. On failure the temporary file is
 * removed and the target is untouched.
 *
 * <p>{@link #replace} writes a small file in one step; {@link #begin} streams a large one (a
 * snapshot) and {@link Replacement#commit commits} it at the end.
 *
 * <p>Failures are {@link FileSystemException}s naming the file: the JDK's own ones (permission
 * denied, missing directory) are passed on as they are; a bare {@link IOException} from a write or
 * fsync ("No space left on device") is wrapped with the target as its file and the original message
 * as its reason, so callers that print the reason see what they saw before.
 */
public final class DurableFiles {
  /** Tells apart replacements of the same target in flight at once (a SAVE during a BGSAVE). */
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private DurableFiles() {}

  /**
   * Replaces {@code target} with {@code content} durably and atomically.
   *
   * @param attributes given to the temporary file at creation (e.g. POSIX permissions, which the
   *     process umask still narrows), and so to the target
   */
  public static void replace(Path target, byte[] content, FileAttribute<?>... attributes)
      throws IOException {
    Replacement replacement = begin(target, attributes);
    try {
      replacement.write(content, 0, content.length);
    } catch (IOException | RuntimeException e) {
      replacement.abandon();
      throw e;
    }
    replacement.commit();
  }

  /**
   * Starts replacing {@code target}: creates {@code temp-<name>-<pid>-<n>.tmp} beside it. The
   * caller writes, then calls {@link Replacement#commit} or {@link Replacement#abandon}.
   */
  public static Replacement begin(Path target, FileAttribute<?>... attributes) throws IOException {
    Path temp =
        target.resolveSibling(
            "temp-"
                + target.getFileName()
                + "-"
                + ProcessHandle.current().pid()
                + "-"
                + SEQUENCE.incrementAndGet()
                + ".tmp");
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              temp,
              java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              attributes);
    } catch (IOException e) {
      throw naming(target, e);
    }
    return new Replacement(target, temp, channel);
  }

  /**
   * Makes creations and renames in {@code dir} durable. Ignored where a directory cannot be opened
   * or synced (not on Linux): the rename is still atomic, only its durability is the file system's.
   */
  public static void fsyncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // not supported on this platform or file system
    }
  }

  /** A replacement in progress: a temporary file being written. Used by one thread. */
  public static final class Replacement {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;

    private Replacement(Path target, Path temp, FileChannel channel) {
      this.target = target;
      this.temp = temp;
      this.channel = channel;
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
      try {
        while (b.hasRemaining()) {
          channel.write(b);
        }
      } catch (IOException e) {
        throw naming(target, e);
      }
    }

    /** The temporary file (it is gone after commit or abandon). */
    public Path temp() {
      return temp;
    }

    /**
     * Fsyncs the temporary file, renames it over the target and fsyncs the directory. On failure
     * the temporary file is removed and the target is as it was.
     */
    public void commit() throws IOException {
      try {
        channel.force(true);
        channel.close();
        try {
          Files.move(
              temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          // Same directory, so this is still one rename on any POSIX file system.
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        abandon();
        throw naming(target, e);
      }
      fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /** Gives up: closes and removes the temporary file. Never throws. */
    public void abandon() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing a failed file
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: a leftover temp-*.tmp never shadows the target
      }
    }
  }

  /** A failure that names a file: the JDK's own file errors as they are, others with the target. */
  private static IOException naming(Path target, IOException e) {
    if (e instanceof FileSystemException) {
      return e;
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    FileSystemException named = new FileSystemException(target.toString(), null, reason);
    named.initCause(e);
    return named;
  }
}
