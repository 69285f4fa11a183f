package io.banyan.node.config;

/** The maxmemory-policy values, with Redis's names. */
public enum EvictionPolicy {
  NOEVICTION("noeviction", false, false, false),
  ALLKEYS_LRU("allkeys-lru", true, false, false),
  ALLKEYS_LFU("allkeys-lfu", true, true, false),
  ALLKEYS_RANDOM("allkeys-random", true, false, true),
  VOLATILE_LRU("volatile-lru", false, false, false),
  VOLATILE_LFU("volatile-lfu", false, true, false),
  VOLATILE_RANDOM("volatile-random", false, false, true),
  VOLATILE_TTL("volatile-ttl", false, false, false);

  private final String wireName;
  private final boolean allKeys;
  private final boolean lfu;
  private final boolean random;

  EvictionPolicy(String wireName, boolean allKeys, boolean lfu, boolean random) {
    this.wireName = wireName;
    this.allKeys = allKeys;
    this.lfu = lfu;
    this.random = random;
  }

  public String wireName() {
    return wireName;
  }

  /** Candidates are all keys (allkeys-*) rather than only keys with a TTL (volatile-*). */
  public boolean allKeys() {
    return allKeys;
  }

  public boolean lfu() {
    return lfu;
  }

  /** True for the LRU policies, under which snapshots record each key's idle time. */
  public boolean lru() {
    return this == ALLKEYS_LRU || this == VOLATILE_LRU;
  }

  public boolean random() {
    return random;
  }

  public static EvictionPolicy byName(String name) {
    for (EvictionPolicy p : values()) {
      if (p.wireName.equalsIgnoreCase(name)) {
        return p;
      }
    }
    return null;
  }
}
