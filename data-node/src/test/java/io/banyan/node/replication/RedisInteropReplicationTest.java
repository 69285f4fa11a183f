package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.awaitCaughtUp;
import static io.banyan.node.replication.ReplicationNodes.awaitLinkUp;
import static io.banyan.node.replication.ReplicationNodes.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.server.BanyanServer;
import io.banyan.node.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/** Replication between Banyan and Debian's redis-server 7.0, in both directions. */
class RedisInteropReplicationTest {
  private ReplicationNodes nodes;
  private Path dir;

  @BeforeEach
  void setUp() throws Exception {
    nodes = new ReplicationNodes();
    dir = Files.createTempDirectory("banyan-interop-");
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  private static Object digest(Jedis j) {
    return j.sendCommand(() -> "DEBUG".getBytes(), "DIGEST");
  }

  private static void fill(Jedis j) {
    j.set("str", "hello");
    j.set("num", "42");
    j.pexpire("num", 10_000_000);
    j.rpush("list", "a", "b", "c");
    j.hset("hash", Map.of("f1", "v1", "f2", "v2"));
    j.sadd("set", "x", "y");
    j.sadd("intset", "1", "2");
    j.zadd("zset", Map.of("m1", 1.5, "m2", 2.5));
    // The large encodings too: hashtable hash and set, skiplist sorted set, a multi-node
    // quicklist, an integer set past the intset limit, a string long enough to be compressed.
    Map<String, String> bigHash = new java.util.HashMap<>();
    Map<String, Double> bigZset = new java.util.HashMap<>();
    String[] members = new String[700];
    String[] numbers = new String[700];
    for (int i = 0; i < 700; i++) {
      bigHash.put("field:" + i, "value:" + i);
      bigZset.put("member:" + i, i * 1.25);
      members[i] = "member:" + i;
      numbers[i] = Integer.toString(i * 7);
    }
    j.hset("bighash", bigHash);
    j.zadd("bigzset", bigZset);
    j.sadd("bigset", members);
    j.sadd("bigintset", numbers);
    j.rpush("biglist", members);
    j.set("bigstring", "x".repeat(20_000));
    j.select(1);
    j.set("db1", "one");
    j.select(0);
  }

  private static void writeMore(Jedis j) {
    j.incr("num");
    j.lpush("list", "z");
    j.hdel("hash", "f1");
    j.select(4);
    j.set("db4", "four");
    j.select(0);
  }

  private void redisReplicaOfBanyan(String disklessSync) throws Exception {
    BanyanServer master = nodes.start(c -> c.replDisklessSync = disklessSync.equals("yes"));
    Jedis m = nodes.jedis(master.port());
    fill(m);
    try (RedisServerProcess redis =
        RedisServerProcess.start(dir, "--enable-debug-command", "yes")) {
      Jedis r = redis.jedis();
      r.replicaof("127.0.0.1", master.port());
      awaitLinkUp(r);
      awaitCaughtUp(m, r);
      assertThat(digest(r)).isEqualTo(digest(m));
      writeMore(m);
      awaitCaughtUp(m, r);
      assertThat(digest(r)).isEqualTo(digest(m));
      assertThat(r.get("num")).isEqualTo("43");
      assertThat(info(m, "replication", "slave0")).contains("state=online");
      r.close();
    }
  }

  @Test
  void redisReplicaOfBanyanMasterWithSizedSnapshot() throws Exception {
    redisReplicaOfBanyan("no");
  }

  @Test
  void redisReplicaOfBanyanMasterWithEofMarkedSnapshot() throws Exception {
    redisReplicaOfBanyan("yes");
  }

  @Test
  void banyanReplicaOfRedisMaster() throws Exception {
    for (String diskless : new String[] {"yes", "no"}) {
      try (RedisServerProcess redis =
          RedisServerProcess.start(
              dir,
              "--enable-debug-command",
              "yes",
              "--repl-diskless-sync",
              diskless,
              "--repl-diskless-sync-delay",
              "0")) {
        Jedis m = redis.jedis();
        fill(m);
        BanyanServer replica = nodes.start(c -> {});
        Jedis r = nodes.jedis(replica.port());
        r.replicaof("127.0.0.1", redis.port());
        awaitLinkUp(r);
        awaitCaughtUp(m, r);
        assertThat(digest(r)).isEqualTo(digest(m));
        writeMore(m);
        awaitCaughtUp(m, r);
        assertThat(digest(r)).isEqualTo(digest(m));
        assertThat(m.waitReplicas(1, 5000)).isEqualTo(1);
        m.close();
      }
    }
  }

  @Test
  void banyanReplicaResyncsPartiallyWithRedisMaster() throws Exception {
    try (RedisServerProcess redis =
        RedisServerProcess.start(dir, "--enable-debug-command", "yes")) {
      Jedis m = redis.jedis();
      BanyanServer replica = nodes.start(c -> {});
      Jedis r = nodes.jedis(replica.port());
      r.replicaof("127.0.0.1", redis.port());
      awaitLinkUp(r);
      m.set("a", "1");
      awaitCaughtUp(m, r);
      m.clientKill(new ClientKillParams().type(ClientType.REPLICA));
      m.set("b", "2");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "1".equals(info(m, "stats", "sync_partial_ok")));
      awaitCaughtUp(m, r);
      assertThat(r.get("b")).isEqualTo("2");
      assertThat(info(m, "stats", "sync_full")).isEqualTo("1");
      m.close();
    }
  }

  @Test
  void wrongMasterPasswordIsReportedAndChangesNothing() throws Exception {
    BanyanServer master = nodes.start(c -> c.requirePass = "secret");
    Jedis m = nodes.jedis(master.port());
    m.auth("secret");
    m.set("k", "master");
    BanyanServer replica = nodes.start(c -> c.masterAuth = "wrong");
    Jedis r = nodes.jedis(replica.port());
    r.replicaofNoOne();
    // a replica's own data stays while it cannot authenticate
    r.configSet("replica-read-only", "yes");
    r.set("k", "local");
    r.replicaof("127.0.0.1", master.port());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> info(r, "replication", "master_link_last_error") != null);
    assertThat(info(r, "replication", "master_link_status")).isEqualTo("down");
    assertThat(info(r, "replication", "master_link_last_error"))
        .startsWith("Unable to AUTH to MASTER: -WRONGPASS");
    assertThat(r.get("k")).isEqualTo("local");

    r.configSet("masterauth", "secret");
    awaitLinkUp(r);
    await().atMost(Duration.ofSeconds(10)).until(() -> "master".equals(r.get("k")));
  }
}
