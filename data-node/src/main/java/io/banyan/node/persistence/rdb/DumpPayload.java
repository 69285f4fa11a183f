package io.banyan.node.persistence.rdb;

import java.io.IOException;

/**
 * The DUMP/RESTORE serialisation: a value's type byte and RDB encoding, followed by a 2-byte RDB
 * version and an 8-byte CRC-64 (both little-endian) over everything before the CRC. Encoding is
 * {@link RdbEncoder#dump}; this class checks and decodes payloads.
 */
public final class DumpPayload {
  private DumpPayload() {}

  /**
   * Whether the footer is acceptable: at least the 10 footer bytes, a version this server reads (at
   * most 10), and a matching CRC-64.
   */
  public static boolean verify(byte[] payload) {
    int n = payload.length;
    if (n < 10) {
      return false;
    }
    int version = (payload[n - 10] & 0xFF) | ((payload[n - 9] & 0xFF) << 8);
    if (version > Rdb.VERSION) {
      return false;
    }
    long stored = Listpack.readLittleEndian(payload, n - 8, 8);
    return Crc64.update(0, payload, 0, n - 8) == stored;
  }

  /**
   * Decodes the value of a verified payload. As in Redis, decoding reads from the start of the
   * payload and ignores whatever follows the value.
   *
   * @param key the key being restored, named in errors
   * @throws RdbFormatException when the data is not a value this server can hold, or is an empty
   *     collection
   */
  public static Object decode(byte[] payload, byte[] key) throws RdbFormatException {
    RdbInput in = RdbInput.of(payload);
    try {
      int type = in.readByte("value type");
      if (!RdbValueReader.isValueType(type)) {
        throw new RdbFormatException(0, "unknown value type " + type);
      }
      Object value = RdbValueReader.read(in, type, key);
      if (value == null) {
        throw new RdbFormatException(in.offset(), "empty collection");
      }
      return value;
    } catch (RdbFormatException e) {
      throw e;
    } catch (IOException e) {
      // reading a byte array cannot fail otherwise
      throw new RdbFormatException(in.offset(), e.toString());
    }
  }
}
