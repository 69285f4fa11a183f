package io.banyan.node.store.type;

import io.banyan.node.store.Bytes;
import java.util.Arrays;

/**
 * The compact encoding of a small sorted set: parallel arrays of members and scores kept in (score,
 * member) order, as Redis's listpack of alternating member/score entries. Lookups by member scan
 * linearly, which is cheap at the sizes this encoding is limited to; lookups by score or rank use
 * binary search.
 *
 * <p>Like Redis's listpack, which stores a score as text, a score of {@code -0.0} is kept as {@code
 * 0}. Ranks are 0-based.
 */
final class ZListpack {
  private static final int INITIAL_CAPACITY = 4;

  private byte[][] members;
  private double[] scores;
  private int size;

  /** Sum of the member lengths rounded up to 8 (heap alignment), for the memory estimate. */
  private long memberBytes;

  ZListpack() {
    this(INITIAL_CAPACITY);
  }

  ZListpack(int capacity) {
    int c = Math.max(capacity, 1);
    members = new byte[c][];
    scores = new double[c];
  }

  int size() {
    return size;
  }

  byte[] member(int rank) {
    return members[rank];
  }

  double score(int rank) {
    return scores[rank];
  }

  long memberBytes() {
    return memberBytes;
  }

  int capacity() {
    return members.length;
  }

  /** Index of member, or -1. */
  int indexOf(byte[] member) {
    for (int i = 0; i < size; i++) {
      if (Bytes.equal(members[i], member)) {
        return i;
      }
    }
    return -1;
  }

  /** Inserts a member that is not present. */
  void insert(byte[] member, double score) {
    if (score == 0) {
      score = 0.0; // the listpack's text form of -0.0 reads back as 0
    }
    int at = insertionPoint(score, member);
    if (size == members.length) {
      int grown = members.length * 2;
      members = Arrays.copyOf(members, grown);
      scores = Arrays.copyOf(scores, grown);
    }
    System.arraycopy(members, at, members, at + 1, size - at);
    System.arraycopy(scores, at, scores, at + 1, size - at);
    members[at] = member;
    scores[at] = score;
    size++;
    memberBytes += aligned(member.length);
  }

  /** Removes the element at index. */
  void removeAt(int index) {
    memberBytes -= aligned(members[index].length);
    System.arraycopy(members, index + 1, members, index, size - index - 1);
    System.arraycopy(scores, index + 1, scores, index, size - index - 1);
    size--;
    members[size] = null;
  }

  /** Removes count elements starting at index. */
  void removeRange(int index, int count) {
    for (int i = index; i < index + count; i++) {
      memberBytes -= aligned(members[i].length);
    }
    System.arraycopy(members, index + count, members, index, size - index - count);
    System.arraycopy(scores, index + count, scores, index, size - index - count);
    Arrays.fill(members, size - count, size, null);
    size -= count;
  }

  /** First index whose (score, member) is not before (score, member). */
  private int insertionPoint(double score, byte[] member) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double s = scores[mid];
      if (s < score || (s == score && Bytes.compare(members[mid], member) < 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of elements whose score is below {@code score} (or not above it, with inclusive). */
  int countScoreBelow(double score, boolean inclusive) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      double s = scores[mid];
      if (s < score || (inclusive && s == score)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of elements whose member sorts before {@code member} (or not after, with inclusive). */
  int countMemberBelow(byte[] member, boolean inclusive) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = Bytes.compare(members[mid], member);
      if (cmp < 0 || (inclusive && cmp == 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static long aligned(int n) {
    return (n + 7L) & ~7L;
  }

  ZListpack copy() {
    ZListpack c = new ZListpack(Math.max(size, 1));
    System.arraycopy(members, 0, c.members, 0, size);
    System.arraycopy(scores, 0, c.scores, 0, size);
    c.size = size;
    c.memberBytes = memberBytes;
    return c;
  }
}
