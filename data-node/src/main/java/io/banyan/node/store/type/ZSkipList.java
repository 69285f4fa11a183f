package io.banyan.node.store.type;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.Dict;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A skiplist of (score, member) ordered by score, then by member bytes (unsigned), as Redis's
 * zskiplist: every forward link records its span (how many elements it skips) so that rank lookups
 * and rank-addressed access take O(log n); a backward link on level 0 allows reverse walks.
 *
 * <p>Nodes double as the member dictionary's nodes ({@link Dict.Node}), so a sorted set holds one
 * object per member for both structures. Scores compare with primitive operators, so {@code -0.0}
 * and {@code 0.0} are the same score, as in C.
 *
 * <p>Ranks in this class are 0-based.
 */
final class ZSkipList {
  static final int MAX_LEVEL = 32;

  /** Chance of promoting a node one more level (Redis uses 1/4). */
  private static final int PROMOTE_ONE_IN = 4;

  /** One element: its member (the dict key), score, and per-level links. */
  static final class Node extends Dict.Node<Node> {
    double score;
    Node backward;

    // Level 0 lives in the node itself; only the quarter of nodes promoted higher carry arrays.
    // Most steps of a search land on level 0, so this saves a dependent memory load per step and
    // two objects per member for most members.
    private Node next0;
    private int span0;
    private final Node[] upperForward;
    private final int[] upperSpan;

    Node(byte[] member, double score, int level) {
      super(member);
      this.score = score;
      this.upperForward = level > 1 ? new Node[level - 1] : null;
      this.upperSpan = level > 1 ? new int[level - 1] : null;
    }

    Node forward(int i) {
      return i == 0 ? next0 : upperForward[i - 1];
    }

    void setForward(int i, Node n) {
      if (i == 0) {
        next0 = n;
      } else {
        upperForward[i - 1] = n;
      }
    }

    int span(int i) {
      return i == 0 ? span0 : upperSpan[i - 1];
    }

    void setSpan(int i, int s) {
      if (i == 0) {
        span0 = s;
      } else {
        upperSpan[i - 1] = s;
      }
    }

    byte[] member() {
      return key;
    }

    int level() {
      return upperForward == null ? 1 : upperForward.length + 1;
    }
  }

  private final Node header = new Node(Bytes.EMPTY, 0, MAX_LEVEL);
  private Node tail;
  private int level = 1;
  private int length;

  int size() {
    return length;
  }

  Node first() {
    return header.forward(0);
  }

  Node last() {
    return tail;
  }

