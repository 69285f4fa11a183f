package io.banyan.node.store.type;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ZSetValue in both encodings against a TreeMap model, with random operations. */
@ResourceLock(value = "EncodingLimits", mode = ResourceAccessMode.READ)
class ZSetValueTest {
  /** One model element; ordered as the sorted set orders (score with -0 == 0, then bytes). */
  private record El(double score, String member) {}

  private static final Comparator<El> ORDER =
      (a, b) -> {
        if (a.score < b.score) {
          return -1;
        }
        if (a.score > b.score) {
          return 1;
        }
        return Bytes.compare(b(a.member), b(b.member));
      };

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The model: ordered elements plus member → score. */
  private static final class Model {
    final TreeMap<El, Boolean> ordered = new TreeMap<>(ORDER);
    final Map<String, Double> scores = new HashMap<>();

    boolean add(String m, double s) {
      Double old = scores.put(m, s);
      if (old != null) {
        ordered.remove(new El(old, m));
      }
      ordered.put(new El(s, m), true);
      return old == null;
    }

    boolean remove(String m) {
      Double old = scores.remove(m);
      if (old == null) {
        return false;
      }
      ordered.remove(new El(old, m));
      return true;
    }

    List<El> list() {
      return new ArrayList<>(ordered.keySet());
    }
  }

  private static List<El> contents(ZSetValue z) {
    List<El> out = new ArrayList<>();
    z.forEach((m, s) -> out.add(new El(s, Bytes.str(m))));
    return out;
  }

