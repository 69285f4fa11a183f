package io.banyan.node.command.sets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.hashes.CollectionTestBase;
import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetSamplingTest extends CollectionTestBase {
  private static final Err NOT_POSITIVE = new Err("ERR value is out of range, must be positive");

  /** Adds members 0..n-1 (and a word when words is true, so the set is a hashtable). */
  private Set<String> fill(RespClient c, String key, int n, boolean words) {
    Set<String> model = new HashSet<>();
    List<Object> args = new ArrayList<>(List.of("SADD", key));
    for (int i = 0; i < n; i++) {
      String m = words && i % 2 == 0 ? "w" + i : Integer.toString(i);
      model.add(m);
      args.add(m);
    }
    c.call(args.toArray());
    return model;
  }

  @Test
  void spopRemovesWhatItReturnsInEveryStrategy() throws Exception {
    RespClient c = resp();
    // Small counts pop one by one; counts near the size keep the survivors in a new set.
    for (int count : new int[] {1, 3, 40, 45, 49}) {
      for (boolean words : new boolean[] {false, true}) {
        String key = "s" + count + words;
        Set<String> model = fill(c, key, 50, words);
        List<?> popped = (List<?>) c.call("SPOP", key, count);
        Set<String> poppedSet = new HashSet<>();
        popped.forEach(m -> poppedSet.add(RespClient.str(m)));
        assertThat(poppedSet).hasSize(count);
        assertThat(model).containsAll(poppedSet);
        Set<String> left = new HashSet<>(jedis().smembers(key));
        model.removeAll(poppedSet);
        assertThat(left).isEqualTo(model);
      }
    }
  }

  @Test
  void spopOfTheWholeSetDeletesTheKeyAndPropagatesDel() throws Exception {
    RespClient c = resp();
    c.call("SADD", "s", "3", "1", "2");
    List<String> sent = new ArrayList<>();
    sent.addAll(
        propagated(
            () ->
                assertThat(((List<?>) c.call("SPOP", "s", "10")).stream().map(RespClient::str))
                    .containsExactly("1", "2", "3")));
    assertThat(exists("s")).isFalse();
    assertThat(sent).containsExactly("DEL s");
  }

  @Test
  void spopPropagatesOneSremPerMember() throws Exception {
    RespClient c = resp();
    fill(c, "s", 20, true);
    List<String> popped = new ArrayList<>();
    List<String> sent =
        propagated(
            () -> {
              ((List<?>) c.call("SPOP", "s", "2")).forEach(m -> popped.add(RespClient.str(m)));
              ((List<?>) c.call("SPOP", "s", "17")).forEach(m -> popped.add(RespClient.str(m)));
              popped.add(RespClient.str(c.call("SPOP", "s")));
              c.call("SPOP", "s", "0");
              c.call("SPOP", "nokey");
              c.call("SPOP", "nokey", "3");
            });
    assertThat(popped).hasSize(20);
    // As Redis 7.0, the SREMs of one SPOP with a count form a MULTI/EXEC unit.
    List<String> expected = new ArrayList<>();
    expected.add("MULTI");
    popped.subList(0, 2).forEach(m -> expected.add("SREM s " + m));
    expected.add("EXEC");
    expected.add("MULTI");
    popped.subList(2, 19).forEach(m -> expected.add("SREM s " + m));
    expected.add("EXEC");
    expected.add("SREM s " + popped.get(19));
    assertThat(sent).containsExactlyElementsOf(expected);
    assertThat(exists("s")).isFalse();
  }

  @Test
  void spopOfNearlyAllMembersRebuildsTheSurvivorsLikeRedis() throws Exception {
    RespClient c = resp();
    c.call("SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "a");
    assertThat(encoding("s")).isEqualTo("hashtable");
    List<?> popped = (List<?>) c.call("SPOP", "s", "10");
    assertThat(popped).hasSize(10);
    String survivor = jedis().smembers("s").iterator().next();
    assertThat(encoding("s")).isEqualTo(survivor.equals("a") ? "hashtable" : "intset");
  }

  @Test
  void spopKeepsTheTimeToLiveOfWhatRemains() throws Exception {
    RespClient c = resp();
    fill(c, "s", 20, false);
    expireLater("s");
    c.call("SPOP", "s", "18");
    c.call("SPOP", "s");
    assertThat(expiryOf("s")).isGreaterThan(0);
  }

  @Test
  void spopArgumentsAndReplies() throws Exception {
    jedis().set("str", "x");
    RespClient c = resp();
    c.call("SADD", "s", "a");
    assertThat(c.call("SPOP", "s", "abc")).isEqualTo(NOT_POSITIVE);
    assertThat(c.call("SPOP", "s", "-1")).isEqualTo(NOT_POSITIVE);
    assertThat(c.call("SPOP", "nokey", "-1")).isEqualTo(NOT_POSITIVE);
    assertThat(c.call("SPOP", "str", "abc")).isEqualTo(NOT_POSITIVE);
    assertThat(c.call("SPOP", "s", "9223372036854775808")).isEqualTo(NOT_POSITIVE);
    assertThat(c.call("SPOP", "s", "1", "2")).isEqualTo(SetCommandsTest.SYNTAX);
    assertThat(c.call("SPOP", "s", "0")).isEqualTo(List.of());
    assertThat(c.call("SPOP", "nokey")).isNull();
    RawConnection r3 = raw(3);
    assertThat(r3.call("SPOP", "nokey")).isEqualTo("_\r\n");
    assertThat(r3.call("SPOP", "nokey", "2")).isEqualTo("~0\r\n");
    assertThat(r3.call("SPOP", "s", "0")).isEqualTo("~0\r\n");
    assertThat(raw(2).call("SPOP", "nokey", "2")).isEqualTo("*0\r\n");
    assertThat(r3.call("SPOP", "s", "1")).isEqualTo("~1\r\n$1\r\na\r\n");
  }

  @Test
  void srandmemberWithPositiveCountGivesDistinctMembers() {
    RespClient c = resp();
    for (boolean words : new boolean[] {false, true}) {
      String key = "s" + words;
      Set<String> model = fill(c, key, 60, words);
      for (int count : new int[] {1, 2, 10, 25, 59, 60, 1000}) {
        List<?> reply = (List<?>) c.call("SRANDMEMBER", key, count);
        Set<String> distinct = new HashSet<>();
        reply.forEach(m -> distinct.add(RespClient.str(m)));
        assertThat(reply).hasSize(Math.min(count, 60));
        assertThat(distinct).hasSize(reply.size());
        assertThat(model).containsAll(distinct);
      }
      assertThat(jedis().scard(key)).isEqualTo(60);
    }
  }

  @Test
  void srandmemberWithNegativeCountDrawsWithRepeats() {
    RespClient c = resp();
    c.call("SADD", "s", "a", "b");
    List<?> reply = (List<?>) c.call("SRANDMEMBER", "s", "-30");
    assertThat(reply).hasSize(30);
    reply.forEach(m -> assertThat(RespClient.str(m)).isIn("a", "b"));
  }

  @Test
  void srandmemberArgumentsAndReplies() throws Exception {
    jedis().set("str", "x");
    RespClient c = resp();
    c.call("SADD", "s", "a");
    Err notInteger = new Err("ERR value is not an integer or out of range");
    assertThat(c.call("SRANDMEMBER", "s", "abc")).isEqualTo(notInteger);
    assertThat(c.call("SRANDMEMBER", "nokey", "abc")).isEqualTo(notInteger);
    assertThat(c.call("SRANDMEMBER", "str", "abc")).isEqualTo(notInteger);
    assertThat(c.call("SRANDMEMBER", "s", "-9223372036854775808"))
        .isEqualTo(
            new Err(
                "ERR value is out of range, value must between -9223372036854775807 and"
                    + " 9223372036854775807"));
    assertThat(c.call("SRANDMEMBER", "s", "1", "2")).isEqualTo(SetCommandsTest.SYNTAX);
    assertThat(c.call("SRANDMEMBER", "nokey", "abc", "x")).isEqualTo(SetCommandsTest.SYNTAX);
    assertThat(RespClient.str(c.call("SRANDMEMBER", "s"))).isEqualTo("a");
    RawConnection r3 = raw(3);
    assertThat(r3.call("SRANDMEMBER", "nokey")).isEqualTo("_\r\n");
    assertThat(r3.call("SRANDMEMBER", "nokey", "3")).isEqualTo("*0\r\n");
    assertThat(r3.call("SRANDMEMBER", "s", "0")).isEqualTo("*0\r\n");
    assertThat(r3.call("SRANDMEMBER", "s", "5")).isEqualTo("*1\r\n$1\r\na\r\n");
    assertThat(r3.call("SRANDMEMBER", "s", "-2")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\na\r\n");
  }
}
