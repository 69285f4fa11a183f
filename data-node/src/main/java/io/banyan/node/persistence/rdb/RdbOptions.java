package io.banyan.node.persistence.rdb;

import io.banyan.node.config.ServerConfig;

/**
 * The settings that change the bytes an RDB encoder produces.
 *
 * @param compression {@code rdbcompression}: LZF-compress strings longer than 20 bytes when that
 *     saves space
 * @param checksum {@code rdbchecksum}: end files with a CRC-64 (8 zero bytes otherwise); DUMP
 *     payloads always carry one
 * @param listMaxListpackSize {@code list-max-listpack-size}: how list elements are grouped into
 *     quicklist nodes (negative: a byte limit of 4, 8, 16, 32 or 64 KB; positive: an element count)
 * @param listCompressDepth {@code list-compress-depth}: quicklist nodes this far from either end
 *     stay plain, inner ones are stored LZF-compressed, as Redis keeps them in memory
 */
public record RdbOptions(
    boolean compression, boolean checksum, int listMaxListpackSize, int listCompressDepth) {

  /** Redis's defaults: compression and checksum on, 8 KB list nodes, no node compression. */
  public static final RdbOptions DEFAULTS = new RdbOptions(true, true, -2, 0);

  /** The options as currently configured. */
  public static RdbOptions from(ServerConfig config) {
    return new RdbOptions(
        config.rdbCompression,
        config.rdbChecksum,
        config.listMaxListpackSize,
        config.listCompressDepth);
  }
}
