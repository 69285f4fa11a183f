package io.banyan.node.persistence.rdb;

import io.banyan.node.resp.DoubleFormat;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.nio.charset.StandardCharsets;

/**
 * Encodes keys and values in RDB version 10 exactly as Redis 7.0 does: the same type byte, the same
 * string encodings (small integers, LZF for long compressible strings), lists as quicklists of
 * listpack nodes split where Redis would split them, compact hashes and sorted sets as listpacks,
 * integer sets as intsets.
 *
 * <p>Encoding one key depends only on the key, its value and the {@link RdbOptions}, never on other
 * state, so a snapshot can encode key by key on the command thread (where values may be read
 * safely) and hand the bytes to another thread for writing. An instance holds a compression table
 * and is not thread-safe: use one per thread.
 */
public final class RdbEncoder {
  /** Strings of at most this many bytes may be stored as integers (an int32 has 11 characters). */
  private static final int MAX_INTEGER_TEXT = 11;

  /** Strings longer than this are LZF-compressed when that saves space. */
  private static final int MIN_COMPRESS_LENGTH = 20;

  /** Quicklist node size limits for list-max-listpack-size -1 to -5. */
  private static final int[] NODE_BYTE_LIMITS = {4096, 8192, 16384, 32768, 65536};

  /** Node size limit when list-max-listpack-size counts elements. */
  private static final int NODE_SAFETY_LIMIT = 8192;

  /** Redis's estimate of one entry's overhead when deciding whether it fits a node. */
  private static final int ENTRY_OVERHEAD_ESTIMATE = 8;

  /** Elements of at least this size get a node of their own, stored plain (not in a listpack). */
  private static final long PLAIN_ELEMENT_SIZE = 1L << 30;

  /** Quicklist nodes smaller than this are never compressed; nor when it saves under 8 bytes. */
  private static final int MIN_NODE_COMPRESS_BYTES = 48;

  private static final int MIN_NODE_COMPRESS_GAIN = 8;

  private final RdbOptions options;
  private final Lzf lzf;

  public RdbEncoder(RdbOptions options) {
    this(options, new Lzf());
  }

  /** An encoder sharing a compressor (and its 256 KB table) with other encoders of one thread. */
  public RdbEncoder(RdbOptions options, Lzf lzf) {
    this.options = options;
    this.lzf = lzf;
  }

  public RdbOptions options() {
    return options;
  }

  // ---- keys and database markers -------------------------------------------------------------

  /**
   * Encodes one key as it appears in an RDB file: its expiry (when {@code expireAtMs >= 0}), its
   * LRU idle time (when {@code idleSeconds >= 0}, written by Redis under an LRU maxmemory-policy),
   * its LFU counter (when {@code lfuFrequency >= 0}, under an LFU policy), then the type byte, the
   * key and the value.
   */
  public void writeKey(
      RdbBuffer out,
      byte[] key,
      Object value,
      long expireAtMs,
      long idleSeconds,
      int lfuFrequency) {
    if (expireAtMs >= 0) {
      out.write(Rdb.OPCODE_EXPIRETIME_MS);
      out.writeLittleEndian(expireAtMs, 8);
    }
    if (idleSeconds >= 0) {
      out.write(Rdb.OPCODE_IDLE);
      out.writeLength(idleSeconds);
    }
    if (lfuFrequency >= 0) {
      out.write(Rdb.OPCODE_FREQ);
      out.write(Math.min(lfuFrequency, 255));
    }
    out.write(typeOf(value));
    writeString(out, key);
    writeValue(out, value);
  }

  /** SELECTDB: the keys that follow belong to database {@code db}. */
  public void writeSelectDb(RdbBuffer out, int db) {
    out.write(Rdb.OPCODE_SELECTDB);
    out.writeLength(db);
  }

  /** RESIZEDB: sizing hints for the database just selected (keys, and keys with an expiry). */
  public void writeResizeDb(RdbBuffer out, long keys, long keysWithExpiry) {
    out.write(Rdb.OPCODE_RESIZEDB);
    out.writeLength(keys);
    out.writeLength(keysWithExpiry);
  }

  /** An auxiliary field; values are written with the string rules (so numbers as integers). */
  public void writeAux(RdbBuffer out, String name, String value) {
    out.write(Rdb.OPCODE_AUX);
    writeString(out, name.getBytes(StandardCharsets.UTF_8));
    writeString(out, value.getBytes(StandardCharsets.UTF_8));
  }

  // ---- values --------------------------------------------------------------------------------

