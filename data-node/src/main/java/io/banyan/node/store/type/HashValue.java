package io.banyan.node.store.type;

import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.ValueType;
import java.util.function.BiConsumer;

/** A hash value. SKELETON: the hash helper replaces this with the real implementation. */
public final class HashValue extends CompositeValue {
  @Override
  public ValueType type() {
    return ValueType.HASH;
  }

  @Override
  public String encoding() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int size() {
    throw new UnsupportedOperationException();
  }

  @Override
  public long memoryBytes() {
    throw new UnsupportedOperationException();
  }

  @Override
  public HashValue copy() {
    throw new UnsupportedOperationException();
  }

  /** Value of field, or null. */
  public byte[] get(byte[] field) {
    throw new UnsupportedOperationException();
  }

  /** Sets field to value; returns true when the field is new. */
  public boolean put(byte[] field, byte[] value) {
    throw new UnsupportedOperationException();
  }

  /** Visits (field, value) pairs in the encoding's order (insertion order while listpack). */
  public void forEach(BiConsumer<byte[], byte[]> visitor) {
    throw new UnsupportedOperationException();
  }
}
