package io.banyan.node.store.type;

import io.banyan.node.resp.DoubleFormat;
import io.banyan.node.store.CompositeValue;
import io.banyan.node.store.Dict;
import io.banyan.node.store.ValueType;
import java.nio.charset.StandardCharsets;

/**
 * A sorted set: unique members (byte strings), each with a score, ordered by (score, member bytes
 * unsigned).
 *
 * <p>Two encodings, as Redis 7.0: "listpack" (a sorted array, see {@link ZListpack}) while the set
 * has at most {@link EncodingLimits#zsetMaxListpackEntries} members of at most {@link
 * EncodingLimits#zsetMaxListpackValue} bytes each, then "skiplist" (a {@link ZSkipList} with spans
 * for O(log n) ranks, plus a {@link Dict} from member to skiplist node for O(1) score lookups). The
 * conversion is one-way.
 *
 * <p>Everything positional works on 0-based ascending ranks; score and lexicographic ranges are
 * turned into rank ranges with {@link #countScoreBelow} and {@link #countMemberBelow}. Scores are
 * never NaN. Command-execution thread only.
 */
public final class ZSetValue extends CompositeValue {
  /** Receives one member and its score. */
  @FunctionalInterface
  public interface MemberVisitor {
    void visit(byte[] member, double score);
  }

  /** Receives one member and its score in the text form its encoding keeps (ZSCAN's reply). */
  @FunctionalInterface
  public interface ScanVisitor {
    void visit(byte[] member, byte[] scoreText);
  }

  /** A condition on one member, for walks that stop at the first member failing it. */
  @FunctionalInterface
  public interface MemberTest {
    boolean test(byte[] member, double score);
  }

  private static final long BASE_BYTES = 32;
  private static final long LISTPACK_ARRAYS_BYTES = 32;

  /** The skiplist header node, its two 32-slot arrays, and the dict object. */
  private static final long SKIPLIST_FIXED_BYTES = 48 + 2 * (16 + 4 * ZSkipList.MAX_LEVEL) + 64;

  private ZListpack listpack;
  private ZSkipList skiplist;
  private Dict<ZSkipList.Node> dict;

  /** Running estimate of the skiplist nodes' heap bytes (nodes, link arrays, members). */
  private long nodeBytes;

  /** An empty sorted set in the encoding Redis gives a new key (listpack unless disabled). */
  public ZSetValue() {
    this(1, 0);
  }

  /**
   * An empty sorted set in the encoding suited to the expected number of members and the longest
   * expected member (listpack when both are within the limits).
   */
  public ZSetValue(int sizeHint, int maxMemberLength) {
    if (sizeHint <= EncodingLimits.zsetMaxListpackEntries
        && maxMemberLength <= EncodingLimits.zsetMaxListpackValue) {
      listpack = new ZListpack(Math.max(1, Math.min(sizeHint, 16)));
    } else {
      initSkiplist();
    }
  }

  private void initSkiplist() {
    skiplist = new ZSkipList();
    dict = new Dict<>();
    nodeBytes = 0;
  }

  @Override
  public ValueType type() {
    return ValueType.ZSET;
  }

  @Override
  public String encoding() {
    return listpack != null ? "listpack" : "skiplist";
  }

  public boolean isListpack() {
    return listpack != null;
  }

  @Override
  public int size() {
    return listpack != null ? listpack.size() : skiplist.size();
  }

  @Override
  public long memoryBytes() {
    if (listpack != null) {
      // Per slot a member reference and a double; per member an array header plus its bytes.
      return BASE_BYTES
          + LISTPACK_ARRAYS_BYTES
          + listpack.capacity() * 12L
          + listpack.size() * 16L
          + listpack.memberBytes();
    }
    return BASE_BYTES + SKIPLIST_FIXED_BYTES + nodeBytes + dict.buckets() * 4L;
  }

  private static long nodeFootprint(ZSkipList.Node n) {
    // Node: header, key, next (dict), score, backward, level-0 link and span, two array refs (48);
    // nodes above level 1 add a links array and a spans array for their upper levels.
    int upper = n.level() - 1;
    long arrays = upper == 0 ? 0 : 2 * (16 + ZListpack.aligned(4 * upper));
    return 48 + arrays + 16 + ZListpack.aligned(n.key.length);
  }

