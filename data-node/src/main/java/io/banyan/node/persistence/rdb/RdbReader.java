package io.banyan.node.persistence.rdb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an RDB file of any version Redis 7.0 loads (1 to 10) and hands its contents to an {@link
 * RdbVisitor}: auxiliary fields, database selections, and each key with its value, expiry and
 * LRU/LFU metadata. The CRC-64 at the end (versions 5 and later) is verified unless it is zero
 * (written with {@code rdbchecksum no}) or verification is turned off.
 *
 * <p>Any malformed input, including a file cut short at any byte, ends in {@link
 * RdbFormatException} naming the offset and what was expected; values this server cannot hold
 * (streams, module types, module auxiliary data) are refused the same way, naming the key.
 *
 * <pre>{@code
 * RdbReader.Result r = RdbReader.read(path, true, key -> keyspace.db(key.db()).load(key));
 * }</pre>
 */
public final class RdbReader {
  /** What was verified at the end of the file. */
  public enum Checksum {
    /** The stored CRC-64 matched. */
    VERIFIED,
    /** The file was written with rdbchecksum off (stored as zero); nothing to check. */
    NOT_STORED,
    /** Verification was turned off by the caller. */
    SKIPPED,
    /** RDB versions before 5 carry no checksum. */
    ABSENT
  }

  /**
   * Summary of a completed read.
   *
   * @param version the file's RDB version
   * @param keys keys delivered to the visitor
   * @param bytes bytes consumed, checksum included
   * @param checksum what the checksum check found
   */
  public record Result(int version, long keys, long bytes, Checksum checksum) {}

  private final RdbInput in;
  private final boolean verifyChecksum;

  /**
   * @param in the data, positioned at the {@code REDIS} magic
   * @param knownLength bytes of RDB data the stream holds, or -1 when unknown. When known, lengths
   *     beyond it are refused before reading and the stream is never read past it (so an RDB
   *     followed by other data, as on a replication link, can be read in place); when unknown,
   *     lengths are checked as data arrives and up to 64 KB past the end may be consumed.
   * @param verifyChecksum whether to check the trailing CRC-64 ({@code rdbchecksum})
   */
  public RdbReader(InputStream in, long knownLength, boolean verifyChecksum) {
    this.in = new RdbInput(in, knownLength);
    this.verifyChecksum = verifyChecksum;
  }

  /** Bytes consumed so far. */
  public long offset() {
    return in.offset();
  }

  /** Reads a whole file. */
  public static Result read(Path file, boolean verifyChecksum, RdbVisitor visitor)
      throws IOException {
    try (InputStream s = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      return new RdbReader(s, Files.size(file), verifyChecksum).read(visitor);
    }
  }

  /** Reads the stream up to and including the checksum, feeding the visitor. */
  public Result read(RdbVisitor visitor) throws IOException {
    int version = readMagic();
    int db = 0;
    long expireAt = -1;
    long idle = -1;
    int freq = -1;
    long keys = 0;
    while (true) {
      long at = in.offset();
      int type = in.readByte("an opcode or value type");
      switch (type) {
        case Rdb.OPCODE_EXPIRETIME -> {
          expireAt = (int) in.readLittleEndian(4, "expire time in seconds") * 1000L;
          continue;
        }
        case Rdb.OPCODE_EXPIRETIME_MS -> {
          expireAt = in.readLittleEndian(8, "expire time in milliseconds");
          continue;
        }
        case Rdb.OPCODE_FREQ -> {
          freq = in.readByte("LFU frequency");
          continue;
        }
        case Rdb.OPCODE_IDLE -> {
          idle = in.readLength("LRU idle time");
          continue;
        }
        case Rdb.OPCODE_EOF -> {
          Checksum checksum = readChecksum(version);
          return new Result(version, keys, in.offset(), checksum);
        }
        case Rdb.OPCODE_SELECTDB -> {
          db = in.readIntLength("database number");
          visitor.selectDb(db);
          continue;
        }
        case Rdb.OPCODE_RESIZEDB -> {
          long size = in.readLength("database size");
          long expires = in.readLength("expires size");
          visitor.resizeDb(size, expires);
          continue;
        }
        case Rdb.OPCODE_AUX -> {
          byte[] name = in.readString("aux field name");
          byte[] value = in.readString("aux field value");
          visitor.aux(name, value);
          continue;
        }
        case Rdb.OPCODE_MODULE_AUX -> throw moduleAux(at);
        case Rdb.OPCODE_FUNCTION_PRE_GA ->
            throw new RdbFormatException(
                at, "function library in the pre-release 7.0 format is not supported");
        case Rdb.OPCODE_FUNCTION2 -> {
          visitor.functionLibrary(in.readString("function library code"));
          continue;
        }
        default -> {
          // a value type, or garbage
        }
      }
      if (!RdbValueReader.isValueType(type)) {
        throw new RdbFormatException(at, "unknown opcode or value type " + type);
      }
      byte[] key = in.readString("key");
      Object value = RdbValueReader.read(in, type, key);
      if (value == null) {
        visitor.emptyKeySkipped(db, key);
      } else {
        visitor.key(new RdbKey(db, key, value, expireAt, idle, freq));
        keys++;
      }
      expireAt = -1;
      idle = -1;
      freq = -1;
    }
  }

  private int readMagic() throws IOException {
    byte[] magic = in.readBytes(9, "the REDIS magic and version");
    String text = new String(magic, StandardCharsets.ISO_8859_1);
    if (!text.startsWith("REDIS")) {
      throw new RdbFormatException(0, "not an RDB file: it does not start with REDIS");
    }
    String digits = text.substring(5);
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new RdbFormatException(5, "invalid RDB version '" + digits + "'");
    }
    int version = Integer.parseInt(digits);
    if (version < 1 || version > Rdb.VERSION) {
      throw new RdbFormatException(5, "can't handle RDB format version " + version);
    }
    return version;
  }

  /** Reads and checks the trailing CRC. */
  private Checksum readChecksum(int version) throws IOException {
    if (version < 5) {
      return Checksum.ABSENT;
    }
    long expected = in.crc();
    long at = in.offset();
    long stored = in.readLittleEndian(8, "the CRC-64 checksum");
    if (!verifyChecksum) {
      return Checksum.SKIPPED;
    } else if (stored == 0) {
      return Checksum.NOT_STORED;
    } else if (stored != expected) {
      throw new RdbFormatException(
          at,
          "wrong RDB checksum: expected "
              + Long.toHexString(expected)
              + ", file has "
              + Long.toHexString(stored));
    }
    return Checksum.VERIFIED;
  }

  private RdbFormatException moduleAux(long at) throws IOException {
    long id = in.readUnsignedLength("module id");
    return new RdbFormatException(
        at,
        "module auxiliary data of module '"
            + RdbValueReader.moduleName(id)
            + "' cannot be loaded: modules are not supported");
  }
}
