package io.banyan.node.persistence.rdb;

/**
 * The auxiliary fields Redis 7.0 writes after the header, in its order: redis-ver, redis-bits,
 * ctime, used-mem, then repl-stream-db, repl-id and repl-offset when replication information is
 * given, then aof-base.
 *
 * @param redisVersion the version reported as redis-ver
 * @param ctimeSeconds creation time, Unix seconds
 * @param usedMemory used-mem, bytes
 * @param aofBase true when the file is the base of an append-only file (an RDB preamble)
 * @param replication replication position to record, or null (Redis omits it when it has no
 *     replication backlog)
 */
public record RdbAux(
    String redisVersion,
    long ctimeSeconds,
    long usedMemory,
    boolean aofBase,
    Replication replication) {

  /** The version this server reports itself as. */
  public static final String REDIS_VERSION = io.banyan.node.identity.ServerIdentity.REDIS_VERSION;

  /**
   * The replication stream position a replica or a restarted master resumes from.
   *
   * @param streamDb the database selected in the replication stream (repl-stream-db)
   * @param replId the replication id (repl-id)
   * @param offset the replication offset (repl-offset)
   */
  public record Replication(int streamDb, String replId, long offset) {}

  /** Fields for a plain snapshot taken now, without replication information. */
  public static RdbAux now(long usedMemory) {
    return new RdbAux(REDIS_VERSION, System.currentTimeMillis() / 1000, usedMemory, false, null);
  }

  void writeTo(RdbEncoder encoder, RdbBuffer out) {
    encoder.writeAux(out, "redis-ver", redisVersion);
    encoder.writeAux(out, "redis-bits", "64");
    encoder.writeAux(out, "ctime", Long.toString(ctimeSeconds));
    encoder.writeAux(out, "used-mem", Long.toString(usedMemory));
    if (replication != null) {
      encoder.writeAux(out, "repl-stream-db", Integer.toString(replication.streamDb()));
      encoder.writeAux(out, "repl-id", replication.replId());
      encoder.writeAux(out, "repl-offset", Long.toString(replication.offset()));
    }
    encoder.writeAux(out, "aof-base", aofBase ? "1" : "0");
  }
}