  /** The RDB type byte Redis 7.0 uses for a value in its current encoding. */
  public static int typeOf(Object value) {
    if (value instanceof byte[]) {
      return Rdb.TYPE_STRING;
    } else if (value instanceof ListValue) {
      return Rdb.TYPE_LIST_QUICKLIST_2;
    } else if (value instanceof SetValue s) {
      return s.isIntset() ? Rdb.TYPE_SET_INTSET : Rdb.TYPE_SET;
    } else if (value instanceof HashValue h) {
      return h.isListpack() ? Rdb.TYPE_HASH_LISTPACK : Rdb.TYPE_HASH;
    } else if (value instanceof ZSetValue z) {
      return "listpack".equals(z.encoding()) ? Rdb.TYPE_ZSET_LISTPACK : Rdb.TYPE_ZSET_2;
    }
    throw new IllegalArgumentException("no RDB encoding for " + value.getClass().getName());
  }

  /** The value's type byte followed by its encoding (what DUMP serialises). */
  public void writeTypedValue(RdbBuffer out, Object value) {
    out.write(typeOf(value));
    writeValue(out, value);
  }

  /** The value's encoding, without the type byte. */
  public void writeValue(RdbBuffer out, Object value) {
    switch (value) {
      case byte[] s -> writeString(out, s);
      case ListValue l -> writeList(out, l);
      case SetValue s -> writeSet(out, s);
      case HashValue h -> writeHash(out, h);
      case ZSetValue z -> writeZSet(out, z);
      default ->
          throw new IllegalArgumentException("no RDB encoding for " + value.getClass().getName());
    }
  }

  /**
   * A string with Redis's choice of encoding: a canonical integer that fits 32 bits as an 8, 16 or
   * 32-bit integer; a string over 20 bytes LZF-compressed when compression is on and saves at least
   * 5 bytes; otherwise length and bytes.
   */
  public void writeString(RdbBuffer out, byte[] s) {
    if (s.length <= MAX_INTEGER_TEXT && writeAsInteger(out, s)) {
      return;
    }
    if (options.compression() && s.length > MIN_COMPRESS_LENGTH) {
      // Compressed data must fit in len-4 bytes, or the header would eat the saving.
      byte[] packed = lzf.compress(s, s.length, s.length - 4);
      if (packed != null) {
        writeLzfBlob(out, packed, s.length);
        return;
      }
    }
    out.writeLength(s.length);
    out.write(s);
  }

