package io.banyan.node.command.hashes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.command.model.CommandFlag;
import io.banyan.node.command.model.CommandSpec;
import io.banyan.node.testing.RawConnection;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

class HashCommandsTest extends CollectionTestBase {
  private static final Err WRONGTYPE =
      new Err("WRONGTYPE Operation against a key holding the wrong kind of value");

  @Test
  void hsetCountsNewFieldsAndUpdatesExistingOnes() {
    Jedis j = jedis();
    assertThat(j.hset("h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
    RespClient c = resp();
    assertThat(c.call("HSET", "h", "a", "3", "c", "4", "c", "5")).isEqualTo(1L);
    assertThat(j.hgetAll("h")).isEqualTo(Map.of("a", "3", "b", "2", "c", "5"));
  }

  @Test
  void hsetAndHmsetRejectAnUnpairedFieldWithTheirOwnName() throws Exception {
    RespClient c = resp();
    assertThat(c.call("HSET", "h", "a", "1", "b"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hset' command"));
    assertThat(c.call("HMSET", "h", "a"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hmset' command"));
    assertThat(c.call("HSET", "h", "a"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hset' command"));
    assertThat(exists("h")).isFalse();
  }

  @Test
  void hmsetRepliesOk() {
    RespClient c = resp();
    assertThat(c.call("HMSET", "h", "a", "1", "b", "2")).isEqualTo("OK");
    assertThat(jedis().hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "2"));
  }

  @Test
  void hsetnxOnlySetsAbsentFields() throws Exception {
    RespClient c = resp();
    assertThat(c.call("HSETNX", "h", "a", "1")).isEqualTo(1L);
    assertThat(c.call("HSETNX", "h", "a", "2")).isEqualTo(0L);
    assertThat(c.call("HSETNX", "h", "b", "3")).isEqualTo(1L);
    assertThat(jedis().hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "3"));
    // A refused long value does not convert the hash.
    assertThat(c.call("HSETNX", "h", "a", "x".repeat(100))).isEqualTo(0L);
    assertThat(encoding("h")).isEqualTo("listpack");
  }

  @Test
  void readsOfFieldsAndMissingKeys() {
    Jedis j = jedis();
    j.hset("h", Map.of("a", "1", "b", "22"));
    assertThat(j.hget("h", "a")).isEqualTo("1");
    assertThat(j.hget("h", "zz")).isNull();
    assertThat(j.hget("nokey", "a")).isNull();
    assertThat(j.hmget("h", "b", "zz", "a")).containsExactly("22", null, "1");
    assertThat(j.hmget("nokey", "a", "b")).containsExactly(null, null);
    assertThat(j.hlen("h")).isEqualTo(2);
    assertThat(j.hlen("nokey")).isZero();
    assertThat(j.hstrlen("h", "b")).isEqualTo(2);
    assertThat(j.hstrlen("h", "zz")).isZero();
    assertThat(j.hstrlen("nokey", "a")).isZero();
    assertThat(j.hexists("h", "a")).isTrue();
    assertThat(j.hexists("h", "zz")).isFalse();
    assertThat(j.hexists("nokey", "a")).isFalse();
  }

  @Test
  void everyHashCommandRefusesOtherTypes() throws Exception {
    jedis().set("str", "x");
    RespClient c = resp();
    List<Object[]> calls =
        List.of(
            new Object[] {"HSET", "str", "a", "1"},
            new Object[] {"HMSET", "str", "a", "1"},
            new Object[] {"HSETNX", "str", "a", "1"},
            new Object[] {"HGET", "str", "a"},
            new Object[] {"HMGET", "str", "a"},
            new Object[] {"HDEL", "str", "a"},
            new Object[] {"HLEN", "str"},
            new Object[] {"HSTRLEN", "str", "a"},
            new Object[] {"HEXISTS", "str", "a"},
            new Object[] {"HKEYS", "str"},
            new Object[] {"HVALS", "str"},
            new Object[] {"HGETALL", "str"},
            new Object[] {"HINCRBY", "str", "a", "1"},
            new Object[] {"HINCRBYFLOAT", "str", "a", "1"},
            new Object[] {"HRANDFIELD", "str"},
            new Object[] {"HRANDFIELD", "str", "1"},
            new Object[] {"HSCAN", "str", "0"});
    for (Object[] call : calls) {
      assertThat(c.call(call)).as(call[0].toString()).isEqualTo(WRONGTYPE);
    }
    assertThat(jedis().get("str")).isEqualTo("x");
  }

  @Test
  void arityErrorsUseTheCommandName() {
    RespClient c = resp();
    assertThat(c.call("HGET", "h"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hget' command"));
    assertThat(c.call("HMGET", "h"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hmget' command"));
    assertThat(c.call("HDEL", "h"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hdel' command"));
    assertThat(c.call("HSETNX", "h", "a"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hsetnx' command"));
    assertThat(c.call("HGETALL"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'hgetall' command"));
  }

  @Test
  void hdelCountsRemovedFieldsAndDeletesTheEmptiedKey() throws Exception {
    Jedis j = jedis();
    j.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
    RespClient c = resp();
    assertThat(c.call("HDEL", "h", "a", "a", "zz")).isEqualTo(1L);
    assertThat(c.call("HDEL", "nokey", "a")).isEqualTo(0L);
    assertThat(c.call("HDEL", "h", "b", "c", "zz")).isEqualTo(2L);
    assertThat(exists("h")).isFalse();
    assertThat(usedBytes()).isZero();
  }

  @Test
  void listingsKeepInsertionOrderWhileCompact() {
    Jedis j = jedis();
    RespClient c = resp();
    c.call("HSET", "h", "z", "1", "a", "2", "m", "3");
    c.call("HSET", "h", "a", "4");
    assertThat(((List<?>) c.call("HKEYS", "h")).stream().map(RespClient::str))
        .containsExactly("z", "a", "m");
    assertThat(j.hvals("h")).containsExactly("1", "4", "3");
    assertThat(c.call("HGETALL", "h")).isInstanceOf(List.class);
    assertThat(((List<?>) c.call("HGETALL", "h")).stream().map(RespClient::str))
        .containsExactly("z", "1", "a", "4", "m", "3");
    assertThat(j.hkeys("nokey")).isEmpty();
    assertThat(j.hvals("nokey")).isEmpty();
    assertThat(j.hgetAll("nokey")).isEmpty();
  }

  @Test
  void resp3RepliesUseMapsAndNulls() throws Exception {
    RawConnection r2 = raw(2);
    RawConnection r3 = raw(3);
    r3.call("HSET", "h", "a", "1", "b", "2");
    assertThat(r3.call("HGETALL", "h"))
        .isEqualTo("%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
    assertThat(r2.call("HGETALL", "h"))
        .isEqualTo("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
    assertThat(r3.call("HGETALL", "nokey")).isEqualTo("%0\r\n");
    assertThat(r2.call("HGETALL", "nokey")).isEqualTo("*0\r\n");
    assertThat(r3.call("HKEYS", "nokey")).isEqualTo("*0\r\n");
    assertThat(r3.call("HGET", "h", "zz")).isEqualTo("_\r\n");
    assertThat(r2.call("HGET", "h", "zz")).isEqualTo("$-1\r\n");
    assertThat(r3.call("HMGET", "h", "a", "zz")).isEqualTo("*2\r\n$1\r\n1\r\n_\r\n");
    assertThat(r2.call("HMGET", "h", "a", "zz")).isEqualTo("*2\r\n$1\r\n1\r\n$-1\r\n");
    assertThat(r3.call("HEXISTS", "h", "a")).isEqualTo(":1\r\n");
  }

  @Test
  void resp3HgetallParsesAsAMap() throws Exception {
    RespClient c = resp3();
    c.call("HSET", "h", "a", "1", "b", "2");
    Object reply = c.call("HGETALL", "h");
    assertThat(reply).isInstanceOf(Map.class);
    Map<String, String> m = new LinkedHashMap<>();
    ((Map<?, ?>) reply).forEach((k, v) -> m.put((String) k, RespClient.str(v)));
    assertThat(m).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @Test
  void convertsToHashtablePastTheEntryLimit() throws Exception {
    RespClient c = resp();
    int limit = new io.banyan.node.config.ServerConfig().hashMaxListpackEntries;
    for (int i = 0; i < limit; i++) {
      c.call("HSET", "h", "f" + i, "v");
    }
    assertThat(encoding("h")).isEqualTo("listpack");
    c.call("HSET", "h", "f" + limit, "v");
    assertThat(encoding("h")).isEqualTo("hashtable");
    for (int i = 0; i < limit; i++) {
      c.call("HDEL", "h", "f" + i);
    }
    assertThat(jedis().hlen("h")).isEqualTo(1);
    assertThat(encoding("h")).isEqualTo("hashtable");
  }

  @Test
  void convertsToHashtableOnALongFieldOrValue() throws Exception {
    RespClient c = resp();
    c.call("HSET", "ok", "f".repeat(64), "v".repeat(64));
    assertThat(encoding("ok")).isEqualTo("listpack");
    c.call("HSET", "longvalue", "a", "1", "b", "v".repeat(65));
    assertThat(encoding("longvalue")).isEqualTo("hashtable");
    c.call("HSET", "longfield", "f".repeat(65), "1");
    assertThat(encoding("longfield")).isEqualTo("hashtable");
    c.call("HINCRBYFLOAT", "incr", "f".repeat(65), "1");
    assertThat(encoding("incr")).isEqualTo("hashtable");
  }

  @Test
  void memoryAccountingReturnsToZeroWhenHashesAreEmptied() throws Exception {
    RespClient c = resp();
    for (int i = 0; i < 300; i++) {
      c.call("HSET", "h", "field-" + i, "value-" + i);
    }
    assertThat(usedBytes()).isGreaterThan(300 * 20L);
    for (int i = 0; i < 300; i++) {
      c.call("HDEL", "h", "field-" + i);
    }
    assertThat(usedBytes()).isZero();
  }

  @Test
  void wrongTypeLeavesJedisUsable() {
    Jedis j = jedis();
    j.set("str", "x");
    assertThatThrownBy(() -> j.hset("str", "a", "1"))
        .isInstanceOf(JedisDataException.class)
        .hasMessageStartingWith("WRONGTYPE");
    assertThat(j.hset("h", "a", "1")).isEqualTo(1);
  }

  @Test
  void metadataMatchesRedis() {
    assertSpec(
        "hset",
        -4,
        Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST),
        "write hash fast");
    assertSpec(
        "hmset",
        -4,
        Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST),
        "write hash fast");
    assertSpec(
        "hsetnx",
        4,
        Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST),
        "write hash fast");
    assertSpec("hget", 3, Set.of(CommandFlag.READONLY, CommandFlag.FAST), "read hash fast");
    assertSpec("hmget", -3, Set.of(CommandFlag.READONLY, CommandFlag.FAST), "read hash fast");
    assertSpec("hdel", -3, Set.of(CommandFlag.WRITE, CommandFlag.FAST), "write hash fast");
    assertSpec("hlen", 2, Set.of(CommandFlag.READONLY, CommandFlag.FAST), "read hash fast");
    assertSpec("hstrlen", 3, Set.of(CommandFlag.READONLY, CommandFlag.FAST), "read hash fast");
    assertSpec("hexists", 3, Set.of(CommandFlag.READONLY, CommandFlag.FAST), "read hash fast");
    assertSpec("hkeys", 2, Set.of(CommandFlag.READONLY), "read hash slow");
    assertSpec("hvals", 2, Set.of(CommandFlag.READONLY), "read hash slow");
    assertSpec("hgetall", 2, Set.of(CommandFlag.READONLY), "read hash slow");
    assertSpec(
        "hincrby",
        4,
        Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST),
        "write hash fast");
    assertSpec(
        "hincrbyfloat",
        4,
        Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST),
        "write hash fast");
    assertSpec("hrandfield", -2, Set.of(CommandFlag.READONLY), "read hash slow");
    assertSpec("hscan", -3, Set.of(CommandFlag.READONLY), "read hash slow");
  }

  private void assertSpec(String name, int arity, Set<CommandFlag> flags, String acl) {
    CommandSpec s = spec(name);
    assertThat(s).as(name).isNotNull();
    assertThat(s.arity()).as(name).isEqualTo(arity);
    assertThat(s.flags()).as(name).isEqualTo(flags);
    assertThat(List.of(s.firstKey(), s.lastKey(), s.keyStep())).as(name).containsExactly(1, 1, 1);
    assertThat(s.aclCategories()).as(name).containsExactly(acl.split(" "));
    assertThat(s.group()).isEqualTo("hash");
  }

  private long usedBytes() throws Exception {
    return server.onCommandThread(() -> server.engine().keyspace().db(0).usedBytes());
  }
}
