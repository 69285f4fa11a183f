package io.banyan.node.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.config.EvictionPolicy;
import io.banyan.node.config.ServerConfig;
import io.banyan.node.testing.RespClient;
import io.banyan.node.testing.RespClient.Err;
import io.banyan.node.testing.ServerTestBase;
import org.junit.jupiter.api.Test;

/** OBJECT under an LFU policy with a memory limit: frequencies instead of idle times. */
class ObjectLfuTest extends ServerTestBase {
  @Override
  protected void configure(ServerConfig config) {
    config.maxMemoryPolicy = EvictionPolicy.ALLKEYS_LFU;
    config.maxMemory = 1L << 30;
  }

  @Test
  void frequencyIsTrackedAndIdleTimeIsNot() throws Exception {
    server.onCommandThread(
        () -> {
          server.engine().keyspace().accessClock().lfu = true;
          return null;
        });
    RespClient c = resp();
    c.call("SET", "k", "v");
    assertThat((Long) c.call("OBJECT", "FREQ", "k")).isBetween(0L, 255L);
    assertThat(c.call("OBJECT", "IDLETIME", "k"))
        .isEqualTo(
            new Err(
                "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that"
                    + " when switching between policies at runtime LRU and LFU data will take some"
                    + " time to adjust."));
  }

  @Test
  void smallIntegersAreNotSharedUnderAnLfuLimit() {
    RespClient c = resp();
    c.call("SET", "n", "100");
    assertThat(c.call("OBJECT", "REFCOUNT", "n")).isEqualTo(1L);
  }
}
