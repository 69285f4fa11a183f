package io.banyan.node.command.zsets;

import io.banyan.node.client.Client;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.type.ZSetValue;

/** Reply shapes shared by the sorted-set commands. */
final class ZReplies {
  private ZReplies() {}

  /**
   * Members with ranks {@code from..to} (ascending ranks; visited downwards when reverse), with
   * their scores when asked: a flat member/score array in RESP2, an array of [member, score] pairs
   * in RESP3, as ZRANGE WITHSCORES answers.
   */
  static void range(Client c, ZSetValue z, int from, int to, boolean reverse, boolean withScores) {
    Reply r = c.reply();
    int n = Math.max(0, to - from + 1);
    r.array(withScores && !r.resp3() ? n * 2 : n);
    if (n == 0) {
      return;
    }
    if (!withScores) {
      z.visitRange(from, to, reverse, (m, s) -> r.bulk(m));
      return;
    }
    boolean nested = r.resp3();
    z.visitRange(from, to, reverse, (m, s) -> pair(r, m, s, nested));
  }

  /** A member and its score, as a two-element array when nested. */
  static void pair(Reply r, byte[] member, double score, boolean nested) {
    if (nested) {
      r.array(2);
    }
    r.bulk(member);
    r.dbl(score);
  }
}
