package io.banyan.node.replication;

import io.banyan.node.server.BanyanServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;

/**
 * A fresh in-process master per test, with a client on it; further nodes come from {@link #nodes},
 * which closes everything after the test.
 */
abstract class MasterTestBase {
  ReplicationNodes nodes;
  BanyanServer master;
  Jedis m;

  @BeforeEach
  void startMaster() throws Exception {
    nodes = new ReplicationNodes();
    master = nodes.start(c -> {});
    m = nodes.jedis(master.port());
  }

  @AfterEach
  void stop() {
    nodes.close();
  }
}
