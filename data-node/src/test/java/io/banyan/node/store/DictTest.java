package io.banyan.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DictTest {
  static final class Node extends Dict.Node<Node> {
    int value;

    Node(String key, int value) {
      super(key.getBytes(StandardCharsets.UTF_8));
      this.value = value;
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void behavesLikeAMapUnderRandomOperationsAcrossResizes() {
    Random rnd = new Random(42);
    Dict<Node> dict = new Dict<>();
    Map<String, Integer> model = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      String k = "k" + rnd.nextInt(20_000);
      switch (rnd.nextInt(4)) {
        case 0, 1 -> {
          if (dict.get(b(k)) == null) {
            dict.insert(new Node(k, i));
          } else {
            dict.get(b(k)).value = i;
          }
          model.put(k, i);
        }
        case 2 -> {
          Node removed = dict.remove(b(k));
          Integer expected = model.remove(k);
          assertThat(removed == null ? null : removed.value).isEqualTo(expected);
        }
        default -> {
          Node n = dict.get(b(k));
          assertThat(n == null ? null : n.value).isEqualTo(model.get(k));
        }
      }
      assertThat(dict.size()).isEqualTo(model.size());
    }
  }

  @Test
  void scanReturnsEveryElementPresentThroughoutDespiteGrowthAndShrinking() {
    Dict<Node> dict = new Dict<>();
    Set<String> stable = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      dict.insert(new Node("s" + i, i));
      stable.add("s" + i);
    }
    Set<String> seen = new HashSet<>();
    long cursor = 0;
    int step = 0;
    do {
      cursor = dict.scan(cursor, n -> seen.add(new String(n.key, StandardCharsets.UTF_8)));
      // Churn between calls: grow a lot, then shrink, forcing rehashes mid-scan.
      if (step < 20) {
        for (int i = 0; i < 500; i++) {
          dict.insert(new Node("g" + step + "-" + i, i));
        }
      } else if (step < 40) {
        for (int i = 0; i < 500; i++) {
          dict.remove(b("g" + (step - 20) + "-" + i));
        }
      }
      step++;
    } while (cursor != 0);
    assertThat(seen).containsAll(stable);
  }

  @Test
  void randomEventuallyReturnsEveryElement() {
    Dict<Node> dict = new Dict<>();
    for (int i = 0; i < 50; i++) {
      dict.insert(new Node("r" + i, i));
    }
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 20_000 && seen.size() < 50; i++) {
      seen.add(dict.random().value);
    }
    assertThat(seen).hasSize(50);
  }

  @Test
  void replaceKeepsSizeAndReturnsThePreviousNode() {
    Dict<Node> dict = new Dict<>();
    dict.insert(new Node("a", 1));
    Node old = dict.replace(new Node("a", 2));
    assertThat(old.value).isEqualTo(1);
    assertThat(dict.get(b("a")).value).isEqualTo(2);
    assertThat(dict.size()).isEqualTo(1);
    assertThat(dict.replace(new Node("b", 3))).isNull();
    assertThat(dict.size()).isEqualTo(2);
  }
}
