package io.banyan.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.api.BackupStatus;
import io.banyan.operator.api.S3Spec;
import io.banyan.operator.testing.DataNodeProcess;
import io.banyan.operator.testing.S3ProxyProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * Backups and restores against real parts: a data node in its own process, S3Proxy as the object
 * store (real S3 API, real signatures), redis-check-rdb on the uploaded bytes, and a fresh node
 * that loads the backup through {@link RdbSource} over the replication protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRestoreIT {
  private static final String PASSWORD = "s3cret-node-pw";
  private static final int PART = 5 * 1024 * 1024; // S3's smallest part: a 12 MB RDB needs three

  private S3ProxyProcess s3;
  private DataNodeProcess source;
  private final Clock clock = Clock.systemUTC();

  @BeforeAll
  void start() throws Exception {
    s3 = S3ProxyProcess.start("backups");
    source = DataNodeProcess.start("--requirepass", PASSWORD, "--masterauth", PASSWORD);
    try (Jedis j = source.jedis()) {
      j.auth(PASSWORD);
      byte[] value = new byte[4096];
      java.util.Random random = new java.util.Random(12);
      for (int i = 0; i < 3000; i++) {
        random.nextBytes(value); // incompressible: the RDB is really ~12 MB
        j.set(("key:" + i).getBytes(StandardCharsets.UTF_8), value);
      }
      j.hset("hash", "field", "value");
      j.zadd("zset", 2.5, "member");
      j.rpush("list", "a", "b", "c");
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  private S3Spec s3Spec(String bucket) {
    S3Spec spec = new S3Spec();
    spec.bucket = bucket;
    spec.endpoint = s3.endpoint();
    spec.forcePathStyle = true;
    spec.path = "team/demo";
    return spec;
  }

  private static S3Store.Keys keys() {
    return new S3Store.Keys(S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY);
  }

  private BackupJob.Request request(String bucket, Integer keepLast) {
    return new BackupJob.Request(
        "team",
        "demo",
        s3Spec(bucket),
        keys(),
        "zone-a-1",
        "127.0.0.1",
        source.port(),
        io.banyan.operator.node.Credentials.of(PASSWORD),
        7,
        "on demand",
        keepLast,
        PART,
        30_000,
        new io.banyan.operator.node.NodeConnector(30_000));
  }

  private BackupStatus.Record backup(String bucket, Integer keepLast) {
    BackupJob.Request r = request(bucket, keepLast);
    return BackupJob.run(r, BackupJob.running(r, Instant.now(clock)), clock);
  }

  private static String digest(Jedis j) {
    return new String((byte[]) j.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"));
  }

  @Test
  void aBackupIsAnRdbRedisAcceptsAndRetentionKeepsTheNewest() throws Exception {
    BackupStatus.Record first = backup("backups", 2);
    assertThat(first.phase).as(first.message).isEqualTo(BackupStatus.Phase.Completed);
    assertThat(first.key).startsWith("team/demo/demo-").endsWith(".rdb");
    assertThat(first.sizeBytes).isGreaterThan(2L * PART);
    BackupStatus.Record second = backup("backups", 2);
    BackupStatus.Record third = backup("backups", 2);
    assertThat(third.phase).as(third.message).isEqualTo(BackupStatus.Phase.Completed);
    assertThat(third.message).contains("retention: deleted 1");

    try (S3Store store = S3Store.open(s3Spec("backups"), keys())) {
      List<String> kept = store.list("team/demo/").stream().map(o -> o.key()).sorted().toList();
      assertThat(kept).containsExactly(second.key, third.key);
      assertThat(store.metadata(third.key))
          .containsEntry("banyan-cluster", "demo")
          .containsEntry("banyan-node", "zone-a-1")
          .containsEntry("banyan-epoch", "7")
          .containsEntry("banyan-offset", Long.toString(third.offset));
      Path file = Files.createTempFile("backup-", ".rdb");
      try (InputStream in = store.get(third.key)) {
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      assertThat(Files.size(file)).isEqualTo(third.sizeBytes);
      Process check = new ProcessBuilder("redis-check-rdb", file.toString()).start();
      String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(out).as(out).contains("RDB looks OK!");
    }
    try (Jedis j = source.jedis()) {
      j.auth(PASSWORD);
      assertThat(j.info("replication")).contains("connected_slaves:0");
    }
  }

  @Test
  void aFailedBackupIsRecordedAndLeavesNoObject() throws Exception {
    BackupStatus.Record failed = backup("no-such-bucket", null);
    assertThat(failed.phase).isEqualTo(BackupStatus.Phase.Failed);
    assertThat(failed.message).contains("zone-a-1");
    BackupJob.Request wrongPassword =
        new BackupJob.Request(
            "team",
            "demo",
            s3Spec("backups"),
            keys(),
            "zone-a-1",
            "127.0.0.1",
            source.port(),
            io.banyan.operator.node.Credentials.of("wrong"),
            7,
            "on demand",
            null,
            PART,
            30_000,
            new io.banyan.operator.node.NodeConnector(30_000));
    BackupStatus.Record refused =
        BackupJob.run(wrongPassword, BackupJob.running(wrongPassword, Instant.now()), clock);
    assertThat(refused.phase).isEqualTo(BackupStatus.Phase.Failed);
    assertThat(refused.message).contains("AUTH refused");
    try (S3Store store = S3Store.open(s3Spec("backups"), keys())) {
      assertThat(store.list("team/demo/")).noneMatch(o -> o.key().equals(refused.key));
    }
  }

  @Test
  void aFreshNodeLoadsTheBackupThroughTheRestoreSource() throws Exception {
    String digest;
    try (Jedis j = source.jedis()) {
      j.auth(PASSWORD);
      digest = digest(j);
    }
    BackupStatus.Record backup = backup("backups", null);
    assertThat(backup.phase).as(backup.message).isEqualTo(BackupStatus.Phase.Completed);

    try (RdbSource rdbSource = new RdbSource(InetAddress.getLoopbackAddress(), 0, "127.0.0.1");
        DataNodeProcess fresh =
            DataNodeProcess.start("--requirepass", PASSWORD, "--masterauth", PASSWORD);
        Jedis f = fresh.jedis()) {
      f.auth(PASSWORD);
      RdbSource.Session session =
          rdbSource.offer("127.0.0.1", PASSWORD, s3Spec("backups"), keys(), backup.key);
      f.replicaof("127.0.0.1", rdbSource.port());
      await().atMost(Duration.ofSeconds(60)).until(() -> session.loaded);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> f.info("replication").contains("master_link_status:up"));
      assertThat(digest(f)).isEqualTo(digest);
      f.replicaofNoOne(); // as BANYAN PROMOTE does: the data stays
      assertThat(digest(f)).isEqualTo(digest);
      assertThat(f.set("after-restore", "1")).isEqualTo("OK");
    }
  }

  @Test
  void theRestoreSourceServesOnlyTheNodeItWasOfferedToWithItsPassword() throws Exception {
    try (RdbSource rdbSource = new RdbSource(InetAddress.getLoopbackAddress(), 0, "127.0.0.1")) {
      rdbSource.offer("127.0.0.1", PASSWORD, s3Spec("backups"), keys(), "team/demo/x.rdb");
      // Another address: nothing offered to it.
      assertThat(exchange(rdbSource, "127.0.0.2", "PSYNC", "?", "-1"))
          .startsWith("-ERR no restore is offered to 127.0.0.2");
      // The right address without the password.
      assertThat(exchange(rdbSource, "127.0.0.1", "PSYNC", "?", "-1")).startsWith("-NOAUTH");
      assertThat(exchange(rdbSource, "127.0.0.1", "AUTH", "guess")).startsWith("-WRONGPASS");
    }
  }

  /** Sends one command from {@code fromIp} and returns the first reply line. */
  private static String exchange(RdbSource s, String fromIp, String... args) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(fromIp, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 5000);
      socket.setSoTimeout(10_000);
      StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
      for (String a : args) {
        b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }
}