  static int randomLevel() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    int lvl = 1;
    while (lvl < MAX_LEVEL && rnd.nextInt(PROMOTE_ONE_IN) == 0) {
      lvl++;
    }
    return lvl;
  }

  /** True when (score, member) of node orders strictly before (score, member). */
  private static boolean before(Node node, double score, byte[] member) {
    return node.score < score || (node.score == score && Bytes.compare(node.key, member) < 0);
  }

  /** Links a node (not yet in the list, member not present) at its ordered place. */
  void insert(Node node) {
    Node[] update = new Node[MAX_LEVEL];
    int[] rank = new int[MAX_LEVEL];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      rank[i] = (i == level - 1) ? 0 : rank[i + 1];
      while (x.forward(i) != null && before(x.forward(i), node.score, node.key)) {
        rank[i] += x.span(i);
        x = x.forward(i);
      }
      update[i] = x;
    }
    int lvl = node.level();
    if (lvl > level) {
      for (int i = level; i < lvl; i++) {
        rank[i] = 0;
        update[i] = header;
        header.setSpan(i, length);
      }
      level = lvl;
    }
    for (int i = 0; i < lvl; i++) {
      node.setForward(i, update[i].forward(i));
      update[i].setForward(i, node);
      // The new node sits (rank[0] - rank[i]) positions after update[i].
      node.setSpan(i, update[i].span(i) - (rank[0] - rank[i]));
      update[i].setSpan(i, (rank[0] - rank[i]) + 1);
    }
    for (int i = lvl; i < level; i++) {
      update[i].setSpan(i, update[i].span(i) + 1);
    }
    node.backward = (update[0] == header) ? null : update[0];
    if (node.forward(0) != null) {
      node.forward(0).backward = node;
    } else {
      tail = node;
    }
    length++;
  }

  /** Unlinks the node that holds (score, member); returns it, or null when absent. */
  Node delete(double score, byte[] member) {
    Node[] update = new Node[MAX_LEVEL];
    Node x = header;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward(i) != null && before(x.forward(i), score, member)) {
        x = x.forward(i);
      }
      update[i] = x;
    }
    x = x.forward(0);
    if (x != null && x.score == score && Bytes.equal(x.key, member)) {
      unlink(x, update);
      return x;
    }
    return null;
  }

  private void unlink(Node x, Node[] update) {
    for (int i = 0; i < level; i++) {
      if (update[i].forward(i) == x) {
        update[i].setSpan(i, update[i].span(i) + x.span(i) - 1);
        update[i].setForward(i, x.forward(i));
      } else {
        update[i].setSpan(i, update[i].span(i) - 1);
      }
    }
    if (x.forward(0) != null) {
      x.forward(0).backward = x.backward;
    } else {
      tail = x.backward;
    }
    while (level > 1 && header.forward(level - 1) == null) {
      level--;
    }
    length--;
    x.backward = null;
    for (int i = 0; i < x.level(); i++) {
      x.setForward(i, null);
      x.setSpan(i, 0);
    }
  }

  /**
   * Changes the score of a node already in the list, keeping the node object (the member dict
   * refers to it). When the node stays between its neighbours only the score changes.
   */
  void updateScore(Node node, double newScore) {
    Node prev = node.backward;
    Node next = node.forward(0);
    boolean staysInPlace =
        (prev == null || before(prev, newScore, node.key))
            && (next == null || !before(next, newScore, node.key));
    if (staysInPlace) {
      node.score = newScore;
      return;
    }
    delete(node.score, node.key);
    node.score = newScore;
    insert(node);
  }

  /** 0-based rank of the node holding (score, member), or -1 when absent. */
  int rank(double score, byte[] member) {
    Node x = header;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward(i) != null
          && (before(x.forward(i), score, member)
              || (x.forward(i).score == score && Bytes.equal(x.forward(i).key, member)))) {
        traversed += x.span(i);
        x = x.forward(i);
      }
      if (x != header && x.score == score && Bytes.equal(x.key, member)) {
        return traversed - 1;
      }
    }
    return -1;
  }

  /** The node at a 0-based rank, or null when out of range. */
  Node byRank(int rank) {
    if (rank < 0 || rank >= length) {
      return null;
    }
    int target = rank + 1;
    Node x = header;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward(i) != null && traversed + x.span(i) <= target) {
        traversed += x.span(i);
        x = x.forward(i);
      }
      if (traversed == target) {
        return x;
      }
    }
    return null;
  }

  /** Number of elements whose score is below {@code score} (or not above it, with inclusive). */
  int countScoreBelow(double score, boolean inclusive) {
    Node x = header;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward(i) != null
          && (x.forward(i).score < score || (inclusive && x.forward(i).score == score))) {
        traversed += x.span(i);
        x = x.forward(i);
      }
    }
    return traversed;
  }

  /**
   * Number of elements whose member sorts before {@code member} (or not after it, with inclusive);
   * meaningful when all scores are equal, as lexicographic ranges assume.
   */
  int countMemberBelow(byte[] member, boolean inclusive) {
    Node x = header;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward(i) != null) {
        int cmp = Bytes.compare(x.forward(i).key, member);
        if (cmp < 0 || (inclusive && cmp == 0)) {
          traversed += x.span(i);
          x = x.forward(i);
        } else {
          break;
        }
      }
    }
    return traversed;
  }

  /**
   * Unlinks {@code count} consecutive elements starting at a 0-based rank, handing each removed
   * node to {@code removed} (so the caller can drop it from the member dict).
   */
  void deleteRange(int start, int count, Consumer<Node> removed) {
    Node[] update = new Node[MAX_LEVEL];
    Node x = header;
    int traversed = 0;
    for (int i = level - 1; i >= 0; i--) {
      while (x.forward(i) != null && traversed + x.span(i) <= start) {
        traversed += x.span(i);
        x = x.forward(i);
      }
      update[i] = x;
    }
    // The update vector stays valid while consecutive nodes are removed after it.
    x = x.forward(0);
    for (int n = 0; n < count && x != null; n++) {
      Node next = x.forward(0);
      unlink(x, update);
      removed.accept(x);
      x = next;
    }
  }
}
