package io.banyan.node.store.type;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** SetValue against a HashSet model, across the intset/hashtable conversion. */
@ResourceLock(value = "EncodingLimits", mode = ResourceAccessMode.READ)
class SetValueTest {
  private static final int MAX_INTS = EncodingLimits.setMaxIntsetEntries;

  @Test
  void randomOperationsMatchAModelThroughTheConversion() {
    Random rnd = new Random(7);
    for (int round = 0; round < 20; round++) {
      SetValue s = new SetValue();
      Set<String> model = new HashSet<>();
      int keySpace = 50 + rnd.nextInt(1000);
      for (int op = 0; op < 3000; op++) {
        String member = randomMember(rnd, keySpace);
        switch (rnd.nextInt(4)) {
          case 0, 1 -> assertThat(s.add(Bytes.utf8(member))).isEqualTo(model.add(member));
          case 2 -> assertThat(s.remove(Bytes.utf8(member))).isEqualTo(model.remove(member));
          default -> assertThat(s.contains(Bytes.utf8(member))).isEqualTo(model.contains(member));
        }
        assertThat(s.size()).isEqualTo(model.size());
      }
      assertThat(contents(s)).isEqualTo(model);
      assertThat(s.memoryBytes()).isEqualTo(s.recomputedMemoryBytes());
    }
  }

  /** Mostly integers, sometimes near-integers that are not canonical, rarely words. */
  private static String randomMember(Random rnd, int keySpace) {
    int n = rnd.nextInt(keySpace) - keySpace / 4;
    return switch (rnd.nextInt(200)) {
      case 0 -> "w" + n;
      case 1 -> "0" + Math.abs(n);
      case 2 -> "+" + Math.abs(n);
      default -> Integer.toString(n);
    };
  }

  @Test
  void intsetIteratesInNumericOrderAndHandlesTheLongRange() {
    SetValue s = new SetValue();
    for (String m :
        List.of("10", "-3", "9223372036854775807", "-9223372036854775808", "0", "2", "10")) {
      s.add(Bytes.utf8(m));
    }
    assertThat(s.encoding()).isEqualTo("intset");
    assertThat(members(s))
        .containsExactly("-9223372036854775808", "-3", "0", "2", "10", "9223372036854775807");
    assertThat(s.contains(Bytes.utf8("010"))).isFalse();
    assertThat(s.contains(Bytes.utf8("-0"))).isFalse();
    assertThat(s.remove(Bytes.utf8("+2"))).isFalse();
    assertThat(s.remove(Bytes.utf8("2"))).isTrue();
  }

  @Test
  void nonCanonicalNumbersAndOverflowConvertToHashtable() {
    for (String m : List.of("abc", "007", "-0", "+1", " 1", "9223372036854775808", "1.0", "")) {
      SetValue s = new SetValue();
      s.add(Bytes.utf8("1"));
      s.add(Bytes.utf8(m));
      assertThat(s.encoding()).as(m).isEqualTo("hashtable");
      assertThat(s.contains(Bytes.utf8(m))).isTrue();
      assertThat(s.contains(Bytes.utf8("1"))).isTrue();
    }
  }

  @Test
  void convertsPastTheIntsetLimitAndNeverConvertsBack() {
    SetValue s = new SetValue();
    for (int i = 0; i < MAX_INTS; i++) {
      s.add(Bytes.fromLong(i));
    }
    assertThat(s.add(Bytes.fromLong(0))).isFalse();
    assertThat(s.encoding()).isEqualTo("intset");
    s.add(Bytes.fromLong(MAX_INTS));
    assertThat(s.encoding()).isEqualTo("hashtable");
    for (int i = 0; i < MAX_INTS; i++) {
      s.remove(Bytes.fromLong(i));
    }
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.encoding()).isEqualTo("hashtable");

    SetValue words = new SetValue();
    words.add(Bytes.utf8("a"));
    words.remove(Bytes.utf8("a"));
    words.add(Bytes.utf8("1"));
    assertThat(words.encoding()).isEqualTo("hashtable");
  }

  @Test
  void removeAllExceptRandomRebuildsTheSurvivorsLikeRedis() {
    SetValue s = new SetValue();
    for (int i = 0; i < 20; i++) {
      s.add(Bytes.fromLong(i));
    }
    s.add(Bytes.utf8("word"));
    assertThat(s.encoding()).isEqualTo("hashtable");
    Set<String> before = contents(s);
    List<byte[]> removed = s.removeAllExceptRandom(3);
    Set<String> removedSet = new HashSet<>();
    removed.forEach(m -> removedSet.add(Bytes.str(m)));
    assertThat(removed).hasSize(18);
    assertThat(s.size()).isEqualTo(3);
    Set<String> union = new HashSet<>(removedSet);
    union.addAll(contents(s));
    assertThat(union).isEqualTo(before);
    assertThat(removedSet).doesNotContainAnyElementsOf(contents(s));
    boolean survivorsAreInts = contents(s).stream().allMatch(m -> !m.equals("word"));
    assertThat(s.encoding()).isEqualTo(survivorsAreInts ? "intset" : "hashtable");
    assertThat(s.memoryBytes()).isEqualTo(s.recomputedMemoryBytes());
  }

  @Test
  void copyIsIndependentAndKeepsTheEncoding() {
    for (String extra : List.of("5", "word")) {
      SetValue s = new SetValue();
      s.add(Bytes.utf8("1"));
      s.add(Bytes.utf8(extra));
      SetValue copy = s.copy();
      assertThat(copy.encoding()).isEqualTo(s.encoding());
      assertThat(contents(copy)).isEqualTo(contents(s));
      assertThat(copy.memoryBytes()).isEqualTo(s.memoryBytes());
      copy.remove(Bytes.utf8("1"));
      copy.add(Bytes.utf8("2"));
      assertThat(contents(s)).containsExactlyInAnyOrder("1", extra);
    }
  }

  @Test
  void randomPicksEveryMemberInBothEncodings() {
    for (int n : new int[] {7, 2000}) {
      SetValue s = new SetValue();
      for (int i = 0; i < n; i++) {
        s.add(Bytes.fromLong(i));
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < n * 100; i++) {
        seen.merge(Bytes.str(s.random()), 1, Integer::sum);
      }
      assertThat(seen).hasSize(n);
    }
    assertThat(new SetValue().random()).isNull();
  }

  @Test
  void memoryEstimateGrowsAndShrinksWithTheMembers() {
    SetValue s = new SetValue();
    long empty = s.memoryBytes();
    for (int i = 0; i < 100; i++) {
      s.add(Bytes.utf8("member-" + i));
    }
    long full = s.memoryBytes();
    assertThat(full).isGreaterThan(empty + 100 * 16);
    for (int i = 0; i < 100; i++) {
      s.remove(Bytes.utf8("member-" + i));
    }
    assertThat(s.memoryBytes()).isLessThan(full);
    assertThat(s.memoryBytes()).isEqualTo(s.recomputedMemoryBytes());
  }

  private static Set<String> contents(SetValue s) {
    Set<String> out = new HashSet<>();
    s.forEach(m -> out.add(Bytes.str(m)));
    return out;
  }

  private static List<String> members(SetValue s) {
    List<String> out = new ArrayList<>();
    s.forEach(m -> out.add(Bytes.str(m)));
    return out;
  }
}
