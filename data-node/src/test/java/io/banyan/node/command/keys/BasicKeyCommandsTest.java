package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.command.keys.KeyspaceTestSupport.PropagationLog;
import io.banyan.node.store.ValueType;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class BasicKeyCommandsTest extends ServerTestBase {
  private RespClient c;

  @BeforeEach
  void connect() {
    c = resp();
  }

  private Object call(Object... args) {
    return c.call(args);
  }

  private long[] hitsAndMisses() throws Exception {
    return server.onCommandThread(
        () ->
            new long[] {
              server.engine().stats().keyspaceHits, server.engine().stats().keyspaceMisses
            });
  }

  @Test
  void delAndUnlinkCountExistingKeysOnce() throws Exception {
    Jedis j = jedis();
    j.mset("a", "1", "b", "2", "c", "3");
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    assertThat(j.del("a", "a", "nope", "l")).isEqualTo(2);
    assertThat(j.unlink("b", "c", "b")).isEqualTo(2);
    assertThat(j.exists("a", "b", "c", "l")).isZero();
    assertThat(call("DEL")).isEqualTo(new Err("ERR wrong number of arguments for 'del' command"));
  }

  @Test
  void deletingAnExpiredKeyCountsNothing() {
    call("SET", "k", "v", "PXAT", "1");
    assertThat(call("DEL", "k")).isEqualTo(0L);
  }

  @Test
  void delPropagatesOnlyWhenSomethingWasDeleted() throws Exception {
    PropagationLog log = KeyspaceTestSupport.recordPropagation(server);
    call("DEL", "nope");
    call("SET", "k", "v");
    call("UNLINK", "k", "nope");
    assertThat(log.entries()).containsExactly("0 SET k v", "0 UNLINK k nope");
  }

  @Test
  void existsCountsRepeatsAndIsNotAnAccess() throws Exception {
    call("SET", "a", "1");
    long[] before = hitsAndMisses();
    assertThat(call("EXISTS", "a", "a", "nope", "a")).isEqualTo(3L);
    long[] after = hitsAndMisses();
    assertThat(after[0] - before[0]).isEqualTo(3);
    assertThat(after[1] - before[1]).isEqualTo(1);
    call("SET", "x", "v", "PXAT", "1");
    assertThat(call("EXISTS", "x")).isEqualTo(0L);
  }

  @Test
  void typeNamesEveryType() throws Exception {
    call("SET", "s", "v");
    KeyspaceTestSupport.putOtherType(server, 0, "l", ValueType.LIST);
    KeyspaceTestSupport.putOtherType(server, 0, "h", ValueType.HASH);
    KeyspaceTestSupport.putOtherType(server, 0, "t", ValueType.SET);
    KeyspaceTestSupport.putOtherType(server, 0, "z", ValueType.ZSET);
    assertThat(call("TYPE", "s")).isEqualTo("string");
    assertThat(call("TYPE", "l")).isEqualTo("list");
    assertThat(call("TYPE", "h")).isEqualTo("hash");
    assertThat(call("TYPE", "t")).isEqualTo("set");
    assertThat(call("TYPE", "z")).isEqualTo("zset");
    assertThat(call("TYPE", "nope")).isEqualTo("none");
    assertThat(jedis().type("s")).isEqualTo("string");
  }

  @Test
  void touchCountsExistingKeys() throws Exception {
    call("MSET", "a", "1", "b", "2");
    long[] before = hitsAndMisses();
    assertThat(call("TOUCH", "a", "b", "nope", "a")).isEqualTo(3L);
    long[] after = hitsAndMisses();
    assertThat(after[1] - before[1]).isEqualTo(1);
    assertThat(call("TOUCH"))
        .isEqualTo(new Err("ERR wrong number of arguments for 'touch' command"));
  }
}
