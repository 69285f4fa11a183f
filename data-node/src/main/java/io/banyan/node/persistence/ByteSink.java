package io.banyan.node.persistence;

import java.io.IOException;

/**
 * Where a background writer puts snapshot bytes: a file (written under a temporary name and renamed
 * into place only when complete), or a replica's socket. Used by one writer thread.
 */
public interface ByteSink {
  void write(byte[] bytes, int offset, int length) throws IOException;

  /** All bytes were written: make them durable and visible (fsync, rename). */
  void commit() throws IOException;

  /** The output is abandoned: release resources and remove partial files. Never throws. */
  void abandon();
}
