package io.banyan.node.persistence.rdb;

import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.io.IOException;
import java.util.List;

/**
 * Decodes one value of a given RDB type into this server's value types: every encoding Redis 7.0
 * can load, from the plain types of RDB version 1 to the listpacks of version 10. Values are built
 * through the types' ordinary add/put methods, so each ends up in the encoding the type itself
 * chooses for that content under the current {@code *-max-*} limits.
 *
 * <p>Inconsistent data (duplicates, NaN scores, broken blobs) is refused with {@link
 * RdbFormatException}, as Redis refuses it when it validates a payload.
 */
final class RdbValueReader {
  private RdbValueReader() {}

  /** Whether a type byte denotes a value (as opposed to an opcode or an unused number). */
  static boolean isValueType(int type) {
    return (type >= Rdb.TYPE_STRING && type <= Rdb.TYPE_MODULE_2)
        || (type >= Rdb.TYPE_HASH_ZIPMAP && type <= Rdb.TYPE_STREAM_LISTPACKS_2);
  }

  /**
   * Reads a value of {@code type} for {@code key} (named in errors).
   *
   * @return the value, or null when it is an empty collection (Redis skips such keys)
   */
  static Object read(RdbInput in, int type, byte[] key) throws IOException {
    long at = in.offset();
    try {
      return decode(in, type, key, at);
    } catch (RuntimeException e) {
      // A value type refusing the content (a limit, an invariant): still a bad file, not a crash.
      throw new RdbFormatException(
          at, "cannot build the value of key '" + printable(key) + "': " + e, e);
    }
  }

  private static Object decode(RdbInput in, int type, byte[] key, long at) throws IOException {
    return switch (type) {
      case Rdb.TYPE_STRING -> in.readString("string value");
      case Rdb.TYPE_LIST -> readPlainList(in);
      case Rdb.TYPE_SET -> readPlainSet(in);
      case Rdb.TYPE_ZSET, Rdb.TYPE_ZSET_2 -> readPlainZSet(in, type == Rdb.TYPE_ZSET_2);
      case Rdb.TYPE_HASH -> readPlainHash(in);
      case Rdb.TYPE_LIST_QUICKLIST, Rdb.TYPE_LIST_QUICKLIST_2 ->
          readQuicklist(in, type == Rdb.TYPE_LIST_QUICKLIST_2);
      case Rdb.TYPE_HASH_ZIPMAP -> hashOfPairs(readBlob(in, Blob.ZIPMAP), at);
      case Rdb.TYPE_HASH_ZIPLIST -> hashOfPairs(readBlob(in, Blob.ZIPLIST), at);
      case Rdb.TYPE_HASH_LISTPACK -> hashOfPairs(readBlob(in, Blob.LISTPACK), at);
      case Rdb.TYPE_ZSET_ZIPLIST -> zsetOfPairs(readBlob(in, Blob.ZIPLIST), at);
      case Rdb.TYPE_ZSET_LISTPACK -> zsetOfPairs(readBlob(in, Blob.LISTPACK), at);
      case Rdb.TYPE_LIST_ZIPLIST -> listOf(readBlob(in, Blob.ZIPLIST));
      case Rdb.TYPE_SET_INTSET -> readIntset(in);
      case Rdb.TYPE_STREAM_LISTPACKS, Rdb.TYPE_STREAM_LISTPACKS_2 ->
          throw new RdbFormatException(
              at, "key '" + printable(key) + "' holds a stream: stream values are not supported");
      case Rdb.TYPE_MODULE_PRE_GA, Rdb.TYPE_MODULE_2 ->
          throw new RdbFormatException(
              at,
              "key '"
                  + printable(key)
                  + "' holds a value of module type "
                  + moduleName(in)
                  + ": module values are not supported");
      default -> throw new RdbFormatException(at - 1, "unknown value type " + type);
    };
  }

  // ---- plain (version 1+) encodings ----------------------------------------------------------

  private static ListValue readPlainList(RdbInput in) throws IOException {
    long len = in.readLength("list length");
    ListValue list = new ListValue((int) Math.min(len, 1024));
    for (long i = 0; i < len; i++) {
      list.addLast(in.readString("list element"));
    }
    return list.isEmpty() ? null : list;
  }

  private static SetValue readPlainSet(RdbInput in) throws IOException {
    long len = in.readLength("set size");
    SetValue set = new SetValue();
    for (long i = 0; i < len; i++) {
      long at = in.offset();
      if (!set.add(in.readString("set member"))) {
        throw new RdbFormatException(at, "duplicate set member");
      }
    }
    return set.isEmpty() ? null : set;
  }

  private static HashValue readPlainHash(RdbInput in) throws IOException {
    long len = in.readLength("hash size");
    HashValue hash = new HashValue();
    for (long i = 0; i < len; i++) {
      long at = in.offset();
      byte[] field = in.readString("hash field");
      byte[] value = in.readString("hash value");
      if (!hash.put(field, value)) {
        throw new RdbFormatException(at, "duplicate hash field");
      }
    }
    return hash.isEmpty() ? null : hash;
  }

