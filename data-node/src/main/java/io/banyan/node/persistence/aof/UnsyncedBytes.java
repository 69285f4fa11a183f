package io.banyan.node.persistence.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * The bytes written to the AOF since its last successful fsync, with their file positions. After a
 * failed fsync the kernel may have dropped those pages (and a retried fsync would then succeed
 * without them), so they are written again, in place, before the retry. Holds references to the
 * written buffers, not copies; beyond a bound it gives up and a retry fsyncs only.
 *
 * <p>Writer thread only.
 */
final class UnsyncedBytes {
  private static final long MAX_RETAINED = 64L << 20;

  private record Range(long position, ByteBuffer bytes) {}

  private final ArrayDeque<Range> ranges = new ArrayDeque<>();
  private long bytes;
  private boolean complete = true;

  /** Records bytes just written at {@code position} (a view that stays valid). */
  void add(long position, ByteBuffer written) {
    if (!complete) {
      return;
    }
    ranges.add(new Range(position, written));
    bytes += written.remaining();
    if (bytes > MAX_RETAINED) {
      forget();
    }
  }

  /** Stops keeping bytes until the next fsync (appendfsync no keeps none). */
  void forget() {
    ranges.clear();
    bytes = 0;
    complete = false;
  }

  /** Writes every retained range again at its position; false when some were not kept. */
  boolean rewrite(FileChannel file) throws IOException {
    for (Range r : ranges) {
      ByteBuffer b = r.bytes().duplicate();
      long at = r.position();
      while (b.hasRemaining()) {
        at += file.write(b, at);
      }
    }
    return complete;
  }

  /** An fsync covered everything: start afresh. */
  void synced() {
    ranges.clear();
    bytes = 0;
    complete = true;
  }
}
