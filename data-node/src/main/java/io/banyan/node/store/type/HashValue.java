package io.banyan.node.store.type;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Dict;
import io.banyan.node.store.ObjectLayout;
import io.banyan.node.store.ValueType;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * A hash value with Redis 7.0's two encodings:
 *
 * <ul>
 *   <li>{@code listpack}: parallel arrays of fields and values in insertion order, searched
 *       linearly, while there are at most {@link EncodingLimits#hashMaxListpackEntries} fields and
 *       no field or value is longer than {@link EncodingLimits#hashMaxListpackValue} bytes;
 *   <li>{@code hashtable}: a {@link Dict} whose nodes carry the values, once either limit is
 *       exceeded.
 * </ul>
 *
 * <p>The conversion is one-way, as in Redis. Because the compact form keeps insertion order, small
 * hashes list their fields (HGETALL, HKEYS) in the same order as Redis does.
 *
 * <p>Fields and values are byte arrays that callers must not modify after handing them over. Not
 * thread-safe.
 */
public final class HashValue extends CompositeValue {
  /** Object header, fields and the reference held by the entry. */
  private static final int BASE_BYTES = 48;

  /** A hashtable node: object header, key, next and value references. */
  private static final int NODE_BYTES = ObjectLayout.objectWithRefs(3);

  /** A field and its value, for callers that pick entries (HRANDFIELD). */
  public record Pair(byte[] field, byte[] value) {}

  /** Hashtable node: the field is the dict key. */
  private static final class FieldNode extends Dict.Node<FieldNode> {
    byte[] value;

    FieldNode(byte[] field, byte[] value) {
      super(field);
      this.value = value;
    }
  }

  private byte[][] fields = new byte[4][];
  private byte[][] values = new byte[4][];
  private int count;
  private Dict<FieldNode> dict;

  /** Bytes held by field and value arrays, plus dict nodes once hashtable-encoded. */
  private long elementBytes;

  @Override
  public ValueType type() {
    return ValueType.HASH;
  }

  @Override
  public String encoding() {
    return dict == null ? "listpack" : "hashtable";
  }

  /** True while the hash is listpack-encoded. */
  public boolean isListpack() {
    return dict == null;
  }

  @Override
  public int size() {
    return dict == null ? count : dict.size();
  }

  @Override
  public long memoryBytes() {
    long slots =
        dict == null
            ? 2L * (16 + (long) ObjectLayout.REF * fields.length)
            : 16 + (long) ObjectLayout.REF * dict.buckets();
    return BASE_BYTES + slots + elementBytes;
  }

  /** A copy with the same encoding; byte arrays are shared, as they are never modified. */
  @Override
  public HashValue copy() {
    HashValue c = new HashValue();
    if (dict == null) {
      int cap = Math.max(4, count);
      c.fields = Arrays.copyOf(fields, cap);
      c.values = Arrays.copyOf(values, cap);
      c.count = count;
    } else {
      c.dict = new Dict<>();
      dict.forEach(n -> c.dict.insert(new FieldNode(n.key, n.value)));
    }
    c.elementBytes = elementBytes;
    return c;
  }

  /** Value of field, or null. */
  public byte[] get(byte[] field) {
    if (dict != null) {
      FieldNode n = dict.get(field);
      return n == null ? null : n.value;
    }
    int i = indexOf(field);
    return i < 0 ? null : values[i];
  }

  public boolean containsField(byte[] field) {
    return dict != null ? dict.get(field) != null : indexOf(field) >= 0;
  }

  /** Sets field to value; returns true when the field is new. */
  public boolean put(byte[] field, byte[] value) {
    if (dict == null) {
      int limit = EncodingLimits.hashMaxListpackValue;
      if (field.length > limit || value.length > limit) {
        convertToHashtable();
      } else {
        return putCompact(field, value);
      }
    }
    FieldNode n = dict.get(field);
    if (n != null) {
      elementBytes += arrayCost(value) - arrayCost(n.value);
      n.value = value;
      return false;
    }
    dict.insert(new FieldNode(field, value));
    elementBytes += NODE_BYTES + arrayCost(field) + arrayCost(value);
    return true;
  }

  private boolean putCompact(byte[] field, byte[] value) {
    int i = indexOf(field);
    if (i >= 0) {
      elementBytes += arrayCost(value) - arrayCost(values[i]);
      values[i] = value;
      return false;
    }
    if (count == fields.length) {
      fields = Arrays.copyOf(fields, count * 2);
      values = Arrays.copyOf(values, count * 2);
    }
    fields[count] = field;
    values[count] = value;
    count++;
    elementBytes += arrayCost(field) + arrayCost(value);
    if (count > EncodingLimits.hashMaxListpackEntries) {
      convertToHashtable();
    }
    return true;
  }

  /** Removes field; returns true when it was present. */
  public boolean remove(byte[] field) {
    if (dict != null) {
      FieldNode n = dict.remove(field);
      if (n == null) {
        return false;
      }
      elementBytes -= NODE_BYTES + arrayCost(n.key) + arrayCost(n.value);
      return true;
    }
    int i = indexOf(field);
    if (i < 0) {
      return false;
    }
    elementBytes -= arrayCost(fields[i]) + arrayCost(values[i]);
    // Shift the tail down so that the remaining fields keep their insertion order.
    System.arraycopy(fields, i + 1, fields, i, count - i - 1);
    System.arraycopy(values, i + 1, values, i, count - i - 1);
    count--;
    fields[count] = null;
    values[count] = null;
    return true;
  }

  /** Visits (field, value) pairs in the encoding's order (insertion order while listpack). */
  public void forEach(BiConsumer<byte[], byte[]> visitor) {
    if (dict == null) {
      for (int i = 0; i < count; i++) {
        visitor.accept(fields[i], values[i]);
      }
    } else {
      dict.forEach(n -> visitor.accept(n.key, n.value));
    }
  }

  /** A uniformly chosen entry (fair-ish for the hashtable, as Redis), or null when empty. */
  public Pair random() {
    if (dict != null) {
      FieldNode n = dict.random();
      return n == null ? null : new Pair(n.key, n.value);
    }
    if (count == 0) {
      return null;
    }
    int i = ThreadLocalRandom.current().nextInt(count);
    return new Pair(fields[i], values[i]);
  }

  /**
   * One SCAN step. A listpack is returned whole with cursor 0, as Redis does for compact encodings;
   * the hashtable visits one cursor position of its dict.
   *
   * @return the next cursor, 0 when the scan is complete
   */
  public long scan(long cursor, BiConsumer<byte[], byte[]> visitor) {
    if (dict == null) {
      forEach(visitor);
      return 0;
    }
    return dict.scan(cursor, n -> visitor.accept(n.key, n.value));
  }

  /** The memory estimate computed from scratch, to check the running one in tests. */
  long recomputedMemoryBytes() {
    long[] total = {0};
    forEach((f, v) -> total[0] += arrayCost(f) + arrayCost(v) + (dict == null ? 0 : NODE_BYTES));
    long slots =
        dict == null
            ? 2L * (16 + (long) ObjectLayout.REF * fields.length)
            : 16 + (long) ObjectLayout.REF * dict.buckets();
    return BASE_BYTES + slots + total[0];
  }

  private int indexOf(byte[] field) {
    for (int i = 0; i < count; i++) {
      if (Bytes.equal(fields[i], field)) {
        return i;
      }
    }
    return -1;
  }

  private void convertToHashtable() {
    Dict<FieldNode> d = new Dict<>();
    for (int i = 0; i < count; i++) {
      d.insert(new FieldNode(fields[i], values[i]));
    }
    dict = d;
    elementBytes += (long) NODE_BYTES * count;
    fields = null;
    values = null;
    count = 0;
  }

  private static long arrayCost(byte[] b) {
    return 16 + ((b.length + 7L) & ~7L);
  }
}
