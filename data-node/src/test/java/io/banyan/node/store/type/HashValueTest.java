package io.banyan.node.store.type;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** HashValue against a LinkedHashMap model, across the listpack/hashtable conversion. */
@ResourceLock(value = "EncodingLimits", mode = ResourceAccessMode.READ)
class HashValueTest {
  private static final int MAX_ENTRIES = EncodingLimits.hashMaxListpackEntries;
  private static final int MAX_VALUE = EncodingLimits.hashMaxListpackValue;

  @Test
  void randomOperationsMatchAModelThroughTheConversion() {
    Random rnd = new Random(42);
    for (int round = 0; round < 20; round++) {
      HashValue h = new HashValue();
      LinkedHashMap<String, String> model = new LinkedHashMap<>();
      int keySpace = 10 + rnd.nextInt(300);
      for (int op = 0; op < 2000; op++) {
        String field = "f" + rnd.nextInt(keySpace);
        switch (rnd.nextInt(4)) {
          case 0, 1 -> {
            String value = rnd.nextInt(400) == 0 ? "v".repeat(MAX_VALUE + 1) : "v" + op;
            boolean isNew = !model.containsKey(field);
            model.put(field, value);
            assertThat(h.put(Bytes.utf8(field), Bytes.utf8(value))).isEqualTo(isNew);
          }
          case 2 -> {
            boolean present = model.remove(field) != null;
            assertThat(h.remove(Bytes.utf8(field))).isEqualTo(present);
          }
          default -> {
            String expected = model.get(field);
            byte[] got = h.get(Bytes.utf8(field));
            assertThat(got == null ? null : Bytes.str(got)).isEqualTo(expected);
            assertThat(h.containsField(Bytes.utf8(field))).isEqualTo(expected != null);
          }
        }
        assertThat(h.size()).isEqualTo(model.size());
      }
      assertThat(contents(h)).isEqualTo(model);
      if (h.isListpack()) {
        assertThat(orderOf(h)).containsExactlyElementsOf(model.keySet());
      }
      assertThat(h.memoryBytes()).isEqualTo(h.recomputedMemoryBytes());
    }
  }

  @Test
  void listpackKeepsInsertionOrderAcrossUpdatesAndRemovals() {
    HashValue h = new HashValue();
    for (String f : List.of("c", "a", "b", "d")) {
      h.put(Bytes.utf8(f), Bytes.utf8("1"));
    }
    h.put(Bytes.utf8("a"), Bytes.utf8("2"));
    h.remove(Bytes.utf8("b"));
    h.put(Bytes.utf8("b"), Bytes.utf8("3"));
    assertThat(orderOf(h)).containsExactly("c", "a", "d", "b");
    assertThat(h.encoding()).isEqualTo("listpack");
  }

  @Test
  void convertsWhenEntriesExceedTheLimitAndNeverConvertsBack() {
    HashValue h = new HashValue();
    for (int i = 0; i < MAX_ENTRIES; i++) {
      h.put(Bytes.utf8("f" + i), Bytes.utf8("v"));
    }
    assertThat(h.encoding()).isEqualTo("listpack");
    h.put(Bytes.utf8("f0"), Bytes.utf8("updated")); // an update does not add an entry
    assertThat(h.encoding()).isEqualTo("listpack");
    h.put(Bytes.utf8("one-more"), Bytes.utf8("v"));
    assertThat(h.encoding()).isEqualTo("hashtable");
    assertThat(h.size()).isEqualTo(MAX_ENTRIES + 1);
    for (int i = 1; i < MAX_ENTRIES; i++) {
      h.remove(Bytes.utf8("f" + i));
    }
    assertThat(h.size()).isEqualTo(2);
    assertThat(h.encoding()).isEqualTo("hashtable");
    assertThat(Bytes.str(h.get(Bytes.utf8("f0")))).isEqualTo("updated");
  }

  @Test
  void convertsOnALongFieldOrValueButNotAtTheLimitItself() {
    HashValue atLimit = new HashValue();
    atLimit.put(Bytes.utf8("f".repeat(MAX_VALUE)), Bytes.utf8("v".repeat(MAX_VALUE)));
    assertThat(atLimit.encoding()).isEqualTo("listpack");

    HashValue longValue = new HashValue();
    longValue.put(Bytes.utf8("a"), Bytes.utf8("1"));
    longValue.put(Bytes.utf8("a"), Bytes.utf8("v".repeat(MAX_VALUE + 1)));
    assertThat(longValue.encoding()).isEqualTo("hashtable");
    longValue.put(Bytes.utf8("a"), Bytes.utf8("short"));
    assertThat(longValue.encoding()).isEqualTo("hashtable");

    HashValue longField = new HashValue();
    longField.put(Bytes.utf8("f".repeat(MAX_VALUE + 1)), Bytes.utf8("1"));
    assertThat(longField.encoding()).isEqualTo("hashtable");
  }

