package io.banyan.node.store.type;

/**
 * Thresholds at which compact encodings convert to their general form (Redis's
 * hash-max-listpack-entries and friends). Set by the configuration; read by the value types when
 * they grow. Conversions are one-way, as in Redis.
 */
public final class EncodingLimits {
  private EncodingLimits() {}

  // The initial values are Redis 7.0's defaults, as ServerConfig's are.
  public static volatile int hashMaxListpackEntries = 512;
  public static volatile int hashMaxListpackValue = 64;
  public static volatile int setMaxIntsetEntries = 512;
  public static volatile int zsetMaxListpackEntries = 128;
  public static volatile int zsetMaxListpackValue = 64;
}
