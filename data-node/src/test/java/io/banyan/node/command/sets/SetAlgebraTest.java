package io.banyan.node.command.sets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.hashes.CollectionTestBase;
import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class SetAlgebraTest extends CollectionTestBase {
  @Test
  void intersectionUnionAndDifference() {
    Jedis j = jedis();
    j.sadd("a", "1", "2", "3", "x");
    j.sadd("b", "2", "3", "4", "x");
    j.sadd("c", "3", "x", "9");
    assertThat(j.sinter("a", "b", "c")).containsExactlyInAnyOrder("3", "x");
    assertThat(j.sinter("a")).containsExactlyInAnyOrder("1", "2", "3", "x");
    assertThat(j.sinter("a", "nokey")).isEmpty();
    assertThat(j.sunion("a", "b", "nokey")).containsExactlyInAnyOrder("1", "2", "3", "4", "x");
    assertThat(j.sunion("nokey")).isEmpty();
    assertThat(j.sdiff("a", "b")).containsExactlyInAnyOrder("1");
    assertThat(j.sdiff("b", "a", "c")).containsExactlyInAnyOrder("4");
    assertThat(j.sdiff("a", "nokey")).containsExactlyInAnyOrder("1", "2", "3", "x");
    assertThat(j.sdiff("nokey", "a")).isEmpty();
    assertThat(j.sdiff("a", "a")).isEmpty();
  }

  @Test
  void integerResultsComeBackSortedBecauseTheyAreBuiltAsIntsets() {
    RespClient c = resp();
    c.call("SADD", "a", "30", "10", "x", "20");
    c.call("SADD", "b", "5", "20", "10");
    assertThat(members(c, "SDIFF", "b", "a")).containsExactly("5");
    assertThat(members(c, "SUNION", "b", "b")).containsExactly("5", "10", "20");
    assertThat(members(c, "SINTER", "b", "a")).containsExactly("10", "20");
  }

  @Test
  void resultsMatchAModelOnRandomSets() {
    Random rnd = new Random(3);
    RespClient c = resp();
    for (int round = 0; round < 30; round++) {
      List<Set<String>> sets = new ArrayList<>();
      List<Object> keys = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        Set<String> s = new HashSet<>();
        int n = rnd.nextInt(rnd.nextBoolean() ? 20 : 700);
        List<Object> args = new ArrayList<>(List.of("SADD", "r" + round + "k" + k));
        for (int i = 0; i < n; i++) {
          String m =
              rnd.nextInt(10) == 0 ? "w" + rnd.nextInt(50) : Integer.toString(rnd.nextInt(800));
          s.add(m);
          args.add(m);
        }
        if (n > 0) {
          c.call(args.toArray());
        }
        sets.add(s);
        keys.add("r" + round + "k" + k);
      }
      Set<String> inter = new HashSet<>(sets.get(0));
      Set<String> union = new HashSet<>(sets.get(0));
      Set<String> diff = new HashSet<>(sets.get(0));
      for (int k = 1; k < 3; k++) {
        inter.retainAll(sets.get(k));
        union.addAll(sets.get(k));
        diff.removeAll(sets.get(k));
      }
      assertThat(new HashSet<>(members(c, withKeys("SINTER", keys)))).isEqualTo(inter);
      assertThat(new HashSet<>(members(c, withKeys("SUNION", keys)))).isEqualTo(union);
      assertThat(new HashSet<>(members(c, withKeys("SDIFF", keys)))).isEqualTo(diff);
      List<Object> card = new ArrayList<>(List.of("SINTERCARD", 3));
      card.addAll(keys);
      assertThat(c.call(card.toArray())).isEqualTo((long) inter.size());
    }
  }

  @Test
  void sintercardCountsUpToTheLimit() {
    RespClient c = resp();
    c.call("SADD", "a", "1", "2", "3", "4");
    c.call("SADD", "b", "2", "3", "4", "5");
    assertThat(c.call("SINTERCARD", "2", "a", "b")).isEqualTo(3L);
    assertThat(c.call("SINTERCARD", "2", "a", "b", "LIMIT", "2")).isEqualTo(2L);
    assertThat(c.call("SINTERCARD", "2", "a", "b", "limit", "0")).isEqualTo(3L);
    assertThat(c.call("SINTERCARD", "2", "a", "b", "LIMIT", "100")).isEqualTo(3L);
    assertThat(c.call("SINTERCARD", "1", "a", "LIMIT", "9", "LIMIT", "1")).isEqualTo(1L);
    assertThat(c.call("SINTERCARD", "2", "a", "nokey")).isEqualTo(0L);
  }

  @Test
  void sintercardArgumentErrors() {
    jedis().set("str", "x");
    RespClient c = resp();
    Err numkeys = new Err("ERR numkeys should be greater than 0");
    for (String n : List.of("0", "-1", "abc", "99999999999999999999")) {
      assertThat(c.call("SINTERCARD", n, "a")).as(n).isEqualTo(numkeys);
    }
    assertThat(c.call("SINTERCARD", "2", "a"))
        .isEqualTo(new Err("ERR Number of keys can't be greater than number of args"));
    Err negative = new Err("ERR LIMIT can't be negative");
    assertThat(c.call("SINTERCARD", "1", "a", "LIMIT", "-1")).isEqualTo(negative);
    assertThat(c.call("SINTERCARD", "1", "a", "LIMIT", "abc")).isEqualTo(negative);
    assertThat(c.call("SINTERCARD", "1", "a", "LIMIT")).isEqualTo(SetCommandsTest.SYNTAX);
    assertThat(c.call("SINTERCARD", "1", "a", "foo")).isEqualTo(SetCommandsTest.SYNTAX);
    // The extra key is read as an option.
    assertThat(c.call("SINTERCARD", "1", "a", "str")).isEqualTo(SetCommandsTest.SYNTAX);
    assertThat(c.call("SINTERCARD", "1", "str")).isEqualTo(SetCommandsTest.WRONGTYPE);
  }

  @Test
  void storeVariantsReplaceTheDestinationOrDeleteIt() throws Exception {
    Jedis j = jedis();
    j.sadd("a", "1", "2", "3");
    j.sadd("b", "2", "3", "x");
    j.set("dst", "string");
    expireLater("dst");
    RespClient c = resp();
    assertThat(c.call("SINTERSTORE", "dst", "a", "b")).isEqualTo(2L);
    assertThat(j.smembers("dst")).containsExactlyInAnyOrder("2", "3");
    assertThat(encoding("dst")).isEqualTo("intset");
    assertThat(expiryOf("dst")).isEqualTo(-1L);

    assertThat(c.call("SUNIONSTORE", "dst", "a", "b")).isEqualTo(4L);
    assertThat(j.smembers("dst")).containsExactlyInAnyOrder("1", "2", "3", "x");
    assertThat(encoding("dst")).isEqualTo("hashtable");

    assertThat(c.call("SDIFFSTORE", "dst", "a", "b")).isEqualTo(1L);
    assertThat(j.smembers("dst")).containsExactly("1");
    assertThat(encoding("dst")).isEqualTo("intset");

    assertThat(c.call("SINTERSTORE", "dst", "a", "nokey")).isEqualTo(0L);
    assertThat(exists("dst")).isFalse();
    j.set("dst", "string");
    assertThat(c.call("SDIFFSTORE", "dst", "a", "a")).isEqualTo(0L);
    assertThat(exists("dst")).isFalse();
    j.set("dst", "string");
    assertThat(c.call("SUNIONSTORE", "dst", "nokey")).isEqualTo(0L);
    assertThat(exists("dst")).isFalse();

    // The destination may be one of the sources.
    assertThat(c.call("SUNIONSTORE", "a", "a", "b")).isEqualTo(4L);
    assertThat(j.smembers("a")).containsExactlyInAnyOrder("1", "2", "3", "x");
  }

  @Test
  void storeVariantsPropagateOnlyWhenTheyChangedSomething() throws Exception {
    jedis().sadd("a", "1");
    jedis().sadd("old", "1");
    RespClient c = resp();
    List<String> sent =
        propagated(
            () -> {
              c.call("SINTERSTORE", "none", "nokey");
              c.call("SINTERSTORE", "old", "nokey");
              c.call("SUNIONSTORE", "d", "a");
            });
    assertThat(sent).containsExactly("SINTERSTORE old nokey", "SUNIONSTORE d a");
  }

  @Test
  void resp3RepliesUseTheSetType() throws Exception {
    RawConnection r3 = raw(3);
    r3.call("SADD", "a", "1", "2");
    r3.call("SADD", "b", "2");
    assertThat(r3.call("SINTER", "a", "b")).isEqualTo("~1\r\n$1\r\n2\r\n");
    assertThat(r3.call("SINTER", "a", "nokey")).isEqualTo("~0\r\n");
    assertThat(r3.call("SUNION", "a", "b")).isEqualTo("~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    assertThat(r3.call("SDIFF", "a", "b")).isEqualTo("~1\r\n$1\r\n1\r\n");
    assertThat(r3.call("SINTERCARD", "2", "a", "b")).isEqualTo(":1\r\n");
    assertThat(r3.call("SINTERSTORE", "d", "a", "b")).isEqualTo(":1\r\n");
    assertThat(raw(2).call("SINTER", "a", "nokey")).isEqualTo("*0\r\n");
  }

  private static Object[] withKeys(String command, List<Object> keys) {
    List<Object> argv = new ArrayList<>(List.of(command));
    argv.addAll(keys);
    return argv.toArray();
  }

  private static List<String> members(RespClient c, Object... argv) {
    List<String> out = new ArrayList<>();
    ((List<?>) c.call(argv)).forEach(o -> out.add(RespClient.str(o)));
    return out;
  }
}
