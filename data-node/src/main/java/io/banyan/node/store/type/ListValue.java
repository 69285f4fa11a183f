package io.banyan.node.store.type;

import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.ValueType;
import java.util.function.Consumer;

/** A list value. SKELETON: the list helper replaces this with the real implementation. */
public final class ListValue extends CompositeValue {
  @Override
  public ValueType type() {
    return ValueType.LIST;
  }

  @Override
  public String encoding() {
    return "quicklist";
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
  public ListValue copy() {
    throw new UnsupportedOperationException();
  }

  /** Element at index (0-based from the head; callers resolve negative indexes). */
  public byte[] get(int index) {
    throw new UnsupportedOperationException();
  }

  public void addLast(byte[] element) {
    throw new UnsupportedOperationException();
  }

  public void addFirst(byte[] element) {
    throw new UnsupportedOperationException();
  }

  /** Visits elements head to tail. */
  public void forEach(Consumer<byte[]> visitor) {
    throw new UnsupportedOperationException();
  }
}
