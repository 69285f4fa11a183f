package io.banyan.node.command.server;

import io.banyan.node.resp.DoubleFormat;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.Database;
import io.banyan.node.store.Entry;
import io.banyan.node.store.Keyspace;
import io.banyan.node.store.ValueType;
import io.banyan.node.store.type.HashValue;
import io.banyan.node.store.type.ListValue;
import io.banyan.node.store.type.SetValue;
import io.banyan.node.store.type.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * DEBUG DIGEST and DIGEST-VALUE: a SHA-1 based fingerprint of the data, computed the way Redis 7.0
 * computes it so that a node and a real Redis holding the same data report the same digest (handy
 * to compare a replica with its master, or Banyan with Redis).
 *
 * <p>Two operations build it: <em>xor</em> folds the SHA-1 of some bytes into a 20-byte digest
 * (order-independent), <em>mix</em> does the same and then replaces the digest by its own SHA-1
 * (order-dependent). A value's digest mixes its type code, then its content: list elements are
 * mixed in order; set members are xored; hash fields and sorted-set members each get a digest of
 * their own (field then value, member then score as {@code %.17g}) that is xored in; a key with a
 * time to live also xors the marker {@code !!expire!!}. The dataset digest mixes each non-empty
 * database's number, then xors in, for every key, the mix of the key name and its value's digest,
 * so key order does not matter and an empty dataset digests to zeros.
 */
final class DatasetDigest {
  private DatasetDigest() {}

  private static final byte[] EXPIRE_MARKER = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

  /** The digest of every database, as 40 hex digits. */
  static String dataset(Keyspace keyspace) {
    byte[] result = new byte[20];
    for (int i = 0; i < keyspace.databaseCount(); i++) {
      Database db = keyspace.db(i);
      if (db.size() == 0) {
        continue;
      }
      mix(result, int32(i));
      db.forEach(
          e -> {
            byte[] d = new byte[20];
            mix(d, e.key);
            valueInto(d, e);
            xor(result, d);
          });
    }
    return HexFormat.of().formatHex(result);
  }

  /** The digest of one key's value (not its name), or zeros for a missing key. */
  static String value(Entry e) {
    byte[] d = new byte[20];
    if (e != null) {
      valueInto(d, e);
    }
    return HexFormat.of().formatHex(d);
  }

  private static void valueInto(byte[] d, Entry e) {
    Object v = e.value();
    ValueType type = e.type();
    mix(d, int32(typeCode(type)));
    switch (type) {
      case STRING -> mix(d, (byte[]) v);
      case LIST -> ((ListValue) v).forEach(element -> mix(d, element));
      case SET -> ((SetValue) v).forEach(member -> xor(d, member));
      case ZSET ->
          ((ZSetValue) v)
              .forEach(
                  (member, score) -> {
                    byte[] ed = new byte[20];
                    mix(ed, member);
                    mix(ed, Bytes.utf8(DoubleFormat.reply(score)));
                    xor(d, ed);
                  });
      case HASH ->
          ((HashValue) v)
              .forEach(
                  (field, value) -> {
                    byte[] ed = new byte[20];
                    mix(ed, field);
                    mix(ed, value);
                    xor(d, ed);
                  });
    }
    if (e.hasExpiry()) {
      xor(d, EXPIRE_MARKER);
    }
  }

  /** Redis's object type numbers. */
  private static int typeCode(ValueType t) {
    return switch (t) {
      case STRING -> 0;
      case LIST -> 1;
      case SET -> 2;
      case ZSET -> 3;
      case HASH -> 4;
    };
  }

  private static byte[] int32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** digest ^= sha1(data). */
  private static void xor(byte[] digest, byte[] data) {
    xorInto(digest, sha1(data));
  }

  /** digest = sha1(digest ^ sha1(data)). */
  private static void mix(byte[] digest, byte[] data) {
    xor(digest, data);
    System.arraycopy(sha1(digest), 0, digest, 0, 20);
  }

  private static void xorInto(byte[] digest, byte[] other) {
    for (int i = 0; i < 20; i++) {
      digest[i] ^= other[i];
    }
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }
}
