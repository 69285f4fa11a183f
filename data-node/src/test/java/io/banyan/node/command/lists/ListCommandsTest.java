package io.banyan.node.command.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banyan.node.store.type.ListValue;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.util.KeyValue;

/** Every non-blocking list command through Jedis, as an application would use them. */
class ListCommandsTest extends ListTestBase {

  @Test
  void pushesKeepArgumentOrderAtEachEnd() {
    Jedis j = jedis();
    assertThat(j.lpush("k", "a", "b", "c")).isEqualTo(3);
    assertThat(j.rpush("k", "d", "e")).isEqualTo(5);
    assertThat(j.lrange("k", 0, -1)).containsExactly("c", "b", "a", "d", "e");
    assertThat(j.llen("k")).isEqualTo(5);
  }

  @Test
  void pushxOnlyTouchesExistingLists() {
    Jedis j = jedis();
    assertThat(j.lpushx("nokey", "a")).isZero();
    assertThat(j.rpushx("nokey", "a")).isZero();
    assertThat(exists("nokey")).isFalse();
    j.rpush("k", "m");
    assertThat(j.lpushx("k", "x", "y")).isEqualTo(3);
    assertThat(j.rpushx("k", "z")).isEqualTo(4);
    assertThat(j.lrange("k", 0, -1)).containsExactly("y", "x", "m", "z");
  }

  @Test
  void popsOneOrSeveralAndDeleteTheEmptiedKey() {
    Jedis j = jedis();
    j.rpush("k", "a", "b", "c", "d", "e");
    assertThat(j.lpop("k")).isEqualTo("a");
    assertThat(j.rpop("k")).isEqualTo("e");
    assertThat(j.lpop("k", 2)).containsExactly("b", "c");
    assertThat(j.rpop("k", 0)).isEmpty();
    assertThat(j.rpop("k", 10)).containsExactly("d");
    assertThat(exists("k")).isFalse();
    assertThat(j.lpop("k")).isNull();
    assertThat(j.lpop("k", 3)).isNull();
  }

  @Test
  void lindexAndLsetAcceptNegativeIndexes() {
    Jedis j = jedis();
    j.rpush("k", "a", "b", "c");
    assertThat(j.lindex("k", 0)).isEqualTo("a");
    assertThat(j.lindex("k", -1)).isEqualTo("c");
    assertThat(j.lindex("k", -3)).isEqualTo("a");
    assertThat(j.lindex("k", 3)).isNull();
    assertThat(j.lindex("k", -4)).isNull();
    assertThat(j.lindex("nokey", 0)).isNull();
    assertThat(j.lset("k", -1, "C")).isEqualTo("OK");
    assertThat(j.lset("k", 0, "A")).isEqualTo("OK");
    assertThat(j.lrange("k", 0, -1)).containsExactly("A", "b", "C");
    assertThatThrownBy(() -> j.lset("k", 3, "x")).hasMessage("ERR index out of range");
    assertThatThrownBy(() -> j.lset("k", -4, "x")).hasMessage("ERR index out of range");
    assertThatThrownBy(() -> j.lset("nokey", 0, "x")).hasMessage("ERR no such key");
  }

