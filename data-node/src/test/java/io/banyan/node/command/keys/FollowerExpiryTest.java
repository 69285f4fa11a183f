package io.banyan.node.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a replica, expired keys are hidden but kept until the master's DEL arrives; writes to such a
 * key must replace it, never add a second entry of the same name.
 */
class FollowerExpiryTest extends ServerTestBase {
  private RespClient c;

  @BeforeEach
  void becomeFollower() throws Exception {
    server.onCommandThread(
        () -> {
          server.engine().keyspace().setExpiryFollower(true);
          return null;
        });
    c = resp();
  }

  private int size() throws Exception {
    return server.onCommandThread(() -> server.engine().keyspace().db(0).size());
  }

  @Test
  void expiredKeysAreHiddenButKept() throws Exception {
    c.call("SET", "k", "v", "PXAT", "1");
    assertThat(c.call("EXISTS", "k")).isEqualTo(0L);
    assertThat(c.call("GET", "k")).isNull();
    assertThat(size()).isEqualTo(1);
    // A time in the past does not delete on a replica: the master's DEL will.
    c.call("SET", "j", "v");
    assertThat(c.call("PEXPIREAT", "j", "1")).isEqualTo(1L);
    assertThat(size()).isEqualTo(2);
  }

  @Test
  void writesReplaceAHiddenExpiredKey() throws Exception {
    c.call("SET", "k", "v", "PXAT", "1");
    assertThat(c.call("SET", "k", "fresh")).isEqualTo("OK");
    assertThat(RespClient.str(c.call("GET", "k"))).isEqualTo("fresh");
    assertThat(c.call("TTL", "k")).isEqualTo(-1L);
    assertThat(size()).isEqualTo(1);
    c.call("SET", "b", "v", "PXAT", "1");
    c.call("SET", "a", "moved");
    assertThat(c.call("RENAME", "a", "b")).isEqualTo("OK");
    assertThat(RespClient.str(c.call("GET", "b"))).isEqualTo("moved");
    assertThat(size()).isEqualTo(2);
  }
}
