package io.banyan.node.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.engine.Engine;
import io.banyan.node.engine.Propagator;
import io.banyan.node.server.BanyanServer;
import io.banyan.node.store.Bytes;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The node's assembly makes the AOF the first receiver of the write stream and replication the
 * second, so that the AOF's hand-off of a write is queued ahead of the flush to the replicas.
 * Checked on a master with the AOF on and a replica attached (so that replication's receiver feeds
 * a backlog), by calling each receiver in turn and seeing which stream it advanced.
 */
class PropagationOrderTest {
  private final ReplicationNodes nodes = new ReplicationNodes();

  @AfterEach
  void close() {
    nodes.close();
  }

  @Test
  void theAofReceivesEachWriteBeforeReplication() throws Exception {
    BanyanServer master = nodes.start(c -> c.appendOnly = true);
    Jedis replica = nodes.jedis(nodes.start(c -> {}).port());
    replica.replicaof("127.0.0.1", master.port());
    ReplicationNodes.awaitLinkUp(replica);
    Engine engine = master.engine();
    byte[][] set = {Bytes.utf8("SET"), Bytes.utf8("k"), Bytes.utf8("v")};

    long[] advanced =
        master.onCommandThread(
            () -> {
              List<Propagator> receivers = engine.propagators();
              assertThat(receivers).hasSize(2);
              long aof = engine.aofOffset();
              long repl = engine.replicationOffset();
              receivers.get(0).propagate(0, set);
              long[] first = {
                engine.aofOffset() - aof, engine.replicationOffset() - repl,
              };
              receivers.get(1).propagate(0, set);
              return new long[] {
                first[0], first[1], engine.aofOffset() - aof, engine.replicationOffset() - repl
              };
            });

    assertThat(advanced[0]).as("the first receiver appends to the AOF").isPositive();
    assertThat(advanced[1]).as("the first receiver leaves the replication stream").isZero();
    assertThat(advanced[2]).as("the second receiver leaves the AOF").isEqualTo(advanced[0]);
    assertThat(advanced[3]).as("the second receiver feeds the replication stream").isPositive();
  }
}