  @Override
  public ZSetValue copy() {
    if (listpack != null) {
      ZSetValue c = new ZSetValue(0, 0);
      c.listpack = listpack.copy();
      return c;
    }
    ZSetValue c = new ZSetValue(Integer.MAX_VALUE, 0);
    for (ZSkipList.Node n = skiplist.first(); n != null; n = n.forward(0)) {
      c.insertNode(n.key, n.score);
    }
    return c;
  }

  // ---- lookups by member ---------------------------------------------------------------------

  /** Score of member, or null when absent. */
  public Double score(byte[] member) {
    if (listpack != null) {
      int i = listpack.indexOf(member);
      return i < 0 ? null : listpack.score(i);
    }
    ZSkipList.Node n = dict.get(member);
    return n == null ? null : n.score;
  }

  /** 0-based ascending rank of member, or -1 when absent. */
  public int rank(byte[] member) {
    if (listpack != null) {
      return listpack.indexOf(member);
    }
    ZSkipList.Node n = dict.get(member);
    return n == null ? -1 : skiplist.rank(n.score, n.key);
  }

  // ---- changes -------------------------------------------------------------------------------

  /** Adds or updates member (score must not be NaN); returns true when it is new. */
  public boolean add(byte[] member, double score) {
    if (listpack != null) {
      int i = listpack.indexOf(member);
      if (i >= 0) {
        if (listpack.score(i) != score) {
          listpack.removeAt(i);
          listpack.insert(member, score);
        }
        return false;
      }
      if (listpack.size() + 1 > EncodingLimits.zsetMaxListpackEntries
          || member.length > EncodingLimits.zsetMaxListpackValue) {
        convertToSkiplist();
      } else {
        listpack.insert(member, score);
        return true;
      }
    }
    ZSkipList.Node n = dict.get(member);
    if (n != null) {
      if (n.score != score) {
        skiplist.updateScore(n, score);
      }
      return false;
    }
    insertNode(member, score);
    return true;
  }

  private void insertNode(byte[] member, double score) {
    ZSkipList.Node n = new ZSkipList.Node(member, score, ZSkipList.randomLevel());
    skiplist.insert(n);
    dict.insert(n);
    nodeBytes += nodeFootprint(n);
  }

  /** Removes member; returns true when it was present. */
  public boolean remove(byte[] member) {
    if (listpack != null) {
      int i = listpack.indexOf(member);
      if (i < 0) {
        return false;
      }
      listpack.removeAt(i);
      return true;
    }
    ZSkipList.Node n = dict.remove(member);
    if (n == null) {
      return false;
    }
    skiplist.delete(n.score, n.key);
    nodeBytes -= nodeFootprint(n);
    return true;
  }

  /**
   * Removes {@code count} members starting at a 0-based rank, visiting each removed one first in
   * ascending order when a visitor is given; returns how many were removed.
   */
  public int removeRange(int start, int count, MemberVisitor removed) {
    int n = Math.max(0, Math.min(count, size() - start));
    if (n == 0 || start < 0) {
      return 0;
    }
    if (listpack != null) {
      if (removed != null) {
        for (int i = start; i < start + n; i++) {
          removed.visit(listpack.member(i), listpack.score(i));
        }
      }
      listpack.removeRange(start, n);
      return n;
    }
    skiplist.deleteRange(
        start,
        n,
        node -> {
          dict.remove(node.key);
          nodeBytes -= nodeFootprint(node);
          if (removed != null) {
            removed.visit(node.key, node.score);
          }
        });
    return n;
  }

  /** Converts to the skiplist encoding (no-op when already there); SORT does this, as Redis. */
  public void convertToSkiplist() {
    if (listpack == null) {
      return;
    }
    ZListpack old = listpack;
    listpack = null;
    initSkiplist();
    for (int i = 0; i < old.size(); i++) {
      insertNode(old.member(i), old.score(i));
    }
  }

  // ---- ranks and ranges ----------------------------------------------------------------------

