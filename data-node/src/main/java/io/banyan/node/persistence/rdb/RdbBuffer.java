package io.banyan.node.persistence.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that RDB encoders write into, with the primitive encodings of the format
 * (RDB lengths, little-endian integers). A snapshot fills one on the command thread and hands its
 * bytes to the thread that writes the file.
 *
 * <p>Not thread-safe.
 */
public final class RdbBuffer {
  private byte[] bytes;
  private int size;

  public RdbBuffer() {
    this(256);
  }

  public RdbBuffer(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** The backing array; valid from 0 to {@link #size()}. */
  public byte[] array() {
    return bytes;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** Forgets the contents, keeping the capacity. */
  public void reset() {
    size = 0;
  }

  /** Writes the contents to a stream. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  private void ensure(int extra) {
    long need = (long) size + extra;
    if (need > bytes.length) {
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("RDB buffer larger than 2 GB");
      }
      long grown = Math.max(need, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 8));
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
  }

  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** Overwrites bytes already written (for headers known only at the end). */
  void patch(int at, byte[] b) {
    System.arraycopy(b, 0, bytes, at, b.length);
  }

  /** The low {@code width} bytes of v, least significant first. */
  public void writeLittleEndian(long v, int width) {
    ensure(width);
    for (int i = 0; i < width; i++) {
      bytes[size++] = (byte) (v >>> (8 * i));
    }
  }

  /** An RDB length: 6, 14, 32 or 64 bits, big-endian beyond the first byte, as Redis chooses. */
  public void writeLength(long len) {
    if (len < (1 << 6)) {
      write((int) len);
    } else if (len < (1 << 14)) {
      write((int) ((len >>> 8) | 0x40));
      write((int) (len & 0xFF));
    } else if (len <= 0xFFFFFFFFL) {
      write(Rdb.LEN_32BIT);
      for (int shift = 24; shift >= 0; shift -= 8) {
        write((int) (len >>> shift));
      }
    } else {
      write(Rdb.LEN_64BIT);
      for (int shift = 56; shift >= 0; shift -= 8) {
        write((int) (len >>> shift));
      }
    }
  }
}
