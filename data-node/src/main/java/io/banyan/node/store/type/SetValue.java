package io.banyan.node.store.type;

import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.ValueType;
import java.util.function.Consumer;

/** A set value. SKELETON: the set helper replaces this with the real implementation. */
public final class SetValue extends CompositeValue {
  @Override
  public ValueType type() {
    return ValueType.SET;
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
  public SetValue copy() {
    throw new UnsupportedOperationException();
  }

  public boolean contains(byte[] member) {
    throw new UnsupportedOperationException();
  }

  /** Adds member; returns true when it was not already present. */
  public boolean add(byte[] member) {
    throw new UnsupportedOperationException();
  }

  /** Visits members (ascending numeric order while intset-encoded). */
  public void forEach(Consumer<byte[]> visitor) {
    throw new UnsupportedOperationException();
  }
}