  private static ZSetValue create(boolean skiplist) {
    return skiplist ? new ZSetValue(Integer.MAX_VALUE, 0) : new ZSetValue();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void randomOperationsMatchTheModel(boolean skiplist) {
    Random rnd = new Random(skiplist ? 42 : 7);
    for (int round = 0; round < 20; round++) {
      ZSetValue z = create(skiplist);
      Model model = new Model();
      int universe = 20 + rnd.nextInt(400);
      for (int op = 0; op < 2000; op++) {
        String m = "m" + rnd.nextInt(universe);
        double s = rnd.nextInt(10) == 0 ? rnd.nextGaussian() * 1000 : rnd.nextInt(30) - 10;
        switch (rnd.nextInt(10)) {
          case 0, 1, 2, 3, 4 -> assertThat(z.add(b(m), s)).isEqualTo(model.add(m, s));
          case 5, 6 -> assertThat(z.remove(b(m))).isEqualTo(model.remove(m));
          case 7 -> {
            List<El> l = model.list();
            if (!l.isEmpty()) {
              int start = rnd.nextInt(l.size());
              int count = 1 + rnd.nextInt(Math.min(5, l.size() - start));
              List<El> removed = new ArrayList<>();
              int n =
                  z.removeRange(start, count, (mm, ss) -> removed.add(new El(ss, Bytes.str(mm))));
              assertThat(n).isEqualTo(count);
              assertThat(removed).isEqualTo(l.subList(start, start + count));
              removed.forEach(e -> model.remove(e.member));
            }
          }
          default -> checkQueries(z, model, rnd);
        }
        assertThat(z.size()).isEqualTo(model.scores.size());
      }
      assertThat(contents(z)).isEqualTo(model.list());
      checkQueries(z, model, rnd);
    }
  }

  private static void checkQueries(ZSetValue z, Model model, Random rnd) {
    List<El> l = model.list();
    for (int i = 0; i < l.size(); i += 1 + rnd.nextInt(7)) {
      El e = l.get(i);
      assertThat(z.rank(b(e.member))).isEqualTo(i);
      assertThat(z.score(b(e.member))).isEqualTo(e.score);
      assertThat(Bytes.str(z.memberAt(i))).isEqualTo(e.member);
      assertThat(z.scoreAt(i)).isEqualTo(e.score);
    }
    assertThat(z.rank(b("absent"))).isEqualTo(-1);
    assertThat(z.score(b("absent"))).isNull();
    double bound = rnd.nextInt(30) - 10;
    boolean inclusive = rnd.nextBoolean();
    long expected =
        l.stream().filter(e -> e.score < bound || (inclusive && e.score == bound)).count();
    assertThat(z.countScoreBelow(bound, inclusive)).isEqualTo((int) expected);
    if (!l.isEmpty()) {
      int from = rnd.nextInt(l.size());
      int to = from + rnd.nextInt(l.size() - from);
      boolean reverse = rnd.nextBoolean();
      List<El> seen = new ArrayList<>();
      z.visitRange(from, to, reverse, (m, s) -> seen.add(new El(s, Bytes.str(m))));
      List<El> want = new ArrayList<>(l.subList(from, to + 1));
      if (reverse) {
        java.util.Collections.reverse(want);
      }
      assertThat(seen).isEqualTo(want);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void lexicographicRanksWhenAllScoresAreEqual(boolean skiplist) {
    Random rnd = new Random(3);
    ZSetValue z = create(skiplist);
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String m = Integer.toString(rnd.nextInt(1000), 36);
      if (z.add(b(m), 0)) {
        members.add(m);
      }
    }
    members.sort((x, y) -> Bytes.compare(b(x), b(y)));
    for (String probe : List.of("", "0", "a", "k", "zz", members.get(10), members.get(50))) {
      long below = members.stream().filter(m -> Bytes.compare(b(m), b(probe)) < 0).count();
      long notAfter = members.stream().filter(m -> Bytes.compare(b(m), b(probe)) <= 0).count();
      assertThat(z.countMemberBelow(b(probe), false)).isEqualTo((int) below);
      assertThat(z.countMemberBelow(b(probe), true)).isEqualTo((int) notAfter);
    }
  }

  @Test
  void convertsToSkiplistPastTheEntryLimitAndKeepsOrder() {
    ZSetValue z = new ZSetValue();
    int limit = EncodingLimits.zsetMaxListpackEntries;
    for (int i = 0; i < limit; i++) {
      z.add(b("m" + i), limit - i);
    }
    assertThat(z.encoding()).isEqualTo("listpack");
    z.add(b("m0"), 0.5); // an update does not grow the set
    assertThat(z.encoding()).isEqualTo("listpack");
    z.add(b("extra"), -1);
    assertThat(z.encoding()).isEqualTo("skiplist");
    assertThat(z.size()).isEqualTo(limit + 1);
    assertThat(Bytes.str(z.memberAt(0))).isEqualTo("extra");
    assertThat(Bytes.str(z.memberAt(1))).isEqualTo("m0");
    for (int i = 0; i < limit; i++) {
      z.remove(b("m" + i));
    }
    assertThat(z.encoding()).isEqualTo("skiplist"); // one-way
  }

  @Test
  void convertsToSkiplistForALongMember() {
    ZSetValue z = new ZSetValue();
    z.add(b("short"), 1);
    z.add(b("x".repeat(EncodingLimits.zsetMaxListpackValue)), 2);
    assertThat(z.encoding()).isEqualTo("listpack");
    z.add(b("y".repeat(EncodingLimits.zsetMaxListpackValue + 1)), 3);
    assertThat(z.encoding()).isEqualTo("skiplist");
    assertThat(z.rank(b("y".repeat(EncodingLimits.zsetMaxListpackValue + 1)))).isEqualTo(2);
  }

  @Test
  void negativeZeroIsKeptOnlyByTheSkiplistAndEqualsZero() {
    ZSetValue lp = new ZSetValue();
    lp.add(b("a"), -0.0);
    assertThat(1 / lp.score(b("a"))).isPositive();
    ZSetValue sl = create(true);
    sl.add(b("a"), -0.0);
    assertThat(1 / sl.score(b("a"))).isNegative();
    sl.add(b("b"), 0.0);
    sl.add(b("0"), 0.0);
    assertThat(sl.rank(b("a"))).isEqualTo(1); // tie on score, ordered by member
    assertThat(sl.add(b("a"), 0.0)).isFalse();
    assertThat(1 / sl.score(b("a"))).isNegative(); // same score: no update
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void copyIsDeepAndKeepsTheEncoding(boolean skiplist) {
    ZSetValue z = create(skiplist);
    for (int i = 0; i < 50; i++) {
      z.add(b("m" + i), i % 7);
    }
    ZSetValue c = z.copy();
    assertThat(c.encoding()).isEqualTo(z.encoding());
    assertThat(contents(c)).isEqualTo(contents(z));
    c.add(b("new"), 1);
    c.remove(b("m1"));
    assertThat(z.size()).isEqualTo(50);
    assertThat(z.score(b("new"))).isNull();
    assertThat(z.score(b("m1"))).isEqualTo(1.0);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void memoryEstimateGrowsAndShrinksWithTheContents(boolean skiplist) {
    ZSetValue z = create(skiplist);
    long empty = z.memoryBytes();
    for (int i = 0; i < 100; i++) {
      z.add(b("member-" + i), i);
    }
    long full = z.memoryBytes();
    assertThat(full).isGreaterThan(empty + 100 * 16);
    z.removeRange(0, 90, null);
    assertThat(z.memoryBytes()).isLessThan(full);
    z.removeRange(0, 10, null);
    assertThat(z.size()).isZero();
  }

  @Test
  void scanReturnsScoresInTheEncodingsTextForm() {
    ZSetValue lp = new ZSetValue();
    ZSetValue sl = create(true);
    for (ZSetValue z : List.of(lp, sl)) {
      z.add(b("a"), 123456789012345678d);
      z.add(b("b"), 0.1);
      z.add(b("c"), Double.POSITIVE_INFINITY);
    }
    Map<String, String> lpSeen = new HashMap<>();
    assertThat(lp.scan(0, (m, s) -> lpSeen.put(Bytes.str(m), Bytes.str(s)))).isZero();
    assertThat(lpSeen)
        .containsEntry("a", "123456789012345680")
        .containsEntry("b", "0.10000000000000001")
        .containsEntry("c", "inf");
    Map<String, String> slSeen = new HashMap<>();
    long cursor = 0;
    do {
      cursor = sl.scan(cursor, (m, s) -> slSeen.put(Bytes.str(m), Bytes.str(s)));
    } while (cursor != 0);
    assertThat(slSeen)
        .containsEntry("a", "1.2345678901234568e+17")
        .containsEntry("b", "0.10000000000000001")
        .containsEntry("c", "inf");
  }

  @Test
  void skiplistSpansStayConsistentUnderScoreUpdates() {
    Random rnd = new Random(11);
    ZSkipList sl = new ZSkipList();
    Map<String, ZSkipList.Node> nodes = new HashMap<>();
    TreeMap<El, Boolean> model = new TreeMap<>(ORDER);
    for (int i = 0; i < 300; i++) {
      String m = "n" + i;
      ZSkipList.Node n = new ZSkipList.Node(b(m), rnd.nextInt(50), ZSkipList.randomLevel());
      sl.insert(n);
      nodes.put(m, n);
      model.put(new El(n.score, m), true);
    }
    for (int i = 0; i < 3000; i++) {
      String m = "n" + rnd.nextInt(300);
      ZSkipList.Node n = nodes.get(m);
      model.remove(new El(n.score, m));
      double s = n.score + (rnd.nextInt(5) - 2) * (rnd.nextBoolean() ? 1 : 0.001);
      sl.updateScore(n, s);
      model.put(new El(s, m), true);
      if (i % 100 == 0) {
        List<El> l = new ArrayList<>(model.keySet());
        for (int r = 0; r < l.size(); r++) {
          ZSkipList.Node at = sl.byRank(r);
          assertThat(new El(at.score, Bytes.str(at.key))).isEqualTo(l.get(r));
          assertThat(sl.rank(at.score, at.key)).isEqualTo(r);
        }
      }
    }
    assertThat(sl.size()).isEqualTo(300);
    assertThat(sl.byRank(300)).isNull();
    assertThat(sl.rank(1e9, b("zz"))).isEqualTo(-1);
  }
}
