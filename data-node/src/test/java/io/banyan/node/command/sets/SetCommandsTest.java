package io.banyan.node.command.sets;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.hashes.CollectionTestBase;
import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class SetCommandsTest extends CollectionTestBase {
  static final Err WRONGTYPE =
      new Err("WRONGTYPE Operation against a key holding the wrong kind of value");
  static final Err SYNTAX = new Err("ERR syntax error");

  @Test
  void saddAndSremCountChangesAndDeleteTheEmptiedKey() throws Exception {
    RespClient c = resp();
    assertThat(c.call("SADD", "s", "a", "b", "a")).isEqualTo(2L);
    assertThat(c.call("SADD", "s", "b", "c")).isEqualTo(1L);
    assertThat(c.call("SREM", "s", "a", "zz", "a")).isEqualTo(1L);
    assertThat(c.call("SREM", "nokey", "a")).isEqualTo(0L);
    assertThat(jedis().smembers("s")).containsExactlyInAnyOrder("b", "c");
    assertThat(c.call("SREM", "s", "b", "c", "d")).isEqualTo(2L);
    assertThat(exists("s")).isFalse();
  }

  @Test
  void membershipQueries() {
    Jedis j = jedis();
    j.sadd("s", "1", "2", "x");
    assertThat(j.scard("s")).isEqualTo(3);
    assertThat(j.scard("nokey")).isZero();
    assertThat(j.sismember("s", "x")).isTrue();
    assertThat(j.sismember("s", "01")).isFalse();
    assertThat(j.sismember("nokey", "x")).isFalse();
    assertThat(j.smismember("s", "1", "zz", "2")).containsExactly(true, false, true);
    assertThat(j.smismember("nokey", "1", "2")).containsExactly(false, false);
    assertThat(j.smembers("nokey")).isEmpty();
  }

  @Test
  void intsetMembersComeBackInNumericOrder() throws Exception {
    RespClient c = resp();
    c.call("SADD", "s", "10", "-3", "2", "9223372036854775807", "-9223372036854775808");
    assertThat(encoding("s")).isEqualTo("intset");
    assertThat(((List<?>) c.call("SMEMBERS", "s")).stream().map(RespClient::str))
        .containsExactly("-9223372036854775808", "-3", "2", "10", "9223372036854775807");
  }

  @Test
  void encodingFollowsRedisRules() throws Exception {
    RespClient c = resp();
    c.call("SADD", "ints", "1", "2");
    assertThat(encoding("ints")).isEqualTo("intset");
    c.call("SADD", "ints", "007");
    assertThat(encoding("ints")).isEqualTo("hashtable");
    c.call("SREM", "ints", "007");
    assertThat(encoding("ints")).isEqualTo("hashtable");

    c.call("SADD", "word", "abc");
    assertThat(encoding("word")).isEqualTo("hashtable");

    for (int i = 0; i < 512; i++) {
      c.call("SADD", "big", i);
    }
    assertThat(encoding("big")).isEqualTo("intset");
    c.call("SADD", "big", 512);
    assertThat(encoding("big")).isEqualTo("hashtable");
  }

  @Test
  void everySetCommandRefusesOtherTypes() {
    jedis().set("str", "x");
    jedis().sadd("s", "a");
    RespClient c = resp();
    List<Object[]> calls =
        List.of(
            new Object[] {"SADD", "str", "a"},
            new Object[] {"SREM", "str", "a"},
            new Object[] {"SCARD", "str"},
            new Object[] {"SISMEMBER", "str", "a"},
            new Object[] {"SMISMEMBER", "str", "a"},
            new Object[] {"SMEMBERS", "str"},
            new Object[] {"SRANDMEMBER", "str"},
            new Object[] {"SRANDMEMBER", "str", "1"},
            new Object[] {"SPOP", "str"},
            new Object[] {"SPOP", "str", "1"},
            new Object[] {"SMOVE", "str", "s", "a"},
            new Object[] {"SMOVE", "s", "str", "a"},
            new Object[] {"SINTER", "nokey", "str"},
            new Object[] {"SINTERCARD", "2", "nokey", "str"},
            new Object[] {"SINTERSTORE", "d", "nokey", "str"},
            new Object[] {"SUNION", "nokey", "str"},
            new Object[] {"SUNIONSTORE", "d", "s", "str"},
            new Object[] {"SDIFF", "nokey", "str"},
            new Object[] {"SDIFFSTORE", "d", "s", "str"},
            new Object[] {"SSCAN", "str", "0"});
    for (Object[] call : calls) {
      assertThat(c.call(call)).as(java.util.Arrays.toString(call)).isEqualTo(WRONGTYPE);
    }
    assertThat(jedis().get("str")).isEqualTo("x");
    assertThat(jedis().smembers("s")).containsExactly("a");
  }

  @Test
  void resp3RepliesUseTheSetType() throws Exception {
    RawConnection r3 = raw(3);
    RawConnection r2 = raw(2);
    r3.call("SADD", "s", "2", "1");
    assertThat(r3.call("SMEMBERS", "s")).isEqualTo("~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    assertThat(r2.call("SMEMBERS", "s")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
    assertThat(r3.call("SMEMBERS", "nokey")).isEqualTo("~0\r\n");
    assertThat(r3.call("SISMEMBER", "s", "1")).isEqualTo(":1\r\n");
    assertThat(r3.call("SMISMEMBER", "s", "1", "3")).isEqualTo("*2\r\n:1\r\n:0\r\n");
    assertThat(r3.call("SCARD", "s")).isEqualTo(":2\r\n");

    RespClient c3 = resp3();
    assertThat(c3.call("SMEMBERS", "s")).isEqualTo(Set.of("1", "2"));
  }

  @Test
  void smoveMovesBetweenSetsWithRedisChecks() throws Exception {
    Jedis j = jedis();
    j.sadd("src", "a", "b", "1");
    j.sadd("dst", "x");
    j.set("str", "v");
    RespClient c = resp();
    assertThat(c.call("SMOVE", "src", "dst", "a")).isEqualTo(1L);
    assertThat(c.call("SMOVE", "src", "dst", "zz")).isEqualTo(0L);
    assertThat(c.call("SMOVE", "nokey", "str", "a")).isEqualTo(0L); // missing source wins
    assertThat(c.call("SMOVE", "src", "str", "zz")).isEqualTo(WRONGTYPE);
    assertThat(c.call("SMOVE", "src", "src", "b")).isEqualTo(1L);
    assertThat(c.call("SMOVE", "src", "src", "zz")).isEqualTo(0L);
    assertThat(j.smembers("src")).containsExactlyInAnyOrder("b", "1");
    assertThat(j.smembers("dst")).containsExactlyInAnyOrder("x", "a");

    assertThat(c.call("SMOVE", "src", "fresh", "1")).isEqualTo(1L);
    assertThat(encoding("fresh")).isEqualTo("intset");
    j.sadd("dst", "b");
    assertThat(c.call("SMOVE", "src", "dst", "b")).isEqualTo(1L); // already there: still 1
    assertThat(exists("src")).isFalse();
    assertThat(j.smembers("dst")).containsExactlyInAnyOrder("x", "a", "b");
  }

  @Test
  void smovePropagatesOnlyWhenSomethingMoved() throws Exception {
    jedis().sadd("src", "a");
    RespClient c = resp();
    List<String> sent =
        propagated(
            () -> {
              c.call("SMOVE", "src", "dst", "zz");
              c.call("SMOVE", "src", "dst", "a");
              c.call("SADD", "dst", "a");
              c.call("SREM", "dst", "zz");
            });
    assertThat(sent).containsExactly("SMOVE src dst a");
  }

  @Test
  void sscanReturnsAnIntsetWholeAndPagesAHashtable() throws Exception {
    RespClient c = resp();
    c.call("SADD", "small", "1", "10", "2", "20");
    assertThat(sscan(c, "small", "5", "COUNT", "1")).containsExactly("0", "1", "2", "10", "20");
    assertThat(sscan(c, "small", "0", "MATCH", "1*")).containsExactly("0", "1", "10");

    Set<String> model = new HashSet<>();
    List<Object> args = new ArrayList<>(List.of("SADD", "big"));
    for (int i = 0; i < 700; i++) {
      model.add("m" + i);
      args.add("m" + i);
    }
    c.call(args.toArray());
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<String> page = sscan(c, "big", cursor);
      cursor = page.get(0);
      seen.addAll(page.subList(1, page.size()));
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).isEqualTo(model);
    assertThat(calls).isGreaterThan(10);
  }

  @Test
  void sscanErrors() {
    jedis().sadd("s", "a", "b");
    RespClient c = resp();
    assertThat(c.call("SSCAN", "s", "abc")).isEqualTo(new Err("ERR invalid cursor"));
    assertThat(c.call("SSCAN", "s", "0", "COUNT", "0")).isEqualTo(SYNTAX);
    assertThat(c.call("SSCAN", "s", "0", "MATCH")).isEqualTo(SYNTAX);
    assertThat(c.call("SSCAN", "s", "0", "TYPE", "set")).isEqualTo(SYNTAX);
    assertThat(sscan(c, "nokey", "0", "COUNT", "0")).containsExactly("0");
  }

  @Test
  void memoryAccountingReturnsToZeroWhenSetsAreEmptied() throws Exception {
    RespClient c = resp();
    for (int i = 0; i < 600; i++) {
      c.call("SADD", "s", "member-" + i);
    }
    assertThat(usedBytes()).isGreaterThan(600 * 16L);
    for (int i = 0; i < 600; i++) {
      c.call("SREM", "s", "member-" + i);
    }
    assertThat(usedBytes()).isZero();
  }

  @Test
  void metadataMatchesRedis() {
    Set<CommandFlag> writeDenyoomFast =
        Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST);
    Set<CommandFlag> writeFast = Set.of(CommandFlag.WRITE, CommandFlag.FAST);
    Set<CommandFlag> readFast = Set.of(CommandFlag.READONLY, CommandFlag.FAST);
    Set<CommandFlag> read = Set.of(CommandFlag.READONLY);
    Set<CommandFlag> writeDenyoom = Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM);
    assertSpec("sadd", -3, writeDenyoomFast, 1, 1, "write set fast");
    assertSpec("srem", -3, writeFast, 1, 1, "write set fast");
    assertSpec("scard", 2, readFast, 1, 1, "read set fast");
    assertSpec("sismember", 3, readFast, 1, 1, "read set fast");
    assertSpec("smismember", -3, readFast, 1, 1, "read set fast");
    assertSpec("smembers", 2, read, 1, 1, "read set slow");
    assertSpec("srandmember", -2, read, 1, 1, "read set slow");
    assertSpec("spop", -2, writeFast, 1, 1, "write set fast");
    assertSpec("smove", 4, writeFast, 1, 2, "write set fast");
    assertSpec("sinter", -2, read, 1, -1, "read set slow");
    assertSpec("sunion", -2, read, 1, -1, "read set slow");
    assertSpec("sdiff", -2, read, 1, -1, "read set slow");
    assertSpec("sinterstore", -3, writeDenyoom, 1, -1, "write set slow");
    assertSpec("sunionstore", -3, writeDenyoom, 1, -1, "write set slow");
    assertSpec("sdiffstore", -3, writeDenyoom, 1, -1, "write set slow");
    assertSpec("sscan", -3, read, 1, 1, "read set slow");
    CommandSpec card = spec("sintercard");
    assertThat(card.arity()).isEqualTo(-3);
    assertThat(card.flags())
        .containsExactlyInAnyOrder(CommandFlag.READONLY, CommandFlag.MOVABLE_KEYS);
    assertThat(List.of(card.firstKey(), card.lastKey(), card.keyStep())).containsExactly(0, 0, 0);
    assertThat(card.aclCategories()).containsExactly("read", "set", "slow");
  }

  private void assertSpec(
      String name, int arity, Set<CommandFlag> flags, int first, int last, String acl) {
    CommandSpec s = spec(name);
    assertThat(s).as(name).isNotNull();
    assertThat(s.arity()).as(name).isEqualTo(arity);
    assertThat(s.flags()).as(name).isEqualTo(flags);
    assertThat(List.of(s.firstKey(), s.lastKey(), s.keyStep()))
        .as(name)
        .containsExactly(first, last, 1);
    assertThat(s.aclCategories()).as(name).containsExactly(acl.split(" "));
    assertThat(s.group()).isEqualTo("set");
  }

  private long usedBytes() throws Exception {
    return server.onCommandThread(() -> server.engine().keyspace().db(0).usedBytes());
  }

  static List<String> sscan(RespClient c, Object... args) {
    Object[] argv = new Object[args.length + 1];
    argv[0] = "SSCAN";
    System.arraycopy(args, 0, argv, 1, args.length);
    List<?> reply = (List<?>) c.call(argv);
    List<String> out = new ArrayList<>();
    out.add(RespClient.str(reply.get(0)));
    ((List<?>) reply.get(1)).forEach(o -> out.add(RespClient.str(o)));
    return out;
  }
}