  @Test
  void lrangeClampsItsBounds() {
    Jedis j = jedis();
    j.rpush("k", "a", "b", "c", "d");
    assertThat(j.lrange("k", 1, 2)).containsExactly("b", "c");
    assertThat(j.lrange("k", -2, -1)).containsExactly("c", "d");
    assertThat(j.lrange("k", -100, 100)).containsExactly("a", "b", "c", "d");
    assertThat(j.lrange("k", 2, 1)).isEmpty();
    assertThat(j.lrange("k", 4, 10)).isEmpty();
    assertThat(j.lrange("k", Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(4);
    assertThat(j.lrange("nokey", 0, -1)).isEmpty();
  }

  @Test
  void ltrimKeepsTheRangeOrDeletesTheKey() {
    Jedis j = jedis();
    j.rpush("k", "a", "b", "c", "d", "e");
    assertThat(j.ltrim("k", 1, -2)).isEqualTo("OK");
    assertThat(j.lrange("k", 0, -1)).containsExactly("b", "c", "d");
    assertThat(j.ltrim("k", -2, 100)).isEqualTo("OK");
    assertThat(j.lrange("k", 0, -1)).containsExactly("c", "d");
    assertThat(j.ltrim("k", 5, 10)).isEqualTo("OK");
    assertThat(exists("k")).isFalse();
    assertThat(j.ltrim("nokey", 0, 1)).isEqualTo("OK");
  }

  @Test
  void linsertFindsTheFirstPivot() {
    Jedis j = jedis();
    j.rpush("k", "a", "b", "c", "b");
    assertThat(j.linsert("k", ListPosition.BEFORE, "b", "X")).isEqualTo(5);
    assertThat(j.linsert("k", ListPosition.AFTER, "b", "Y")).isEqualTo(6);
    assertThat(j.linsert("k", ListPosition.AFTER, "b", "Y")).isEqualTo(7);
    assertThat(j.lrange("k", 0, -1)).containsExactly("a", "X", "b", "Y", "Y", "c", "b");
    assertThat(j.linsert("k", ListPosition.AFTER, "nope", "Z")).isEqualTo(-1);
    assertThat(j.linsert("nokey", ListPosition.AFTER, "a", "Z")).isZero();
    assertThat(exists("nokey")).isFalse();
  }

  @Test
  void lremCountsFromTheHeadTheTailOrAll() {
    Jedis j = jedis();
    j.rpush("k", "a", "b", "a", "c", "a", "b", "a");
    assertThat(j.lrem("k", 2, "a")).isEqualTo(2);
    assertThat(j.lrange("k", 0, -1)).containsExactly("b", "c", "a", "b", "a");
    assertThat(j.lrem("k", -1, "b")).isEqualTo(1);
    assertThat(j.lrange("k", 0, -1)).containsExactly("b", "c", "a", "a");
    assertThat(j.lrem("k", 0, "a")).isEqualTo(2);
    assertThat(j.lrem("k", 0, "zz")).isZero();
    assertThat(j.lrem("k", 0, "b")).isEqualTo(1);
    assertThat(j.lrem("k", 0, "c")).isEqualTo(1);
    assertThat(exists("k")).isFalse();
    assertThat(j.lrem("nokey", 0, "a")).isZero();
  }

  @Test
  void lposWithRankCountAndMaxlen() {
    Jedis j = jedis();
    j.rpush("k", "a", "b", "c", "1", "2", "3", "c", "c");
    assertThat(j.lpos("k", "c")).isEqualTo(2);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().rank(2))).isEqualTo(6);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().rank(-1))).isEqualTo(7);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().rank(-3))).isEqualTo(2);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().rank(4))).isNull();
    assertThat(j.lpos("k", "c", LPosParams.lPosParams(), 0)).containsExactly(2L, 6L, 7L);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams(), 2)).containsExactly(2L, 6L);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().rank(-1), 0)).containsExactly(7L, 6L, 2L);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().rank(2), 0)).containsExactly(6L, 7L);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().maxlen(2))).isNull();
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().maxlen(3), 0)).containsExactly(2L);
    assertThat(j.lpos("k", "c", LPosParams.lPosParams().rank(-1).maxlen(1), 0)).containsExactly(7L);
    assertThat(j.lpos("k", "zz", LPosParams.lPosParams(), 0)).isEmpty();
    assertThat(j.lpos("nokey", "a")).isNull();
    assertThat(j.lpos("nokey", "a", LPosParams.lPosParams(), 0)).isEmpty();
  }

  @Test
  void lmoveBetweenListsAndWithinOne() {
    Jedis j = jedis();
    j.rpush("src", "a", "b", "c");
    assertThat(j.lmove("src", "dst", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("a");
    assertThat(j.lmove("src", "dst", ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo("c");
    assertThat(j.lrange("dst", 0, -1)).containsExactly("c", "a");
    assertThat(j.rpoplpush("src", "dst")).isEqualTo("b");
    assertThat(exists("src")).isFalse();
    assertThat(j.lrange("dst", 0, -1)).containsExactly("b", "c", "a");
    assertThat(j.lmove("dst", "dst", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("b");
    assertThat(j.lrange("dst", 0, -1)).containsExactly("c", "a", "b");
    assertThat(j.rpoplpush("dst", "dst")).isEqualTo("b");
    assertThat(j.lrange("dst", 0, -1)).containsExactly("b", "c", "a");
    assertThat(j.lmove("nokey", "dst", ListDirection.LEFT, ListDirection.LEFT)).isNull();
    assertThat(j.rpoplpush("nokey", "dst")).isNull();
    assertThat(exists("nokey")).isFalse();
  }

  @Test
  void singleElementListMovedOntoItselfSurvives() {
    Jedis j = jedis();
    j.rpush("k", "only");
    assertThat(j.lmove("k", "k", ListDirection.LEFT, ListDirection.LEFT)).isEqualTo("only");
    assertThat(j.lrange("k", 0, -1)).containsExactly("only");
  }

  @Test
  void lmpopPopsFromTheFirstNonEmptyKey() {
    Jedis j = jedis();
    j.rpush("b", "1", "2", "3");
    j.rpush("c", "x");
    KeyValue<String, java.util.List<String>> r = j.lmpop(ListDirection.LEFT, "a", "b", "c");
    assertThat(r.getKey()).isEqualTo("b");
    assertThat(r.getValue()).containsExactly("1");
    r = j.lmpop(ListDirection.RIGHT, 10, "a", "b", "c");
    assertThat(r.getKey()).isEqualTo("b");
    assertThat(r.getValue()).containsExactly("3", "2");
    assertThat(exists("b")).isFalse();
    assertThat(j.lmpop(ListDirection.LEFT, "a", "b", "c").getKey()).isEqualTo("c");
    assertThat(j.lmpop(ListDirection.LEFT, "a", "b", "c")).isNull();
  }

  @Test
  void commandsOnAStringAreWrongType() {
    Jedis j = jedis();
    j.set("s", "v");
    String wrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
    assertThatThrownBy(() -> j.lpush("s", "a")).hasMessage(wrongType);
    assertThatThrownBy(() -> j.rpushx("s", "a")).hasMessage(wrongType);
    assertThatThrownBy(() -> j.lpop("s")).hasMessage(wrongType);
    assertThatThrownBy(() -> j.llen("s")).hasMessage(wrongType);
    assertThatThrownBy(() -> j.lrange("s", 0, 1)).hasMessage(wrongType);
    assertThatThrownBy(() -> j.lpos("s", "a")).hasMessage(wrongType);
    assertThatThrownBy(() -> j.lrem("s", 0, "a")).hasMessage(wrongType);
    assertThatThrownBy(() -> j.ltrim("s", 0, 1)).hasMessage(wrongType);
    assertThatThrownBy(() -> j.linsert("s", ListPosition.AFTER, "a", "b")).hasMessage(wrongType);
    assertThatThrownBy(() -> j.lmpop(ListDirection.LEFT, "nokey", "s"))
        .isInstanceOf(JedisDataException.class)
        .hasMessage(wrongType);
    j.rpush("l", "a");
    assertThatThrownBy(() -> j.rpoplpush("l", "s")).hasMessage(wrongType);
    assertThat(j.lrange("l", 0, -1)).containsExactly("a"); // the failed move left it intact
    assertThat(j.get("s")).isEqualTo("v");
  }

  @Test
  void objectEncodingIsQuicklistAndMemoryIsAccounted() {
    Jedis j = jedis();
    j.rpush("k", "a");
    ListValue list =
        onServer(() -> (ListValue) server.engine().keyspace().db(0).lookup("k".getBytes()).value());
    assertThat(list.encoding()).isEqualTo("quicklist");
    long before = onServer(() -> server.engine().keyspace().db(0).usedBytes());
    j.rpush("k", "x".repeat(10_000));
    long after = onServer(() -> server.engine().keyspace().db(0).usedBytes());
    assertThat(after - before).isGreaterThanOrEqualTo(10_000);
    j.rpop("k");
    long popped = onServer(() -> server.engine().keyspace().db(0).usedBytes());
    assertThat(popped).isEqualTo(before);
  }

  @Test
  void binarySafeElements() {
    Jedis j = jedis();
    byte[] key = {'k', 0, 1};
    byte[] v = {0, (byte) 0xff, '\r', '\n'};
    j.rpush(key, v);
    assertThat(j.lindex(key, 0)).isEqualTo(v);
    assertThat(j.lpos(key, v)).isEqualTo(0);
    assertThat(j.lrem(key, 1, v)).isEqualTo(1);
  }
}