  /** Number of members with a score below {@code score} (or not above it, with inclusive). */
  public int countScoreBelow(double score, boolean inclusive) {
    return listpack != null
        ? listpack.countScoreBelow(score, inclusive)
        : skiplist.countScoreBelow(score, inclusive);
  }

  /**
   * Number of members sorting before {@code member} (or not after it, with inclusive), comparing
   * members only: meaningful when all scores are equal, as lexicographic ranges assume.
   */
  public int countMemberBelow(byte[] member, boolean inclusive) {
    return listpack != null
        ? listpack.countMemberBelow(member, inclusive)
        : skiplist.countMemberBelow(member, inclusive);
  }

  /**
   * Visits the members with ranks {@code from..to} (inclusive, 0-based, ascending), in ascending
   * order, or from {@code to} down to {@code from} when reverse. The ranks must be valid.
   */
  public void visitRange(int from, int to, boolean reverse, MemberVisitor visitor) {
    if (from > to) {
      return;
    }
    if (listpack != null) {
      if (reverse) {
        for (int i = to; i >= from; i--) {
          visitor.visit(listpack.member(i), listpack.score(i));
        }
      } else {
        for (int i = from; i <= to; i++) {
          visitor.visit(listpack.member(i), listpack.score(i));
        }
      }
      return;
    }
    int remaining = to - from + 1;
    if (reverse) {
      ZSkipList.Node n = (to == skiplist.size() - 1) ? skiplist.last() : skiplist.byRank(to);
      for (; remaining > 0; remaining--, n = n.backward) {
        visitor.visit(n.key, n.score);
      }
    } else {
      ZSkipList.Node n = (from == 0) ? skiplist.first() : skiplist.byRank(from);
      for (; remaining > 0; remaining--, n = n.forward(0)) {
        visitor.visit(n.key, n.score);
      }
    }
  }

  /**
   * Counts the consecutive members passing {@code test}, starting at rank {@code from} (which must
   * be valid) and moving up, or down when reverse; stops after {@code limit} members unless limit
   * is negative.
   */
  public int walk(int from, boolean reverse, long limit, MemberTest test) {
    int n = 0;
    int size = size();
    if (listpack != null) {
      for (int i = from; i >= 0 && i < size && n != limit; i += reverse ? -1 : 1) {
        if (!test.test(listpack.member(i), listpack.score(i))) {
          break;
        }
        n++;
      }
      return n;
    }
    for (ZSkipList.Node x = skiplist.byRank(from);
        x != null && n != limit;
        x = reverse ? x.backward : x.forward(0)) {
      if (!test.test(x.key, x.score)) {
        break;
      }
      n++;
    }
    return n;
  }

  /** Member at a valid 0-based rank. */
  public byte[] memberAt(int rank) {
    return listpack != null ? listpack.member(rank) : skiplist.byRank(rank).key;
  }

  /** Score at a valid 0-based rank. */
  public double scoreAt(int rank) {
    return listpack != null ? listpack.score(rank) : skiplist.byRank(rank).score;
  }

  /** Visits members in ascending (score, member) order. */
  public void forEach(MemberVisitor visitor) {
    visitRange(0, size() - 1, false, visitor);
  }

  /**
   * One ZSCAN step. The listpack encoding returns everything at once (next cursor 0) with scores as
   * the listpack stores them; the skiplist scans its member dict with a reverse-binary cursor.
   */
  public long scan(long cursor, ScanVisitor visitor) {
    if (listpack != null) {
      for (int i = 0; i < listpack.size(); i++) {
        visitor.visit(listpack.member(i), listpackScoreText(listpack.score(i)));
      }
      return 0;
    }
    return dict.scan(
        cursor,
        n -> visitor.visit(n.key, DoubleFormat.reply(n.score).getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * The text a listpack keeps for a score: integral values within the long range as plain integers,
   * anything else in the %.17g form.
   */
  static byte[] listpackScoreText(double score) {
    String text;
    if (score == Math.rint(score) && Math.abs(score) < 0x1p63) {
      text = Long.toString((long) score);
    } else {
      text = DoubleFormat.reply(score);
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
