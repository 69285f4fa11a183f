package io.banyan.node.pubsub;

import io.banyan.node.store.Bytes;
import java.util.Arrays;

/**
 * A channel name or pattern: arbitrary bytes, compared by content so it can key hash maps (byte
 * arrays compare by identity).
 */
public record ChannelName(byte[] bytes) {
  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelName n && Arrays.equals(n.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Bytes.hash(bytes);
  }

  @Override
  public String toString() {
    return Bytes.str(bytes);
  }
}
