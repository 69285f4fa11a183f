package io.banyan.node.replication;

import static io.banyan.node.replication.ReplicationNodes.info;
import static io.banyan.node.replication.ReplicationNodes.infoLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.node.testing.NodeProcess;
import io.banyan.node.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A replica restarted on its AOF continues with a partial resync when it was stopped cleanly
 * (SIGTERM) and its master's backlog still covers what it missed — thanks to the {@code
 * banyan-replication} record its shutdown leaves — and falls back to a full resync, with the right
 * data, whenever that record cannot be trusted. Every node is a separate process on real sockets.
 */
class AofResumeTest {
  private static final String RECORD = "banyan-replication";

  @TempDir Path masterDir;
  @TempDir Path replicaDir;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened.reversed()) {
      c.close();
    }
  }

  @Test
  void aofReplicaStoppedCleanlyResumesWithAPartialResync() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    NodeProcess replica = started(startAofReplica(master.port()));
    write(m, "before", 500);
    awaitCaughtUp(m, replica.jedis());
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);

    awaitAofRewritten(replica.jedis());
    replica.terminate();
    assertThat(replicaDir.resolve(RECORD)).exists();
    write(m, "while-down", 300); // far less than the default 1 MB backlog

    NodeProcess again = restartAndCatchUp(master.port(), m, 1, 1);
    assertThat(again.output()).contains("Successful partial resynchronization");
    assertThat(again.output()).doesNotContain("Full resync from master");
    assertThat(again.jedis().get("while-down:299")).isEqualTo("v299");
    assertThat(replicaDir.resolve(RECORD)).doesNotExist(); // used once, at most
  }

  /**
   * The master keeps streaming writes while the replica shuts down: nothing it sends after the
   * replica's final AOF flush may be applied (it would change the AOF after the recorded state and
   * cost the partial resync, as a rolling update under load showed).
   */
  @Test
  void aReplicaStoppedWhileItsMasterStreamsWritesStillResumesPartially() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    NodeProcess replica = started(startAofReplica(master.port()));
    write(m, "before", 300);
    awaitCaughtUp(m, replica.jedis());
    awaitAofRewritten(replica.jedis());

    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (Jedis w = master.jedis()) {
                    for (int i = 0; writing.get(); i++) {
                      w.set("during:" + i, "v" + i);
                    }
                  }
                });
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> m.dbSize() > 1300);
      replica.terminate();
    } finally {
      writing.set(false);
      writer.join();
    }
    assertThat(replicaDir.resolve(RECORD)).exists();

    NodeProcess again = started(startAofReplica(master.port()));
    Jedis r = again.jedis();
    awaitCaughtUp(m, r);
    assertThat(again.output()).doesNotContain("Ignoring");
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(1);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);
    assertThat(digest(r)).isEqualTo(digest(m));
  }

  /**
   * Kubernetes' flow: the pod restarts fenced and without replicaof (a master that takes no
   * writes), and the operator then sends REPLICAOF. Its restored history became replid2 at start;
   * with no byte under its new id it still asks for the old one, which its master continues.
   */
  @Test
  void fencedRestartThenReplicaofResumesWithAPartialResync() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    syncAndStopReplica(master.port(), m, 300);
    write(m, "while-down", 300);

    NodeProcess again =
        started(
            NodeProcess.start(replicaDir, "--appendonly", "yes", "--banyan-start-fenced", "yes"));
    Jedis r = again.jedis();
    assertThat(again.output()).contains("Keeping replication history");
    r.replicaof("127.0.0.1", master.port());
    awaitCaughtUp(m, r);
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(1);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);
    assertThat(digest(r)).isEqualTo(digest(m));
  }

  /**
   * A rolling update's switchover: the old master stops cleanly, its replica is promoted and takes
   * writes, and the old master, restarted fenced on its AOF, follows it with a partial resync of
   * what it missed (its own recorded history is the promoted node's replid2).
   */
  @Test
  void oldMasterRestartedOnItsAofResumesFromItsPromotedReplica() throws Exception {
    String[] masterOptions = {"--appendonly", "yes", "--repl-ping-replica-period", "3600"};
    NodeProcess oldMaster = started(NodeProcess.start(masterDir, masterOptions));
    Jedis om = oldMaster.jedis();
    NodeProcess replica =
        started(NodeProcess.start(replicaDir, "--replicaof", "127.0.0.1", port(oldMaster)));
    Jedis r = replica.jedis();
    write(om, "before", 300);
    awaitCaughtUp(om, r);
    oldMaster.terminate();
    assertThat(masterDir.resolve(RECORD)).exists();

    r.replicaofNoOne();
    write(r, "after-promotion", 300);
    NodeProcess restarted =
        started(
            NodeProcess.start(masterDir, "--appendonly", "yes", "--banyan-start-fenced", "yes"));
    Jedis back = restarted.jedis();
    back.replicaof("127.0.0.1", replica.port());
    awaitCaughtUp(r, back);
    assertThat(infoLong(r, "stats", "sync_partial_ok")).isEqualTo(1);
    assertThat(infoLong(r, "stats", "sync_full")).isEqualTo(0);
    assertThat(digest(back)).isEqualTo(digest(r));
  }

  @Test
  void rdbOnlyReplicaStoppedCleanlyResumesWithAPartialResync() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    NodeProcess replica =
        started(NodeProcess.start(replicaDir, "--replicaof", "127.0.0.1", port(master)));
    write(m, "before", 200);
    awaitCaughtUp(m, replica.jedis());
    replica.jedis().configSet("save", "3600 1"); // so that SIGTERM saves the RDB file

    awaitAofRewritten(replica.jedis());
    replica.terminate();
    write(m, "while-down", 200);

    NodeProcess again =
        started(NodeProcess.start(replicaDir, "--replicaof", "127.0.0.1", port(master)));
    Jedis r = again.jedis();
    awaitCaughtUp(m, r);
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(1);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(1);
    assertThat(again.output()).contains("from the RDB file");
    assertThat(digest(r)).isEqualTo(digest(m));
  }

  @Test
  void recordLeftBeforeACrashIsNotTrusted() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    syncAndStopReplica(master.port(), m, 200);
    byte[] staleRecord = Files.readAllBytes(replicaDir.resolve(RECORD));

    NodeProcess second = started(startAofReplica(master.port()));
    awaitCaughtUp(m, second.jedis());
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(1);
    write(m, "after-restart", 200);
    awaitCaughtUp(m, second.jedis());
    second.kill9();
    assertThat(replicaDir.resolve(RECORD)).doesNotExist(); // a crash leaves none
    // The worst case: the old record survived somehow (a copy put back by hand). Its AOF has
    // grown since, so it must not be believed.
    Files.write(replicaDir.resolve(RECORD), staleRecord);
    write(m, "while-down", 100);

    NodeProcess third = restartAndCatchUp(master.port(), m, 2, 1);
    assertThat(third.output()).contains("the AOF is not the one it was written for");
    assertThat(replicaDir.resolve(RECORD)).doesNotExist();
  }

  @Test
  void recordOfAnotherAofStateIsRejected() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    syncAndStopReplica(master.port(), m, 200);
    // Someone edits the AOF: a command the master never sent is appended to the last file.
    Path incr = lastIncrFile(replicaDir.resolve("appendonlydir"));
    Files.writeString(
        incr, "*3\r\n$3\r\nSET\r\n$8\r\ntampered\r\n$3\r\nyes\r\n", StandardOpenOption.APPEND);

    NodeProcess again = restartAndCatchUp(master.port(), m, 2, 0);
    assertThat(again.output()).contains("the AOF is not the one it was written for");
    assertThat(again.jedis().exists("tampered")).isFalse(); // the full resync replaced the edit
  }

  /**
   * After a full sync the replica's AOF holds the synced dataset only once the rewrite that follows
   * commits; a shutdown before that must record no position (the AOF would replay to other data).
   */
  @Test
  void shutdownBeforeTheRewriteAfterAFullSyncRecordsNoPosition() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    write(m, "before", 300);
    // rdb-key-save-delay (Redis's testing knob): the rewrite after the sync takes minutes.
    NodeProcess replica =
        started(
            NodeProcess.start(
                replicaDir,
                "--appendonly",
                "yes",
                "--rdb-key-save-delay",
                "1000000",
                "--logfile",
                replicaDir.resolve("node.log").toString(),
                "--replicaof",
                "127.0.0.1",
                port(master)));
    Jedis slow = replica.jedis();
    awaitCaughtUp(m, slow);
    assertThat(info(slow, "persistence", "aof_rewrite_in_progress")).isEqualTo("1");
    replica.terminate();
    assertThat(Files.readString(replicaDir.resolve("node.log")))
        .contains("Not recording the replication position");
    assertThat(replicaDir.resolve(RECORD)).doesNotExist();

    NodeProcess again = started(startAofReplica(master.port()));
    Jedis r = again.jedis();
    awaitCaughtUp(m, r);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(2);
    assertThat(digest(r)).isEqualTo(digest(m));
  }

  @Test
  void malformedRecordMeansAFullResyncNotAFailedStart() throws Exception {
    NodeProcess master = started(NodeProcess.start(masterDir));
    Jedis m = master.jedis();
    syncAndStopReplica(master.port(), m, 50);
    String text = Files.readString(replicaDir.resolve(RECORD));
    Files.writeString(replicaDir.resolve(RECORD), text.replaceAll("repl-offset \\d+", "x"));

    NodeProcess again = restartAndCatchUp(master.port(), m, 2, 0);
    assertThat(again.output()).contains("Ignoring").contains("malformed line");
    assertThat(replicaDir.resolve(RECORD)).doesNotExist();
  }

  @Test
  void redisMasterAcceptsThePartialResyncOfARestartedAofReplica() throws Exception {
    RedisServerProcess redis =
        started(RedisServerProcess.start(masterDir, "--enable-debug-command", "yes"));
    Jedis m = redis.jedis();
    syncAndStopReplica(redis.port(), m, 300);
    write(m, "while-down", 300);

    restartAndCatchUp(redis.port(), m, 1, 1);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private <T extends AutoCloseable> T started(T node) {
    opened.add(node);
    return node;
  }

  /**
   * Starts the AOF replica of the master on {@code masterPort}, writes {@code keys} keys, waits
   * until they are in its rewritten AOF, then stops it cleanly (SIGTERM): it records its position.
   */
  private void syncAndStopReplica(int masterPort, Jedis m, int keys) throws Exception {
    NodeProcess replica = started(startAofReplica(masterPort));
    write(m, "before", keys);
    awaitCaughtUp(m, replica.jedis());
    awaitAofRewritten(replica.jedis());
    replica.terminate();
  }

  /**
   * Restarts the AOF replica and waits until it caught up; by then the master counted {@code
   * fullSyncs} full and {@code partialSyncs} partial syncs, and both hold the same data.
   */
  private NodeProcess restartAndCatchUp(int masterPort, Jedis m, long fullSyncs, long partialSyncs)
      throws Exception {
    NodeProcess again = started(startAofReplica(masterPort));
    Jedis r = again.jedis();
    awaitCaughtUp(m, r);
    assertThat(infoLong(m, "stats", "sync_full")).isEqualTo(fullSyncs);
    assertThat(infoLong(m, "stats", "sync_partial_ok")).isEqualTo(partialSyncs);
    assertThat(digest(r)).isEqualTo(digest(m));
    return again;
  }

  private NodeProcess startAofReplica(int masterPort) throws Exception {
    return NodeProcess.start(
        replicaDir,
        "--appendonly",
        "yes",
        "--replicaof",
        "127.0.0.1",
        Integer.toString(masterPort));
  }

  private static String port(NodeProcess node) {
    return Integer.toString(node.port());
  }

  /** Keys of every type, so that the digests compare more than strings. */
  private static void write(Jedis j, String prefix, int n) {
    for (int i = 0; i < n; i++) {
      j.set(prefix + ":" + i, "v" + i);
      if (i % 10 == 0) {
        j.rpush(prefix + ":list", Integer.toString(i));
        j.hset(prefix + ":hash", "f" + i, Integer.toString(i));
        j.zadd(prefix + ":zset", i, "m" + i);
        j.select(1);
        j.sadd(prefix + ":set", Integer.toString(i)); // the stream switches databases too
        j.select(0);
      }
    }
  }

  private static void awaitCaughtUp(Jedis master, Jedis replica) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions() // LOADING while the restarted node reads its AOF
        .until(
            () ->
                "up".equals(info(replica, "replication", "master_link_status"))
                    && infoLong(replica, "replication", "slave_repl_offset")
                        >= infoLong(master, "replication", "master_repl_offset"));
  }

  /**
   * Waits until the AOF rewrite that follows a full sync has committed: until then the AOF does not
   * hold the synced dataset, and a shutdown rightly records no position.
   */
  private static void awaitAofRewritten(Jedis replica) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                "0".equals(info(replica, "persistence", "aof_rewrite_in_progress"))
                    && "0".equals(info(replica, "persistence", "aof_rewrite_scheduled")));
  }

  private static Object digest(Jedis j) {
    Object d = j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "DIGEST");
    return new String((byte[]) d, StandardCharsets.US_ASCII);
  }

  private static Path lastIncrFile(Path aofDir) throws Exception {
    try (Stream<Path> files = Files.list(aofDir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".incr.aof"))
          .max(
              (a, b) ->
                  Long.compare(
                      Long.parseLong(a.getFileName().toString().split("\\.")[2]),
                      Long.parseLong(b.getFileName().toString().split("\\.")[2])))
          .orElseThrow();
    }
  }
}
