package io.banyan.node.replication;

/**
 * The replication backlog: a circular buffer holding the last {@code capacity} bytes of the
 * replication stream, so that a replica that lost its link can continue from its offset (partial
 * resync) instead of loading a whole snapshot again. Offsets are stream byte positions (invariant
 * I2): the byte at offset {@code o} is the o-th byte of the stream, counting from 1 as Redis does.
 */
final class Backlog {
  private byte[] buffer;
  private int writeIndex;
  private long histlen;

  /** Offset of the last byte appended (the master's replication offset). */
  private long endOffset;

  Backlog(int capacity, long endOffset) {
    this.buffer = new byte[Math.max(1, capacity)];
    this.endOffset = endOffset;
  }

  int capacity() {
    return buffer.length;
  }

  long histlen() {
    return histlen;
  }

  long endOffset() {
    return endOffset;
  }

  /** Offset of the oldest byte held (Redis's repl_backlog_first_byte_offset). */
  long firstByteOffset() {
    return endOffset - histlen + 1;
  }

  void append(byte[] bytes, int off, int len) {
    endOffset += len;
    if (len >= buffer.length) {
      System.arraycopy(bytes, off + len - buffer.length, buffer, 0, buffer.length);
      writeIndex = 0;
      histlen = buffer.length;
      return;
    }
    int first = Math.min(len, buffer.length - writeIndex);
    System.arraycopy(bytes, off, buffer, writeIndex, first);
    System.arraycopy(bytes, off + first, buffer, 0, len - first);
    writeIndex = (writeIndex + len) % buffer.length;
    histlen = Math.min(buffer.length, histlen + len);
  }

  /** True when every byte from {@code offset} (the next byte a replica needs) on is held. */
  boolean covers(long offset) {
    return histlen > 0 && offset >= firstByteOffset() && offset <= endOffset + 1
        || offset == endOffset + 1;
  }

  /** The bytes from {@code offset} to the end; {@link #covers} must hold. */
  byte[] from(long offset) {
    int len = (int) (endOffset - offset + 1);
    byte[] out = new byte[len];
    int start = Math.floorMod(writeIndex - len, buffer.length);
    int first = Math.min(len, buffer.length - start);
    System.arraycopy(buffer, start, out, 0, first);
    System.arraycopy(buffer, 0, out, first, len - first);
    return out;
  }

  /** Changes the capacity, keeping the newest bytes that still fit. */
  void resize(int capacity) {
    capacity = Math.max(1, capacity);
    if (capacity == buffer.length) {
      return;
    }
    long keep = Math.min(histlen, capacity);
    byte[] tail = keep == 0 ? new byte[0] : from(endOffset - keep + 1);
    long end = endOffset;
    buffer = new byte[capacity];
    writeIndex = 0;
    histlen = 0;
    endOffset = end - tail.length;
    append(tail, 0, tail.length);
  }
}
