package io.banyan.node.store.type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.store.Bytes;
import io.banyan.node.store.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListValueTest {

  private static byte[] b(String s) {
    return Bytes.utf8(s);
  }

  private static List<String> contents(ListValue l) {
    List<String> out = new ArrayList<>();
    l.forEach(e -> out.add(Bytes.str(e)));
    return out;
  }

  @Test
  void reportsTypeAndRedis70Encoding() {
    ListValue l = new ListValue();
    assertThat(l.type()).isEqualTo(ValueType.LIST);
    assertThat(l.encoding()).isEqualTo("quicklist");
    for (int i = 0; i < 1000; i++) {
      l.addLast(b("x" + i));
    }
    assertThat(l.encoding()).isEqualTo("quicklist");
  }

  @Test
  void pushesAndPopsAtBothEndsAcrossTheWrapPoint() {
    ListValue l = new ListValue();
    for (int i = 0; i < 5; i++) {
      l.addLast(b("r" + i));
      l.addFirst(b("l" + i));
    }
    assertThat(contents(l))
        .containsExactly("l4", "l3", "l2", "l1", "l0", "r0", "r1", "r2", "r3", "r4");
    assertThat(Bytes.str(l.removeFirst())).isEqualTo("l4");
    assertThat(Bytes.str(l.removeLast())).isEqualTo("r4");
    assertThat(Bytes.str(l.get(0))).isEqualTo("l3");
    assertThat(Bytes.str(l.get(l.size() - 1))).isEqualTo("r3");
    assertThat(l.size()).isEqualTo(8);
  }

  @Test
  void emptyAndOutOfRangeAccessFailLoudly() {
    ListValue l = new ListValue();
    assertThat(l.isEmpty()).isTrue();
    assertThatThrownBy(l::removeFirst).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(l::removeLast).isInstanceOf(NoSuchElementException.class);
    l.addLast(b("a"));
    assertThatThrownBy(() -> l.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> l.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> l.insert(2, b("x"))).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> l.retainRange(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void removeOccurrencesHonoursCountDirection() {
    ListValue l = new ListValue();
    for (String s : "a b a c a b a".split(" ")) {
      l.addLast(b(s));
    }
    ListValue fromHead = l.copy();
    assertThat(fromHead.removeOccurrences(b("a"), 2)).isEqualTo(2);
    assertThat(contents(fromHead)).containsExactly("b", "c", "a", "b", "a");
    ListValue fromTail = l.copy();
    assertThat(fromTail.removeOccurrences(b("a"), -3)).isEqualTo(3);
    assertThat(contents(fromTail)).containsExactly("a", "b", "c", "b");
    ListValue all = l.copy();
    assertThat(all.removeOccurrences(b("a"), 0)).isEqualTo(4);
    assertThat(contents(all)).containsExactly("b", "c", "b");
    ListValue extreme = l.copy();
    assertThat(extreme.removeOccurrences(b("a"), Long.MIN_VALUE)).isEqualTo(4);
    assertThat(extreme.removeOccurrences(b("zz"), 0)).isZero();
    assertThat(contents(l)).hasSize(7); // copies are independent
  }

  @Test
  void copyIsDeepEnoughToDivergeFromTheOriginal() {
    ListValue l = new ListValue();
    l.addLast(b("a"));
    l.addLast(b("b"));
    ListValue c = l.copy();
    c.set(0, b("z"));
    c.addLast(b("c"));
    assertThat(contents(l)).containsExactly("a", "b");
    assertThat(contents(c)).containsExactly("z", "b", "c");
    assertThat(c.memoryBytes()).isEqualTo(c.recomputedMemoryBytes());
  }

  @Test
  void memoryGrowsWithElementsAndIsReleasedWhenTheListShrinks() {
    ListValue l = new ListValue();
    long empty = l.memoryBytes();
    for (int i = 0; i < 10_000; i++) {
      l.addLast(new byte[100]);
    }
    long full = l.memoryBytes();
    assertThat(full).isGreaterThan(empty + 10_000L * 100);
    assertThat(full).isEqualTo(l.recomputedMemoryBytes());
    while (l.size() > 3) {
      l.removeFirst();
    }
    assertThat(l.capacity()).isLessThanOrEqualTo(16);
    assertThat(l.memoryBytes()).isEqualTo(l.recomputedMemoryBytes()).isLessThan(empty + 1000);
    for (int i = 0; i < 10_000; i++) {
      l.addFirst(b("x"));
    }
    l.retainRange(10, 12);
    assertThat(l.size()).isEqualTo(2);
    assertThat(l.capacity()).isLessThanOrEqualTo(16);
    assertThat(l.memoryBytes()).isEqualTo(l.recomputedMemoryBytes());
  }

  @Test
  void elementEstimateCountsHeaderAndAlignedLength() {
    assertThat(ListValue.elementBytes(new byte[0])).isEqualTo(16);
    assertThat(ListValue.elementBytes(new byte[1])).isEqualTo(24);
    assertThat(ListValue.elementBytes(new byte[8])).isEqualTo(24);
    assertThat(ListValue.elementBytes(new byte[9])).isEqualTo(32);
  }

  /** Random operations mirrored on an ArrayList; contents and the memory estimate must agree. */
  @Test
  void randomOperationsMatchAnArrayListModel() {
    for (long seed = 1; seed <= 20; seed++) {
      runModel(new Random(seed), 4000);
    }
  }

  private static void runModel(Random rnd, int steps) {
    ListValue l = new ListValue();
    List<String> model = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      String v = "v" + rnd.nextInt(6) + "x".repeat(rnd.nextInt(20));
      int op = rnd.nextInt(12);
      // Bias towards growth early and shrinkage late so both resize paths run.
      if (step > steps / 2 && op < 3 && rnd.nextBoolean()) {
        op += 4;
      }
      switch (op) {
        case 0, 1 -> {
          l.addLast(b(v));
          model.add(v);
        }
        case 2, 3 -> {
          l.addFirst(b(v));
          model.add(0, v);
        }
        case 4 -> {
          if (!model.isEmpty()) {
            assertThat(Bytes.str(l.removeFirst())).isEqualTo(model.remove(0));
          }
        }
        case 5 -> {
          if (!model.isEmpty()) {
            assertThat(Bytes.str(l.removeLast())).isEqualTo(model.remove(model.size() - 1));
          }
        }
        case 6 -> {
          int i = rnd.nextInt(model.size() + 1);
          l.insert(i, b(v));
          model.add(i, v);
        }
        case 7 -> {
          if (!model.isEmpty()) {
            int i = rnd.nextInt(model.size());
            assertThat(Bytes.str(l.removeAt(i))).isEqualTo(model.remove(i));
          }
        }
        case 8 -> {
          if (!model.isEmpty()) {
            int i = rnd.nextInt(model.size());
            assertThat(Bytes.str(l.set(i, b(v)))).isEqualTo(model.set(i, v));
          }
        }
        case 9 -> {
          long count = rnd.nextInt(7) - 3;
          String target = "v" + rnd.nextInt(6);
          int removed = l.removeOccurrences(b(target), count);
          assertThat(removed).isEqualTo(modelRemove(model, target, count));
        }
        case 10 -> {
          if (rnd.nextInt(10) == 0) {
            int from = rnd.nextInt(model.size() + 1);
            int to = from + rnd.nextInt(model.size() - from + 1);
            l.retainRange(from, to);
            List<String> kept = new ArrayList<>(model.subList(from, to));
            model.clear();
            model.addAll(kept);
          }
        }
        default -> {
          if (!model.isEmpty()) {
            String target = model.get(rnd.nextInt(model.size()));
            int from = rnd.nextInt(model.size());
            int expected = model.subList(from, model.size()).indexOf(target);
            assertThat(l.indexOf(b(target), from)).isEqualTo(expected < 0 ? -1 : expected + from);
          }
        }
      }
      assertThat(l.size()).isEqualTo(model.size());
      assertThat(l.memoryBytes()).isEqualTo(l.recomputedMemoryBytes());
      if (step % 97 == 0) {
        assertThat(contents(l)).isEqualTo(model);
        for (int i = 0; i < model.size(); i++) {
          assertThat(Bytes.str(l.get(i))).isEqualTo(model.get(i));
        }
      }
    }
    assertThat(contents(l)).isEqualTo(model);
    assertThat(contents(l.copy())).isEqualTo(model);
  }

  private static int modelRemove(List<String> model, String target, long count) {
    int removed = 0;
    if (count >= 0) {
      for (int i = 0; i < model.size() && (count == 0 || removed < count); ) {
        if (model.get(i).equals(target)) {
          model.remove(i);
          removed++;
        } else {
          i++;
        }
      }
    } else {
      Collections.reverse(model);
      removed = modelRemove(model, target, -count);
      Collections.reverse(model);
    }
    return removed;
  }
}
