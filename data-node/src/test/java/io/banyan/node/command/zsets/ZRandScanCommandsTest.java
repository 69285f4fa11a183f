package io.banyan.node.command.zsets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ZRANDMEMBER and ZSCAN. */
class ZRandScanCommandsTest extends ZSetTestSupport {

  private RespClient withMembers(int n) {
    RespClient c = resp();
    List<Object> args = new ArrayList<>(List.of("ZADD", "z"));
    for (int i = 0; i < n; i++) {
      args.add(Integer.toString(i));
      args.add("m" + i);
    }
    c.call(args.toArray());
    return c;
  }

  @Test
  @SuppressWarnings("unchecked")
  void randmemberWithoutAndWithCount() {
    RespClient c = withMembers(5);
    Set<Object> all = Set.of("m0", "m1", "m2", "m3", "m4");
    assertThat(all).contains(strs(c.call("ZRANDMEMBER", "z")));
    assertThat(c.call("ZRANDMEMBER", "nokey")).isNull();
    List<Object> three = (List<Object>) strs(c.call("ZRANDMEMBER", "z", "3"));
    assertThat(three).hasSize(3).doesNotHaveDuplicates();
    assertThat(all).containsAll(three);
    assertThat((List<Object>) strs(c.call("ZRANDMEMBER", "z", "10")))
        .containsExactly("m0", "m1", "m2", "m3", "m4");
    List<Object> repeated = (List<Object>) strs(c.call("ZRANDMEMBER", "z", "-20"));
    assertThat(repeated).hasSize(20);
    assertThat(all).containsAll(repeated);
    assertThat(c.call("ZRANDMEMBER", "z", "0")).isEqualTo(List.of());
    assertThat(c.call("ZRANDMEMBER", "nokey", "3")).isEqualTo(List.of());
  }

  @Test
  @SuppressWarnings("unchecked")
  void randmemberWithScoresPairsMembersWithTheirScores() throws Exception {
    RespClient c = withMembers(300);
    List<Object> flat = (List<Object>) strs(c.call("ZRANDMEMBER", "z", "7", "WITHSCORES"));
    assertThat(flat).hasSize(14);
    Set<Object> members = new HashSet<>();
    for (int i = 0; i < flat.size(); i += 2) {
      String m = (String) flat.get(i);
      assertThat(flat.get(i + 1)).isEqualTo(m.substring(1));
      members.add(m);
    }
    assertThat(members).hasSize(7);
    RespClient c3 = resp3();
    List<Object> pairs = (List<Object>) strs(c3.call("ZRANDMEMBER", "z", "-3", "WITHSCORES"));
    assertThat(pairs).hasSize(3);
    for (Object p : pairs) {
      List<Object> pair = (List<Object>) p;
      assertThat(pair.get(1)).isEqualTo(Double.parseDouble(((String) pair.get(0)).substring(1)));
    }
    assertThat((List<Object>) strs(c3.call("ZRANDMEMBER", "z", "2")))
        .allMatch(String.class::isInstance);
    // Unique picks in the "most of the set" regime are still unique.
    assertThat((List<Object>) strs(c.call("ZRANDMEMBER", "z", "250")))
        .doesNotHaveDuplicates()
        .hasSize(250);
  }

  @Test
  void randmemberErrors() {
    RespClient c = withMembers(3);
    assertThat(c.call("ZRANDMEMBER", "z", "x"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("ZRANDMEMBER", "z", "-9223372036854775808"))
        .isEqualTo(
            err(
                "ERR value is out of range, value must between -9223372036854775807 and"
                    + " 9223372036854775807"));
    assertThat(c.call("ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"))
        .isEqualTo(err("ERR value is out of range"));
    assertThat(c.call("ZRANDMEMBER", "z", "1", "foo")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZRANDMEMBER", "z", "1", "WITHSCORES", "x"))
        .isEqualTo(err("ERR syntax error"));
    c.call("SET", "s", "v");
    assertThat(c.call("ZRANDMEMBER", "s", "0"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void scanOfAListpackReturnsEverythingAtOnceWithStoredScoreText() {
    RespClient c = resp();
    c.call("ZADD", "z", "0.1", "a", "123456789012345678", "b", "1.5", "c", "-0", "d");
    assertThat(strs(c.call("ZSCAN", "z", "0")))
        .isEqualTo(
            List.of(
                "0",
                List.of(
                    "d", "0", "a", "0.10000000000000001", "c", "1.5", "b", "123456789012345680")));
    assertThat(strs(c.call("ZSCAN", "z", "0", "MATCH", "[ab]*", "COUNT", "1")))
        .isEqualTo(List.of("0", List.of("a", "0.10000000000000001", "b", "123456789012345680")));
    assertThat(strs(c.call("ZSCAN", "nokey", "0"))).isEqualTo(List.of("0", List.of()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void scanOfASkiplistVisitsEveryMemberAcrossCursors() {
    RespClient c = withMembers(1000);
    Map<String, String> seen = new HashMap<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<Object> reply = (List<Object>) strs(c.call("ZSCAN", "z", cursor, "COUNT", "20"));
      cursor = (String) reply.get(0);
      List<Object> items = (List<Object>) reply.get(1);
      for (int i = 0; i < items.size(); i += 2) {
        seen.put((String) items.get(i), (String) items.get(i + 1));
      }
      calls++;
    } while (!cursor.equals("0"));
    assertThat(calls).isGreaterThan(1);
    assertThat(seen).hasSize(1000).containsEntry("m999", "999").containsEntry("m0", "0");
  }

  @Test
  void scanErrors() {
    RespClient c = withMembers(3);
    assertThat(c.call("ZSCAN", "z", "x")).isEqualTo(err("ERR invalid cursor"));
    assertThat(c.call("ZSCAN", "z", " 1")).isEqualTo(err("ERR invalid cursor"));
    assertThat(c.call("ZSCAN", "z", "18446744073709551616")).isEqualTo(err("ERR invalid cursor"));
    assertThat(strs(c.call("ZSCAN", "z", "18446744073709551615"))).asList().first().isEqualTo("0");
    assertThat(strs(c.call("ZSCAN", "z", "-1"))).asList().first().isEqualTo("0");
    assertThat(c.call("ZSCAN", "z", "0", "COUNT", "0")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZSCAN", "z", "0", "COUNT", "x"))
        .isEqualTo(err("ERR value is not an integer or out of range"));
    assertThat(c.call("ZSCAN", "z", "0", "TYPE", "zset")).isEqualTo(err("ERR syntax error"));
    assertThat(c.call("ZSCAN", "z", "0", "MATCH")).isEqualTo(err("ERR syntax error"));
    // A missing key answers before the options are read.
    assertThat(strs(c.call("ZSCAN", "nokey", "0", "BOGUS"))).isEqualTo(List.of("0", List.of()));
    c.call("SET", "s", "v");
    assertThat(c.call("ZSCAN", "s", "0"))
        .isEqualTo(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    assertThat(c.call("ZSCAN", "s", "x")).isEqualTo(err("ERR invalid cursor"));
  }
}
