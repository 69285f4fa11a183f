package io.banyan.node.command.zsets;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.type.ZSetValue;

/**
 * A lexicographic range of members (ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX).
 *
 * <p>Lexicographic ranges are only meaningful when every score is equal. When they are not, Redis
 * still answers, with results that follow from how it searches each encoding (a skiplist descent
 * comparing members only, a linear scan of a listpack, then a walk while members stay in range).
 * The methods here search the same way so that even those answers match.
 */
record LexRange(Bound min, Bound max) {
  /**
   * One bound: a member value (exclusive or not), or one of the infinities, which count as
   * exclusive as in Redis.
   *
   * @param infinity -1 for "-", +1 for "+", 0 for a value bound
   */
  record Bound(byte[] value, boolean exclusive, int infinity) {
    static final Bound MINUS_INFINITY = new Bound(null, true, -1);
    static final Bound PLUS_INFINITY = new Bound(null, true, 1);

    int compareTo(Bound o) {
      if (infinity != 0 || o.infinity != 0) {
        return Integer.compare(infinity, o.infinity);
      }
      return Bytes.compare(value, o.value);
    }
  }

  boolean gteMin(byte[] member) {
    if (min.infinity != 0) {
      return min.infinity < 0;
    }
    int cmp = Bytes.compare(member, min.value);
    return min.exclusive ? cmp > 0 : cmp >= 0;
  }

  boolean lteMax(byte[] member) {
    if (max.infinity != 0) {
      return max.infinity > 0;
    }
    int cmp = Bytes.compare(member, max.value);
    return max.exclusive ? cmp < 0 : cmp <= 0;
  }

  /** True when no member can be in range whatever the set holds (min above max). */
  private boolean alwaysEmpty() {
    int cmp = min.compareTo(max);
    return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
  }

  /** Whether the range can overlap the set at all: Redis's check before searching. */
  private boolean overlaps(ZSetValue z) {
    int size = z.size();
    return !alwaysEmpty() && size > 0 && gteMin(z.memberAt(size - 1)) && lteMax(z.memberAt(0));
  }

  /** Rank where a skiplist descent for the minimum lands: members before it are below min. */
  int descendToMin(ZSetValue z) {
    return switch (min.infinity) {
      case -1 -> 0;
      case 1 -> z.size();
      default -> z.countMemberBelow(min.value, min.exclusive);
    };
  }

  /** Rank of the first member in range, or -1. */
  int first(ZSetValue z) {
    if (!overlaps(z)) {
      return -1;
    }
    int rank;
    if (z.isListpack()) {
      rank = 0;
      while (!gteMin(z.memberAt(rank))) {
        rank++; // stops at the last member at the latest: overlaps() checked it
      }
    } else {
      rank = descendToMin(z);
    }
    return lteMax(z.memberAt(rank)) ? rank : -1;
  }

  /** Rank of the last member in range, or -1. */
  int last(ZSetValue z) {
    if (!overlaps(z)) {
      return -1;
    }
    int rank;
    if (z.isListpack()) {
      rank = z.size() - 1;
      while (!lteMax(z.memberAt(rank))) {
        rank--; // stops at the first member at the latest
      }
    } else {
      rank =
          switch (max.infinity) {
                case 1 -> z.size();
                case -1 -> 0;
                default -> z.countMemberBelow(max.value, !max.exclusive);
              }
              - 1;
    }
    return gteMin(z.memberAt(rank)) ? rank : -1;
  }

  /** ZLEXCOUNT's count, computed as Redis computes it for each encoding. */
  int count(ZSetValue z) {
    int f = first(z);
    if (f < 0) {
      return 0;
    }
    if (z.isListpack()) {
      return z.walk(f, false, -1, (m, s) -> lteMax(m));
    }
    int size = z.size();
    int count = size - f;
    int l = last(z);
    if (l >= 0) {
      count -= size - (l + 1);
    }
    return count;
  }
}
