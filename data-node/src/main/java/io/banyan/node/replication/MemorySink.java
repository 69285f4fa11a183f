package io.banyan.node.replication;

import io.banyan.node.persistence.ByteSink;
import java.io.ByteArrayOutputStream;

/** Collects a snapshot in memory, handed to the command thread when complete. */
final class MemorySink implements ByteSink {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private volatile byte[] done = new byte[0];

  @Override
  public void write(byte[] bytes, int off, int length) {
    out.write(bytes, off, length);
  }

  @Override
  public void commit() {
    done = out.toByteArray();
  }

  @Override
  public void abandon() {}

  byte[] bytes() {
    return done;
  }
}
