package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class IterationCommandsTest extends ServerTestBase {
  private static final Err INVALID_CURSOR = new Err("ERR invalid cursor");

  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  private static List<String> strings(Object reply) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) reply) {
      out.add(RespClient.str(o));
    }
    return out;
  }

  private void fill(int n) {
    Object[] args = new Object[1 + 2 * n];
    args[0] = "MSET";
    for (int i = 0; i < n; i++) {
      args[1 + 2 * i] = "key:" + i;
      args[2 + 2 * i] = "v";
    }
    call(args);
  }

  @Test
  void keysMatchesPatterns() {
    call("MSET", "hello", "1", "hallo", "2", "hxllo", "3", "world", "4", "h*llo", "5");
    assertThat(strings(call("KEYS", "*"))).hasSize(5);
    assertThat(strings(call("KEYS", "h?llo")))
        .containsExactlyInAnyOrder("hello", "hallo", "hxllo", "h*llo");
    assertThat(strings(call("KEYS", "h[ae]llo"))).containsExactlyInAnyOrder("hello", "hallo");
    assertThat(strings(call("KEYS", "h[^e]llo")))
        .containsExactlyInAnyOrder("hallo", "hxllo", "h*llo");
    assertThat(strings(call("KEYS", "h\\*llo"))).containsExactly("h*llo");
    assertThat(strings(call("KEYS", "nothing*"))).isEmpty();
  }

  @Test
  void keysSkipsExpiredKeys() {
    call("SET", "live", "v");
    call("SET", "dead", "v", "PXAT", "1");
    assertThat(strings(call("KEYS", "*"))).containsExactly("live");
  }

  @Test
  void scanVisitsEveryKeyExactlyAsAFullIteration() {
    fill(1000);
    Jedis j = jedis();
    Set<String> seen = new HashSet<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    int calls = 0;
    do {
      ScanResult<String> r = j.scan(cursor, new ScanParams().count(50));
      seen.addAll(r.getResult());
      cursor = r.getCursor();
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).hasSize(1000);
    assertThat(calls).isGreaterThan(1);
  }

  @Test
  void scanKeepsGoingWhileTheTableGrows() {
    fill(200);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int added = 0;
    do {
      List<?> reply = (List<?>) call("SCAN", cursor, "COUNT", "20");
      cursor = RespClient.str(reply.get(0));
      seen.addAll(strings(reply.get(1)));
      // Keys present from start to end must all be seen, even across rehashing.
      for (int i = 0; i < 50; i++) {
        call("SET", "extra:" + added++, "v");
      }
    } while (!cursor.equals("0"));
    for (int i = 0; i < 200; i++) {
      assertThat(seen).contains("key:" + i);
    }
  }

  @Test
  void scanMatchCountAndType() throws Exception {
    fill(100);
    KeyspaceTestSupport.putOtherType(server, 0, "key:list", ValueType.LIST);
    call("SET", "key:dead", "v", "PXAT", "1");
    Set<String> matched = new HashSet<>();
    Set<String> lists = new HashSet<>();
    String cursor = "0";
    do {
      List<?> reply = (List<?>) call("SCAN", cursor, "MATCH", "key:1*", "COUNT", "1000");
      cursor = RespClient.str(reply.get(0));
      matched.addAll(strings(reply.get(1)));
    } while (!cursor.equals("0"));
    assertThat(matched).hasSize(11).contains("key:1", "key:19");
    do {
      List<?> reply = (List<?>) call("SCAN", cursor, "TYPE", "LIST");
      cursor = RespClient.str(reply.get(0));
      lists.addAll(strings(reply.get(1)));
    } while (!cursor.equals("0"));
    assertThat(lists).containsExactly("key:list");
    List<?> all = (List<?>) call("SCAN", "0", "COUNT", "100000", "TYPE", "string");
    assertThat(RespClient.str(all.get(0))).isEqualTo("0");
    assertThat(strings(all.get(1))).hasSize(100).doesNotContain("key:dead");
    List<?> none = (List<?>) call("SCAN", "0", "COUNT", "100000", "TYPE", "nosuchtype");
    assertThat((List<?>) none.get(1)).isEmpty();
  }

  @Test
  void scanCursorParsing() {
    call("SET", "k", "v");
    assertThat(call("SCAN", "abc")).isEqualTo(INVALID_CURSOR);
    assertThat(call("SCAN", " 0")).isEqualTo(INVALID_CURSOR);
    assertThat(call("SCAN", "0 ")).isEqualTo(INVALID_CURSOR);
    assertThat(call("SCAN", "-")).isEqualTo(INVALID_CURSOR);
    assertThat(call("SCAN", "18446744073709551616")).isEqualTo(INVALID_CURSOR);
    // Accepted as C's strtoul reads them: empty is 0, '+' is allowed, '-1' wraps to 2^64-1.
    assertThat(strings(((List<?>) call("SCAN", "")).get(1))).containsExactly("k");
    assertThat(strings(((List<?>) call("SCAN", "+0")).get(1))).containsExactly("k");
    assertThat(call("SCAN", "18446744073709551615")).isInstanceOf(List.class);
    assertThat(call("SCAN", "-1")).isInstanceOf(List.class);
  }

  @Test
  void scanOptionErrors() {
    assertThat(call("SCAN", "0", "COUNT", "0")).isEqualTo(new Err("ERR syntax error"));
    assertThat(call("SCAN", "0", "COUNT", "x"))
        .isEqualTo(new Err("ERR value is not an integer or out of range"));
    assertThat(call("SCAN", "0", "MATCH")).isEqualTo(new Err("ERR syntax error"));
    assertThat(call("SCAN", "0", "FOO", "bar")).isEqualTo(new Err("ERR syntax error"));
    assertThat(call("SCAN", "x", "FOO")).isEqualTo(INVALID_CURSOR);
  }

  @Test
  void scanOnAnEmptyDatabase() {
    List<?> reply = (List<?>) call("SCAN", "0");
    assertThat(RespClient.str(reply.get(0))).isEqualTo("0");
    assertThat((List<?>) reply.get(1)).isEmpty();
  }

  @Test
  void randomkey() {
    assertThat(call("RANDOMKEY")).isNull();
    call("MSET", "a", "1", "b", "2");
    Set<String> picked = new HashSet<>();
    for (int i = 0; i < 200 && picked.size() < 2; i++) {
      picked.add(RespClient.str(call("RANDOMKEY")));
    }
    assertThat(picked).containsExactlyInAnyOrder("a", "b");
    call("DEL", "a", "b");
    call("SET", "dead", "v", "PXAT", "1");
    assertThat(call("RANDOMKEY")).isNull();
  }
}
