package io.banyan.node.command.strings;

import io.banyan.node.client.Client;
import io.banyan.node.command.Args;
import io.banyan.node.command.Lookup;
import io.banyan.node.command.model.Errors;
import io.banyan.node.resp.Reply;
import io.banyan.node.store.Bytes;
import io.banyan.node.store.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS: the longest common subsequence of two strings, by the classic dynamic-programming table.
 * With IDX it reports the matching ranges, walking the table back from the end the same way Redis
 * does (so ties resolve to the same ranges): on a mismatch it moves along the first string when
 * that keeps a strictly longer subsequence, otherwise along the second.
 */
final class LcsCommand {
  private LcsCommand() {}

  /** One reported match: inclusive ranges in both strings. */
  private record Match(int aStart, int aEnd, int bStart, int bEnd) {
    int length() {
      return aEnd - aStart + 1;
    }
  }

  static void lcs(Client c, byte[][] argv) {
    Object va = Lookup.read(c, argv[1]);
    Object vb = Lookup.read(c, argv[2]);
    if ((va != null && ValueType.of(va) != ValueType.STRING)
        || (vb != null && ValueType.of(vb) != ValueType.STRING)) {
      throw Errors.err("The specified keys must contain string values");
    }
    byte[] a = va == null ? Bytes.EMPTY : (byte[]) va;
    byte[] b = vb == null ? Bytes.EMPTY : (byte[]) vb;
    boolean idx = false;
    boolean len = false;
    boolean withMatchLen = false;
    long minMatchLen = 0;
    for (int j = 3; j < argv.length; j++) {
      byte[] opt = argv[j];
      if (Bytes.is(opt, "idx")) {
        idx = true;
      } else if (Bytes.is(opt, "len")) {
        len = true;
      } else if (Bytes.is(opt, "withmatchlen")) {
        withMatchLen = true;
      } else if (Bytes.is(opt, "minmatchlen") && j + 1 < argv.length) {
        minMatchLen = Math.max(0, Args.toLong(argv[++j]));
      } else {
        throw Errors.SYNTAX;
      }
    }
    if (idx && len) {
      throw Errors.err("If you want both the length and indexes, please just use IDX.");
    }
    int[] table = table(a, b);
    int width = b.length + 1;
    int total = table[a.length * width + b.length];
    Reply r = c.reply();
    if (len) {
      r.integer(total);
      return;
    }
    byte[] common = new byte[total];
    List<Match> matches = new ArrayList<>();
    backtrack(a, b, table, common, matches);
    if (!idx) {
      r.bulk(common);
      return;
    }
    r.map(2);
    r.bulk("matches");
    List<Match> shown = new ArrayList<>();
    for (Match m : matches) {
      if (minMatchLen == 0 || m.length() >= minMatchLen) {
        shown.add(m);
      }
    }
    r.array(shown.size());
    for (Match m : shown) {
      r.array(withMatchLen ? 3 : 2);
      r.array(2);
      r.integer(m.aStart);
      r.integer(m.aEnd);
      r.array(2);
      r.integer(m.bStart);
      r.integer(m.bEnd);
      if (withMatchLen) {
        r.integer(m.length());
      }
    }
    r.bulk("len");
    r.integer(total);
  }

  /** table[i * (|b|+1) + j] = LCS length of a[0..i) and b[0..j). */
  private static int[] table(byte[] a, byte[] b) {
    long cells = (long) (a.length + 1) * (b.length + 1);
    if (cells > Integer.MAX_VALUE - 8 || cells * 4 > Runtime.getRuntime().maxMemory() / 4) {
      throw Errors.err("Insufficient memory, failed allocating transient memory for LCS");
    }
    int width = b.length + 1;
    int[] t = new int[(int) cells];
    for (int i = 1; i <= a.length; i++) {
      int row = i * width;
      int prev = row - width;
      byte ai = a[i - 1];
      for (int j = 1; j <= b.length; j++) {
        t[row + j] = ai == b[j - 1] ? t[prev + j - 1] + 1 : Math.max(t[prev + j], t[row + j - 1]);
      }
    }
    return t;
  }

  /**
   * Walks back from the end, filling the common subsequence and collecting maximal runs of
   * consecutive matches (from the last to the first).
   */
  private static void backtrack(byte[] a, byte[] b, int[] t, byte[] common, List<Match> matches) {
    int width = b.length + 1;
    int i = a.length;
    int j = b.length;
    int k = common.length;
    int runAEnd = -1;
    int runAStart = -1;
    int runBEnd = -1;
    int runBStart = -1;
    while (i > 0 && j > 0) {
      boolean emit = false;
      if (a[i - 1] == b[j - 1]) {
        common[--k] = a[i - 1];
        if (runAStart < 0) {
          runAStart = runAEnd = i - 1;
          runBStart = runBEnd = j - 1;
        } else {
          // Consecutive matches always extend the run backwards in both strings.
          runAStart--;
          runBStart--;
        }
        emit = runAStart == 0 || runBStart == 0;
        i--;
        j--;
      } else {
        if (t[(i - 1) * width + j] > t[i * width + j - 1]) {
          i--;
        } else {
          j--;
        }
        emit = runAStart >= 0;
      }
      if (emit) {
        matches.add(new Match(runAStart, runAEnd, runBStart, runBEnd));
        runAStart = -1;
      }
    }
  }
}