  private static boolean writeAsInteger(RdbBuffer out, byte[] s) {
    Long parsed = Bytes.parseLong(s);
    if (parsed == null) {
      return false;
    }
    long v = parsed;
    if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      out.write(0xC0 | Rdb.ENC_INT8);
      out.writeLittleEndian(v, 1);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      out.write(0xC0 | Rdb.ENC_INT16);
      out.writeLittleEndian(v, 2);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.write(0xC0 | Rdb.ENC_INT32);
      out.writeLittleEndian(v, 4);
    } else {
      return false;
    }
    return true;
  }

  private static void writeLzfBlob(RdbBuffer out, byte[] packed, int originalLength) {
    out.write(0xC0 | Rdb.ENC_LZF);
    out.writeLength(packed.length);
    out.writeLength(originalLength);
    out.write(packed);
  }

  /**
   * A listpack score as Redis 7.0 stores it: an integral score within ±2^62 as an integer entry (so
   * -0 becomes 0), any other as its {@code %.17g} text.
   */
  private static void appendScore(Listpack lp, double score) {
    if (score >= (double) -(Long.MAX_VALUE / 2) && score <= (double) (Long.MAX_VALUE / 2)) {
      long asLong = (long) score;
      if (asLong == score) {
        lp.appendInteger(asLong);
        return;
      }
    }
    lp.append(Bytes.utf8(DoubleFormat.reply(score)));
  }

  private static void writeDouble(RdbBuffer out, double d) {
    out.writeLittleEndian(Double.doubleToRawLongBits(d), 8);
  }

  private void writeSet(RdbBuffer out, SetValue set) {
    if (set.isIntset()) {
      long[] values = new long[set.size()];
      int[] n = {0};
      set.forEach(m -> values[n[0]++] = Bytes.parseLong(m));
      writeString(out, Intset.encode(values, n[0]));
      return;
    }
    out.writeLength(set.size());
    set.forEach(m -> writeString(out, m));
  }

  private void writeHash(RdbBuffer out, HashValue hash) {
    if (hash.isListpack()) {
      Listpack lp = new Listpack();
      hash.forEach((f, v) -> lp.append(f).append(v));
      writeString(out, lp.bytes());
      return;
    }
    out.writeLength(hash.size());
    hash.forEach(
        (f, v) -> {
          writeString(out, f);
          writeString(out, v);
        });
  }

  private void writeZSet(RdbBuffer out, ZSetValue zset) {
    if ("listpack".equals(zset.encoding())) {
      Listpack lp = new Listpack();
      zset.forEach((member, score) -> appendScore(lp.append(member), score));
      writeString(out, lp.bytes());
      return;
    }
    // Redis writes the skiplist from the highest score down, so that loading inserts at the head.
    int n = zset.size();
    byte[][] members = new byte[n][];
    double[] scores = new double[n];
    int[] at = {0};
    zset.forEach(
        (member, score) -> {
          members[at[0]] = member;
          scores[at[0]++] = score;
        });
    out.writeLength(n);
    for (int i = n - 1; i >= 0; i--) {
      writeString(out, members[i]);
      writeDouble(out, scores[i]);
    }
  }

  // ---- lists ---------------------------------------------------------------------------------

  private void writeList(RdbBuffer out, ListValue list) {
    int[] ends = planNodes(list);
    int nodes = ends.length;
    out.writeLength(nodes);
    int depth = Math.min(Math.max(options.listCompressDepth(), 0), 65535);
    int from = 0;
    for (int node = 0; node < nodes; node++) {
      int to = ends[node];
      byte[] first = list.get(from);
      boolean plain = to - from == 1 && first.length >= PLAIN_ELEMENT_SIZE;
      out.writeLength(plain ? Rdb.CONTAINER_PLAIN : Rdb.CONTAINER_PACKED);
      byte[] blob;
      if (plain) {
        blob = first;
      } else {
        Listpack lp = new Listpack();
        for (int i = from; i < to; i++) {
          lp.append(list.get(i));
        }
        blob = lp.bytes();
      }
      boolean interior = depth > 0 && node >= depth && node < nodes - depth;
      if (!interior || !writeCompressedNode(out, blob)) {
        writeString(out, blob);
      }
      from = to;
    }
  }

  /**
   * The node boundaries Redis produces when the elements are pushed one by one at the tail: the
   * exclusive end index of each node's elements.
   */
  private int[] planNodes(ListValue list) {
    int fill = Math.min(Math.max(options.listMaxListpackSize(), -5), (1 << 15) - 1);
    int[] ends = new int[16];
    int nodes = 0;
    long nodeBytes = 0;
    int nodeCount = 0;
    boolean open = false;
    int n = list.size();
    for (int i = 0; i < n; i++) {
      byte[] e = list.get(i);
      boolean large = e.length >= PLAIN_ELEMENT_SIZE;
      if (open && !large && fits(nodeBytes, nodeCount, fill, e.length)) {
        nodeBytes += Listpack.entrySize(e);
        nodeCount++;
        continue;
      }
      if (open) {
        ends = append(ends, nodes++, i);
      }
      if (large) {
        ends = append(ends, nodes++, i + 1);
        open = false;
      } else {
        open = true;
        nodeBytes = Listpack.EMPTY_SIZE + Listpack.entrySize(e);
        nodeCount = 1;
      }
    }
    if (open) {
      ends = append(ends, nodes++, n);
    }
    return java.util.Arrays.copyOf(ends, nodes);
  }

  private static int[] append(int[] a, int at, int v) {
    if (at == a.length) {
      a = java.util.Arrays.copyOf(a, a.length * 2);
    }
    a[at] = v;
    return a;
  }

  /** Whether an element of {@code size} bytes joins a node (Redis's _quicklistNodeAllowInsert). */
  private static boolean fits(long nodeBytes, int nodeCount, int fill, long size) {
    long estimate = nodeBytes + size + ENTRY_OVERHEAD_ESTIMATE;
    if (fill < 0) {
      return estimate <= NODE_BYTE_LIMITS[-fill - 1];
    }
    return estimate <= NODE_SAFETY_LIMIT && nodeCount < fill;
  }

  /** Writes a node LZF-compressed as Redis keeps inner nodes under list-compress-depth. */
  private boolean writeCompressedNode(RdbBuffer out, byte[] blob) {
    if (blob.length < MIN_NODE_COMPRESS_BYTES) {
      return false;
    }
    byte[] packed = lzf.compress(blob, blob.length, blob.length);
    if (packed == null || packed.length + MIN_NODE_COMPRESS_GAIN >= blob.length) {
      return false;
    }
    writeLzfBlob(out, packed, blob.length);
    return true;
  }

  // ---- DUMP ----------------------------------------------------------------------------------

  /**
   * A DUMP payload: type byte and value, the RDB version as two bytes little-endian, and the CRC-64
   * of all that, little-endian.
   */
  public byte[] dump(Object value) {
    RdbBuffer out = new RdbBuffer();
    writeTypedValue(out, value);
    out.writeLittleEndian(Rdb.VERSION, 2);
    out.writeLittleEndian(Crc64.update(0, out.array(), 0, out.size()), 8);
    return out.toByteArray();
  }
}
