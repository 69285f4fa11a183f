package io.banyan.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Redis 7.0's eviction policies ({@code maxmemory-policy}), by their Redis names. */
public enum MaxmemoryPolicy {
  @JsonProperty("noeviction")
  NOEVICTION("noeviction"),
  @JsonProperty("allkeys-lru")
  ALLKEYS_LRU("allkeys-lru"),
  @JsonProperty("allkeys-lfu")
  ALLKEYS_LFU("allkeys-lfu"),
  @JsonProperty("allkeys-random")
  ALLKEYS_RANDOM("allkeys-random"),
  @JsonProperty("volatile-lru")
  VOLATILE_LRU("volatile-lru"),
  @JsonProperty("volatile-lfu")
  VOLATILE_LFU("volatile-lfu"),
  @JsonProperty("volatile-random")
  VOLATILE_RANDOM("volatile-random"),
  @JsonProperty("volatile-ttl")
  VOLATILE_TTL("volatile-ttl");

  private final String redisName;

  MaxmemoryPolicy(String redisName) {
    this.redisName = redisName;
  }

  /** The value as redis.conf spells it. */
  public String redisName() {
    return redisName;
  }
}
