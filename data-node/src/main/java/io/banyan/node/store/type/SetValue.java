package io.banyan.node.store.type;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Dict;
import io.banyan.node.store.ObjectLayout;
import io.banyan.node.store.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A set value with Redis 7.0's two encodings:
 *
 * <ul>
 *   <li>{@code intset}: a sorted {@code long[]} searched by binary search, used while every member
 *       is the canonical decimal text of a 64-bit integer and there are at most {@link
 *       EncodingLimits#setMaxIntsetEntries} of them;
 *   <li>{@code hashtable}: a {@link Dict} of members, once either condition is broken.
 * </ul>
 *
 * <p>The conversion is one-way, as in Redis: removing the offending members does not bring the
 * compact form back. A new set starts as an (empty) intset, which gives the same result as Redis's
 * "create from the first member" rule, since adding a non-integer converts at once.
 *
 * <p>Members are byte arrays that callers must not modify after handing them over. Not thread-safe.
 */
public final class SetValue extends CompositeValue {
  /** Object header, fields and the reference held by the entry. */
  private static final int BASE_BYTES = 48;

  /** A hashtable node: object header, key and next references. */
  private static final int NODE_BYTES = ObjectLayout.objectWithRefs(2);

  /** Members of the hashtable encoding: the dict node is the member itself. */
  private static final class Member extends Dict.Node<Member> {
    Member(byte[] key) {
      super(key);
    }
  }

  private long[] ints = new long[4];
  private int intCount;
  private Dict<Member> dict;

  /** Bytes held by member arrays of the hashtable encoding (nodes and arrays). */
  private long memberBytes;

  @Override
  public ValueType type() {
    return ValueType.SET;
  }

  @Override
  public String encoding() {
    return dict == null ? "intset" : "hashtable";
  }

  /** True while the set is intset-encoded. */
  public boolean isIntset() {
    return dict == null;
  }

  @Override
  public int size() {
    return dict == null ? intCount : dict.size();
  }

  @Override
  public long memoryBytes() {
    if (dict == null) {
      return BASE_BYTES + 16 + 8L * ints.length;
    }
    return BASE_BYTES + 16 + (long) ObjectLayout.REF * dict.buckets() + memberBytes;
  }

  /** A copy with the same encoding; member arrays are shared, as they are never modified. */
  @Override
  public SetValue copy() {
    SetValue c = new SetValue();
    if (dict == null) {
      c.ints = Arrays.copyOf(ints, Math.max(4, intCount));
      c.intCount = intCount;
    } else {
      c.dict = new Dict<>();
      dict.forEach(m -> c.dict.insert(new Member(m.key)));
      c.memberBytes = memberBytes;
    }
    return c;
  }

  public boolean contains(byte[] member) {
    if (dict != null) {
      return dict.get(member) != null;
    }
    Long v = Bytes.parseLong(member);
    return v != null && indexOf(v) >= 0;
  }

  /** Adds member; returns true when it was not already present. */
  public boolean add(byte[] member) {
    if (dict == null) {
      Long v = Bytes.parseLong(member);
      if (v != null) {
        int i = indexOf(v);
        if (i >= 0) {
          return false;
        }
        insertInt(-i - 1, v);
        if (intCount > EncodingLimits.setMaxIntsetEntries) {
          convertToHashtable();
        }
        return true;
      }
      convertToHashtable();
    }
    if (dict.get(member) != null) {
      return false;
    }
    dict.insert(new Member(member));
    memberBytes += memberCost(member);
    return true;
  }

  /** Removes member; returns true when it was present. */
  public boolean remove(byte[] member) {
    if (dict != null) {
      if (dict.remove(member) == null) {
        return false;
      }
      memberBytes -= memberCost(member);
      return true;
    }
    Long v = Bytes.parseLong(member);
    if (v == null) {
      return false;
    }
    int i = indexOf(v);
    if (i < 0) {
      return false;
    }
    System.arraycopy(ints, i + 1, ints, i, intCount - i - 1);
    intCount--;
    shrinkIntsIfSparse();
    return true;
  }

  /** Visits members (ascending numeric order while intset-encoded). */
  public void forEach(Consumer<byte[]> visitor) {
    if (dict == null) {
      for (int i = 0; i < intCount; i++) {
        visitor.accept(Bytes.fromLong(ints[i]));
      }
    } else {
      dict.forEach(m -> visitor.accept(m.key));
    }
  }

  /** The members in iteration order, as a new list. */
  public List<byte[]> members() {
    List<byte[]> out = new ArrayList<>(size());
    forEach(out::add);
    return out;
  }

  /** A uniformly chosen member (fair-ish for the hashtable, as Redis), or null when empty. */
  public byte[] random() {
    if (dict != null) {
      Member m = dict.random();
      return m == null ? null : m.key;
    }
    if (intCount == 0) {
      return null;
    }
    return Bytes.fromLong(ints[ThreadLocalRandom.current().nextInt(intCount)]);
  }

  /**
   * One SCAN step. The intset is returned whole with cursor 0, as Redis does for compact encodings;
   * the hashtable visits one cursor position of its dict.
   *
   * @return the next cursor, 0 when the scan is complete
   */
  public long scan(long cursor, Consumer<byte[]> visitor) {
    if (dict == null) {
      forEach(visitor);
      return 0;
    }
    return dict.scan(cursor, m -> visitor.accept(m.key));
  }

  /**
   * Removes every member except {@code keep} randomly chosen ones and returns the removed members.
   * Like Redis's SPOP for large counts, the kept members move into a freshly built set, so a
   * hashtable whose survivors are all small integers becomes an intset again.
   */
  public List<byte[]> removeAllExceptRandom(int keep) {
    SetValue kept = new SetValue();
    for (int i = 0; i < keep && size() > 0; i++) {
      byte[] m = random();
      kept.add(m);
      remove(m);
    }
    List<byte[]> removed = members();
    ints = kept.ints;
    intCount = kept.intCount;
    dict = kept.dict;
    memberBytes = kept.memberBytes;
    return removed;
  }

  /** The memory estimate computed from scratch, to check the running one in tests. */
  long recomputedMemoryBytes() {
    if (dict == null) {
      return memoryBytes();
    }
    long[] total = {0};
    dict.forEach(m -> total[0] += memberCost(m.key));
    return BASE_BYTES + 16 + (long) ObjectLayout.REF * dict.buckets() + total[0];
  }

  // ---- intset internals ----------------------------------------------------------------------

  private int indexOf(long v) {
    return Arrays.binarySearch(ints, 0, intCount, v);
  }

  private void insertInt(int at, long v) {
    if (intCount == ints.length) {
      ints = Arrays.copyOf(ints, ints.length * 2);
    }
    System.arraycopy(ints, at, ints, at + 1, intCount - at);
    ints[at] = v;
    intCount++;
  }

  private void shrinkIntsIfSparse() {
    if (ints.length > 16 && intCount < ints.length / 4) {
      ints = Arrays.copyOf(ints, ints.length / 2);
    }
  }

  private void convertToHashtable() {
    Dict<Member> d = new Dict<>();
    long bytes = 0;
    for (int i = 0; i < intCount; i++) {
      byte[] m = Bytes.fromLong(ints[i]);
      d.insert(new Member(m));
      bytes += memberCost(m);
    }
    dict = d;
    memberBytes = bytes;
    ints = null;
    intCount = 0;
  }

  private static long memberCost(byte[] m) {
    return NODE_BYTES + 16 + ((m.length + 7L) & ~7L);
  }
}
