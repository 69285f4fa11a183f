package io.banyan.node.client;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * The node-wide guard on pending output. Replies wait in Netty's direct buffers, and the launcher
 * caps direct memory at 1/8 of the node's memory limit (48 MiB at 384 MiB) while the pubsub class
 * alone allows 32 MB per subscriber: two subscribers that stop reading would exhaust it, and the
 * resulting OutOfMemoryError ends the process. So once direct memory is three-quarters used, a
 * client holding more than 1/16 of it in pending output is over its limit whatever its class says —
 * as Redis 7's maxmemory-clients evicts the biggest clients rather than let them take the node
 * down.
 */
final class OutputMemory {
  private static final long MAX_DIRECT = PlatformDependent.maxDirectMemory();

  /** Pending output below this never counts as a threat (most clients: no check at all). */
  private static final long LARGE_CLIENT = MAX_DIRECT / 16;

  private OutputMemory() {}

  /** Whether a client holding {@code pending} bytes of output must go to keep the node alive. */
  static boolean scarceFor(long pending) {
    // The allocator's figure sums its arenas, so it is read only for the few large clients.
    return pending > LARGE_CLIENT
        && PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() > MAX_DIRECT / 4 * 3;
  }
}
