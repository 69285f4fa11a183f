package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.node.server.BanyanServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * masteruser: a Banyan replica signs in to its Banyan master as an ACL user that may only run what
 * replication needs (PSYNC, REPLCONF, PING), and still receives the whole stream — the master's
 * writes run on the replica as the replica's master client, which no ACL restricts.
 */
class MasterUserReplicationTest {

  @Test
  void aReplicaReplicatesAsARestrictedUser() throws Exception {
    try (ReplicationNodes nodes = new ReplicationNodes()) {
      BanyanServer master =
          nodes.start(
              c ->
                  c.userDirectives =
                      List.of(
                          List.of("default", "on", ">adminpw", "~*", "&*", "+@all"),
                          List.of(
                              "repl", "on", ">replpw", "-@all", "+psync", "+replconf", "+ping")));
      Jedis m = nodes.jedis(master.port());
      m.auth("adminpw");
      m.set("before", "1");
      BanyanServer replicaServer =
          nodes.start(
              c -> {
                c.masterUser = "repl";
                c.masterAuth = "replpw";
              });
      Jedis r = nodes.jedis(replicaServer.port());
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      m.set("after", "2");
      m.hset("h", "f", "v");
      awaitCaughtUp(m, r);
      assertThat(r.get("before")).isEqualTo("1");
      assertThat(r.get("after")).isEqualTo("2");
      assertThat(r.hget("h", "f")).isEqualTo("v");
      // The replication user is the one the master sees, and it can do nothing else.
      assertThat(m.clientList()).contains("user=repl");
      try (Jedis asRepl = new Jedis("127.0.0.1", master.port())) {
        asRepl.auth("repl", "replpw");
        assertThat(
                org.junit.jupiter.api.Assertions.assertThrows(
                        redis.clients.jedis.exceptions.JedisDataException.class,
                        () -> asRepl.get("before"))
                    .getMessage())
            .isEqualTo("NOPERM this user has no permissions to run the 'get' command");
      }
    }
  }

  @Test
  void aWrongMasterUserPasswordKeepsTheLinkDown() throws Exception {
    try (ReplicationNodes nodes = new ReplicationNodes()) {
      BanyanServer master =
          nodes.start(
              c ->
                  c.userDirectives =
                      List.of(List.of("repl", "on", ">replpw", "+psync", "+replconf", "+ping")));
      BanyanServer replicaServer =
          nodes.start(
              c -> {
                c.masterUser = "repl";
                c.masterAuth = "wrong";
              });
      Jedis m = nodes.jedis(master.port());
      Jedis r = nodes.jedis(replicaServer.port());
      r.replicaof("127.0.0.1", master.port());
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(() -> m.aclLog(1).size() == 1 && "auth".equals(m.aclLog(1).get(0).getReason()));
      assertThat(ReplicationNodes.info(r, "replication", "master_link_status")).isEqualTo("down");
      assertThat(m.aclLog(1).get(0).getUsername()).isEqualTo("repl");
    }
  }
}
