package io.banyan.node.store.type;

import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.ValueType;

/**
 * A sorted set value. SKELETON: the sorted-set helper replaces this with the real implementation.
 */
public final class ZSetValue extends CompositeValue {
  /** Receives one member and its score. */
  @FunctionalInterface
  public interface MemberVisitor {
    void visit(byte[] member, double score);
  }

  @Override
  public ValueType type() {
    return ValueType.ZSET;
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
  public ZSetValue copy() {
    throw new UnsupportedOperationException();
  }

  /** Score of member, or null when absent. */
  public Double score(byte[] member) {
    throw new UnsupportedOperationException();
  }

  /** Adds or updates member; returns true when it is new. */
  public boolean add(byte[] member, double score) {
    throw new UnsupportedOperationException();
  }

  /** Visits members in ascending (score, member) order. */
  public void forEach(MemberVisitor visitor) {
    throw new UnsupportedOperationException();
  }
}