  @Test
  void copyIsIndependentAndKeepsTheEncoding() {
    for (int n : new int[] {3, MAX_ENTRIES + 5}) {
      HashValue h = new HashValue();
      for (int i = 0; i < n; i++) {
        h.put(Bytes.utf8("f" + i), Bytes.utf8("v" + i));
      }
      HashValue copy = h.copy();
      assertThat(copy.encoding()).isEqualTo(h.encoding());
      assertThat(contents(copy)).isEqualTo(contents(h));
      assertThat(copy.memoryBytes()).isEqualTo(h.memoryBytes());
      copy.put(Bytes.utf8("f0"), Bytes.utf8("changed"));
      copy.remove(Bytes.utf8("f1"));
      assertThat(Bytes.str(h.get(Bytes.utf8("f0")))).isEqualTo("v0");
      assertThat(h.containsField(Bytes.utf8("f1"))).isTrue();
    }
  }

  @Test
  void memoryEstimateFollowsTheContents() {
    HashValue h = new HashValue();
    long empty = h.memoryBytes();
    h.put(Bytes.utf8("f"), Bytes.utf8("x".repeat(40)));
    long small = h.memoryBytes();
    assertThat(small).isGreaterThan(empty);
    h.put(Bytes.utf8("f"), Bytes.utf8("x".repeat(10_000)));
    assertThat(h.memoryBytes()).isGreaterThan(small + 9_000);
    h.remove(Bytes.utf8("f"));
    assertThat(h.memoryBytes()).isLessThan(small);
    assertThat(h.memoryBytes()).isEqualTo(h.recomputedMemoryBytes());
  }

  @Test
  void randomPicksEveryEntryInBothEncodings() {
    for (int n : new int[] {5, MAX_ENTRIES * 2}) {
      HashValue h = new HashValue();
      for (int i = 0; i < n; i++) {
        h.put(Bytes.utf8("f" + i), Bytes.utf8("v" + i));
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < n * 60; i++) {
        HashValue.Pair p = h.random();
        assertThat(Bytes.str(p.value())).isEqualTo("v" + Bytes.str(p.field()).substring(1));
        seen.merge(Bytes.str(p.field()), 1, Integer::sum);
      }
      assertThat(seen).hasSize(n);
    }
    assertThat(new HashValue().random()).isNull();
  }

  @Test
  void hashtableScanVisitsEveryEntryAcrossCursorCalls() {
    HashValue h = new HashValue();
    for (int i = 0; i < 1000; i++) {
      h.put(Bytes.utf8("f" + i), Bytes.utf8("v"));
    }
    Map<String, Integer> seen = new HashMap<>();
    long cursor = 0;
    int calls = 0;
    do {
      cursor = h.scan(cursor, (f, v) -> seen.merge(Bytes.str(f), 1, Integer::sum));
      calls++;
    } while (cursor != 0);
    assertThat(seen).hasSize(1000);
    assertThat(calls).isGreaterThan(1);
  }

  @Test
  void listpackScanReturnsEverythingWithCursorZero() {
    HashValue h = new HashValue();
    h.put(Bytes.utf8("a"), Bytes.utf8("1"));
    h.put(Bytes.utf8("b"), Bytes.utf8("2"));
    List<String> seen = new ArrayList<>();
    assertThat(h.scan(12345, (f, v) -> seen.add(Bytes.str(f) + "=" + Bytes.str(v)))).isZero();
    assertThat(seen).containsExactly("a=1", "b=2");
  }

  private static Map<String, String> contents(HashValue h) {
    Map<String, String> m = new HashMap<>();
    h.forEach((f, v) -> m.put(Bytes.str(f), Bytes.str(v)));
    return m;
  }

  private static List<String> orderOf(HashValue h) {
    List<String> order = new ArrayList<>();
    h.forEach((f, v) -> order.add(Bytes.str(f)));
    return order;
  }
}