  private static ZSetValue readPlainZSet(RdbInput in, boolean binaryScores) throws IOException {
    long len = in.readLength("sorted set size");
    ZSetValue zset = new ZSetValue();
    for (long i = 0; i < len; i++) {
      long at = in.offset();
      byte[] member = in.readString("sorted set member");
      double score =
          binaryScores
              ? in.readBinaryDouble("sorted set score")
              : in.readTextDouble("sorted set score");
      if (Double.isNaN(score)) {
        throw new RdbFormatException(at, "sorted set score is NaN");
      }
      if (!zset.add(member, score)) {
        throw new RdbFormatException(at, "duplicate sorted set member");
      }
    }
    return zset.size() == 0 ? null : zset;
  }

  // ---- compact encodings ---------------------------------------------------------------------

  private static ListValue readQuicklist(RdbInput in, boolean listpackNodes) throws IOException {
    long nodes = in.readLength("quicklist node count");
    ListValue list = new ListValue();
    for (long n = 0; n < nodes; n++) {
      int container = Rdb.CONTAINER_PACKED;
      if (listpackNodes) {
        long at = in.offset();
        long c = in.readLength("quicklist node container");
        if (c != Rdb.CONTAINER_PACKED && c != Rdb.CONTAINER_PLAIN) {
          throw new RdbFormatException(at, "invalid quicklist node container " + c);
        }
        container = (int) c;
      }
      if (container == Rdb.CONTAINER_PLAIN) {
        list.addLast(in.readString("quicklist plain node"));
        continue;
      }
      for (byte[] e : readBlob(in, listpackNodes ? Blob.LISTPACK : Blob.ZIPLIST)) {
        list.addLast(e); // an empty node is skipped silently, as Redis does
      }
    }
    return list.isEmpty() ? null : list;
  }

  private static ListValue listOf(List<byte[]> elements) {
    ListValue list = new ListValue(elements.size());
    for (byte[] e : elements) {
      list.addLast(e);
    }
    return list.isEmpty() ? null : list;
  }

  private static SetValue readIntset(RdbInput in) throws IOException {
    long at = in.offset();
    byte[] blob = in.readString("intset");
    long[] values;
    try {
      values = Intset.decode(blob);
    } catch (IllegalArgumentException e) {
      throw new RdbFormatException(at, "invalid intset: " + e.getMessage());
    }
    SetValue set = new SetValue();
    for (long v : values) {
      set.add(Listpack.decimal(v));
    }
    return set;
  }

  /** The compact encodings stored as one string blob. */
  private enum Blob {
    LISTPACK,
    ZIPLIST,
    ZIPMAP;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    List<byte[]> decode(byte[] blob) {
      return switch (this) {
        case LISTPACK -> Listpack.decode(blob);
        case ZIPLIST -> Ziplist.decode(blob);
        case ZIPMAP -> Zipmap.decode(blob);
      };
    }
  }

  /** Reads a string and decodes it as a compact encoding; its elements in order. */
  private static List<byte[]> readBlob(RdbInput in, Blob kind) throws IOException {
    long at = in.offset();
    byte[] blob = in.readString(kind.label());
    try {
      return kind.decode(blob);
    } catch (IllegalArgumentException e) {
      throw new RdbFormatException(at, "invalid " + kind.label() + ": " + e.getMessage());
    }
  }

  private static HashValue hashOfPairs(List<byte[]> items, long at) throws RdbFormatException {
    if (items.size() % 2 != 0) {
      throw new RdbFormatException(at, "hash encoding holds an odd number of entries");
    }
    HashValue hash = new HashValue();
    for (int i = 0; i < items.size(); i += 2) {
      if (!hash.put(items.get(i), items.get(i + 1))) {
        throw new RdbFormatException(at, "duplicate hash field '" + printable(items.get(i)) + "'");
      }
    }
    return hash.isEmpty() ? null : hash;
  }

  private static ZSetValue zsetOfPairs(List<byte[]> items, long at) throws RdbFormatException {
    if (items.size() % 2 != 0) {
      throw new RdbFormatException(at, "sorted set encoding holds an odd number of entries");
    }
    ZSetValue zset = new ZSetValue();
    for (int i = 0; i < items.size(); i += 2) {
      Double score = RdbInput.parseScore(items.get(i + 1));
      if (score == null || score.isNaN()) {
        throw new RdbFormatException(
            at, "invalid sorted set score '" + printable(items.get(i + 1)) + "'");
      }
      if (!zset.add(items.get(i), score)) {
        throw new RdbFormatException(
            at, "duplicate sorted set member '" + printable(items.get(i)) + "'");
      }
    }
    return items.isEmpty() ? null : zset;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The name of the module owning a module value, from the 64-bit id that starts it. */
  private static String moduleName(RdbInput in) {
    try {
      return "'" + moduleName(in.readUnsignedLength("module id")) + "'";
    } catch (IOException e) {
      return "(unreadable id)";
    }
  }

  /** A key or member for messages: printable ASCII kept, other bytes escaped, long ones cut. */
  static String printable(byte[] b) {
    StringBuilder sb = new StringBuilder();
    int n = Math.min(b.length, 64);
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F && c != '\'' && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    if (b.length > n) {
      sb.append("...");
    }
    return sb.toString();
  }

  private static final String MODULE_NAME_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /**
   * The 9-character module type name packed in a module id: 6 bits per character above the 10-bit
   * encoding version.
   */
  static String moduleName(long moduleId) {
    char[] name = new char[9];
    long id = moduleId >>> 10;
    for (int j = 8; j >= 0; j--) {
      name[j] = MODULE_NAME_CHARS.charAt((int) (id & 63));
      id >>>= 6;
    }
    return new String(name);
  }
}
