package io.banyan.node.command.hashes;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class HashSamplingTest extends CollectionTestBase {
  private static final Err SYNTAX = new Err("ERR syntax error");

  /** Fills key with n fields f0.. whose values are v0..; returns the model. */
  private Map<String, String> fill(String key, int n) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("f" + i, "v" + i);
    }
    jedis().hset(key, m);
    return m;
  }

  @Test
  void hrandfieldWithoutCountReturnsOneFieldOrNull() throws Exception {
    Map<String, String> m = fill("h", 5);
    Jedis j = jedis();
    for (int i = 0; i < 20; i++) {
      assertThat(m).containsKey(j.hrandfield("h"));
    }
    assertThat(j.hrandfield("nokey")).isNull();
    RawConnection r3 = raw(3);
    assertThat(r3.call("HRANDFIELD", "nokey")).isEqualTo("_\r\n");
    assertThat(raw(2).call("HRANDFIELD", "nokey")).isEqualTo("$-1\r\n");
  }

  @Test
  void positiveCountGivesDistinctFieldsInBothEncodings() throws Exception {
    int limit = new io.banyan.node.config.ServerConfig().hashMaxListpackEntries;
    for (int size : new int[] {10, limit + 100}) {
      String key = "h" + size;
      Map<String, String> m = fill(key, size);
      assertThat(encoding(key)).isEqualTo(size > limit ? "hashtable" : "listpack");
      RespClient c = resp();
      // Counts below a third of the size, above it, and at or beyond the size.
      for (int count : new int[] {1, 2, size / 4, size / 2, size - 1, size, size + 5}) {
        List<?> reply = (List<?>) c.call("HRANDFIELD", key, count);
        Set<String> fields = new HashSet<>();
        reply.forEach(f -> fields.add(RespClient.str(f)));
        assertThat(reply).as("count %d of %d", count, size).hasSize(Math.min(count, size));
        assertThat(fields).hasSize(reply.size());
        assertThat(m.keySet()).containsAll(fields);
      }
    }
  }

  @Test
  void countAtLeastTheSizeReturnsTheWholeHashInOrder() {
    RespClient c = resp();
    c.call("HSET", "h", "z", "1", "a", "2", "m", "3");
    assertThat(((List<?>) c.call("HRANDFIELD", "h", "3")).stream().map(RespClient::str))
        .containsExactly("z", "a", "m");
    assertThat(
            ((List<?>) c.call("HRANDFIELD", "h", "9223372036854775807"))
                .stream().map(RespClient::str))
        .containsExactly("z", "a", "m");
  }

  @Test
  void negativeCountDrawsWithRepeats() {
    Map<String, String> m = fill("h", 3);
    RespClient c = resp();
    List<?> reply = (List<?>) c.call("HRANDFIELD", "h", "-50");
    assertThat(reply).hasSize(50);
    Set<String> distinct = new HashSet<>();
    reply.forEach(f -> distinct.add(RespClient.str(f)));
    assertThat(m.keySet()).containsAll(distinct);
    assertThat(distinct.size()).isLessThan(50);
  }

  @Test
  void withValuesPairsEachFieldWithItsValue() throws Exception {
    for (int size : new int[] {4, 200}) {
      String key = "h" + size;
      Map<String, String> m = fill(key, size);
      RespClient c = resp();
      for (String count : List.of("3", "-7", "1000", "1")) {
        List<?> flat = (List<?>) c.call("HRANDFIELD", key, count, "WITHVALUES");
        int expected =
            Math.min(Math.abs(Integer.parseInt(count)), count.startsWith("-") ? 1000 : size);
        assertThat(flat).hasSize(2 * expected);
        for (int i = 0; i < flat.size(); i += 2) {
          String field = RespClient.str(flat.get(i));
          assertThat(RespClient.str(flat.get(i + 1))).isEqualTo(m.get(field));
        }
      }
      RespClient c3 = resp3();
      List<?> nested = (List<?>) c3.call("HRANDFIELD", key, "-5", "withvalues");
      assertThat(nested).hasSize(5);
      for (Object pair : nested) {
        List<?> p = (List<?>) pair;
        assertThat(p).hasSize(2);
        assertThat(RespClient.str(p.get(1))).isEqualTo(m.get(RespClient.str(p.get(0))));
      }
    }
  }

  @Test
  void resp3ShapesOfHrandfield() throws Exception {
    jedis().hset("h", "a", "1");
    RawConnection r3 = raw(3);
    RawConnection r2 = raw(2);
    assertThat(r3.call("HRANDFIELD", "h", "1", "WITHVALUES"))
        .isEqualTo("*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
    assertThat(r2.call("HRANDFIELD", "h", "1", "WITHVALUES"))
        .isEqualTo("*2\r\n$1\r\na\r\n$1\r\n1\r\n");
    assertThat(r3.call("HRANDFIELD", "h", "-2")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\na\r\n");
    assertThat(r3.call("HRANDFIELD", "nokey", "3")).isEqualTo("*0\r\n");
    assertThat(r3.call("HRANDFIELD", "h", "0", "WITHVALUES")).isEqualTo("*0\r\n");
  }

  @Test
  void hrandfieldArgumentErrorsInRedisOrder() {
    jedis().set("str", "x");
    fill("h", 2);
    RespClient c = resp();
    Err notInteger = new Err("ERR value is not an integer or out of range");
    assertThat(c.call("HRANDFIELD", "h", "abc")).isEqualTo(notInteger);
    assertThat(c.call("HRANDFIELD", "str", "abc")).isEqualTo(notInteger);
    assertThat(c.call("HRANDFIELD", "h", "abc", "foo")).isEqualTo(notInteger);
    assertThat(c.call("HRANDFIELD", "h", "-9223372036854775808", "foo"))
        .isEqualTo(
            new Err(
                "ERR value is out of range, value must between -9223372036854775807 and"
                    + " 9223372036854775807"));
    assertThat(c.call("HRANDFIELD", "h", "1", "foo")).isEqualTo(SYNTAX);
    assertThat(c.call("HRANDFIELD", "str", "1", "foo")).isEqualTo(SYNTAX);
    assertThat(c.call("HRANDFIELD", "h", "1", "withvalues", "x")).isEqualTo(SYNTAX);
    Err outOfRange = new Err("ERR value is out of range");
    assertThat(c.call("HRANDFIELD", "h", "-4611686018427387904", "withvalues"))
        .isEqualTo(outOfRange);
    assertThat(c.call("HRANDFIELD", "h", "4611686018427387904", "withvalues"))
        .isEqualTo(outOfRange);
    assertThat(c.call("HRANDFIELD", "nokey", "9223372036854775807", "withvalues"))
        .isEqualTo(outOfRange);
    assertThat(c.call("HRANDFIELD", "h", "4611686018427387903", "withvalues"))
        .isInstanceOf(List.class);
    assertThat(c.call("HRANDFIELD", "str", "1"))
        .isEqualTo(new Err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  }

  @Test
  void hscanOfACompactHashReturnsEverythingWithCursorZero() {
    RespClient c = resp();
    c.call("HSET", "h", "b", "1", "a", "2", "ab", "3");
    assertThat(scan(c, "h", "0")).containsExactly("0", "b", "1", "a", "2", "ab", "3");
    assertThat(scan(c, "h", "77", "COUNT", "1"))
        .containsExactly("0", "b", "1", "a", "2", "ab", "3");
    assertThat(scan(c, "h", "0", "MATCH", "a*")).containsExactly("0", "a", "2", "ab", "3");
    // The last MATCH wins.
    assertThat(scan(c, "h", "0", "match", "zz", "match", "b")).containsExactly("0", "b", "1");
  }

  @Test
  void hscanOfAHashtableIteratesEveryFieldByCursor() throws Exception {
    Map<String, String> m = fill("h", 1000);
    assertThat(encoding("h")).isEqualTo("hashtable");
    RespClient c = resp();
    Map<String, String> seen = new HashMap<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<String> page = scan(c, "h", cursor, "COUNT", "20");
      cursor = page.get(0);
      for (int i = 1; i < page.size(); i += 2) {
        seen.put(page.get(i), page.get(i + 1));
      }
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).isEqualTo(m);
    assertThat(calls).isGreaterThan(10);

    Set<String> matched = new HashSet<>();
    cursor = "0";
    do {
      List<String> page = scan(c, "h", cursor, "MATCH", "f1?", "COUNT", "100");
      cursor = page.get(0);
      for (int i = 1; i < page.size(); i += 2) {
        matched.add(page.get(i));
      }
    } while (!cursor.equals("0"));
    assertThat(matched).hasSize(10).allMatch(f -> f.matches("f1\\d"));
  }

  @Test
  void hscanArgumentErrors() {
    jedis().set("str", "x");
    fill("h", 3);
    RespClient c = resp();
    Err invalidCursor = new Err("ERR invalid cursor");
    for (String cursor :
        List.of("abc", "-", "+", " 1", "1 ", "0x1", "18446744073709551616", "1.5")) {
      assertThat(c.call("HSCAN", "h", cursor)).as(cursor).isEqualTo(invalidCursor);
    }
    assertThat(c.call("HSCAN", "str", "abc")).isEqualTo(invalidCursor);
    assertThat(c.call("HSCAN", "nokey", "abc")).isEqualTo(invalidCursor);
    for (String cursor : List.of("", "+5", "-0", "18446744073709551615", "-1")) {
      assertThat(scan(c, "h", cursor)).as(cursor).first().isEqualTo("0");
    }
    assertThat(c.call("HSCAN", "h", "0", "COUNT", "0")).isEqualTo(SYNTAX);
    assertThat(c.call("HSCAN", "h", "0", "COUNT", "-1")).isEqualTo(SYNTAX);
    assertThat(c.call("HSCAN", "h", "0", "COUNT", "abc"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(c.call("HSCAN", "h", "0", "MATCH")).isEqualTo(SYNTAX);
    assertThat(c.call("HSCAN", "h", "0", "TYPE", "string")).isEqualTo(SYNTAX);
    assertThat(c.call("HSCAN", "h", "0", "NOVALUES")).isEqualTo(SYNTAX);
    // A missing key answers before the options are read.
    assertThat(scan(c, "nokey", "0", "COUNT", "0")).containsExactly("0");
  }

  private static List<String> scan(RespClient c, Object... args) {
    Object[] argv = new Object[args.length + 1];
    argv[0] = "HSCAN";
    System.arraycopy(args, 0, argv, 1, args.length);
    List<?> reply = (List<?>) c.call(argv);
    List<String> out = new ArrayList<>();
    out.add(RespClient.str(reply.get(0)));
    ((List<?>) reply.get(1)).forEach(o -> out.add(RespClient.str(o)));
    return out;
  }
}
