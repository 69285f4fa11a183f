package io.banyan.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.banyan.operator.api.BackupSpec;
import io.banyan.operator.api.BackupStatus;
import io.banyan.operator.api.BackupStatus.Phase;
import io.banyan.operator.api.BootstrapSpec;
import io.banyan.operator.api.S3Spec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.api.StoreClusterSpec;
import io.banyan.operator.api.StoreClusterStatus;
import io.banyan.operator.observe.NodeObservation;
import io.banyan.operator.observe.NodeObservation.Role;
import io.banyan.operator.testing.DataNodeProcess;
import io.banyan.operator.testing.S3ProxyProcess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.Jedis;

/**
 * The backup step as reconcile rounds drive it ({@link ClusterBackups#run}), with a real data node
 * and S3Proxy: a schedule runs once per time it names, a request token once, retention keeps the
 * newest, a backup lost to an operator restart is recorded Failed, and a restore holds the
 * bootstrap of a new cluster but never touches one that holds data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterBackupsIT {
  private static final String PASSWORD = "pw-for-rounds";
  private static final Instant CREATED = Instant.parse("2026-12-07T00:00:00Z");

  private S3ProxyProcess s3;
  private DataNodeProcess node;
  private ClusterBackups backups;
  private final AtomicReference<StoreCluster> stored = new AtomicReference<>();
  private final List<String> events = new ArrayList<>();
  private NodeObservation master;

  @BeforeAll
  void start() throws Exception {
    s3 = S3ProxyProcess.start("rounds");
    node = DataNodeProcess.start("--requirepass", PASSWORD);
    try (Jedis j = node.jedis()) {
      j.auth(PASSWORD);
      for (int i = 0; i < 100; i++) {
        j.set("k" + i, "v" + i);
      }
    }
    master = NodeObservation.of("a-0").role(Role.MASTER).epoch(4).replid("r").build();
  }

  @AfterEach
  void closeBackups() {
    if (backups != null) {
      backups.close();
    }
  }

  @AfterAll
  void stop() throws Exception {
    node.close();
    s3.close();
  }

  private StoreCluster cluster(String name) {
    StoreCluster sc = new StoreCluster();
    sc.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("team")
            .withUid("uid-" + name)
            .withCreationTimestamp(CREATED.toString())
            .build());
    sc.setSpec(new StoreClusterSpec());
    StoreClusterStatus status = new StoreClusterStatus();
    status.currentMaster = "a-0";
    status.epoch = 4L;
    sc.setStatus(status);
    stored.set(sc);
    backups = new ClusterBackups(Clock.systemUTC(), null, 0, 5 * 1024 * 1024, node.port());
    return sc;
  }

  private S3Spec s3Spec() {
    S3Spec spec = new S3Spec();
    spec.bucket = "rounds";
    spec.endpoint = s3.endpoint();
    spec.forcePathStyle = true;
    spec.credentials = new S3Spec.Credentials();
    spec.credentials.secretName = "s3";
    return spec;
  }

  private BackupSpec backupSpec(String schedule, Integer keepLast) {
    BackupSpec b = new BackupSpec();
    b.s3 = s3Spec();
    b.schedule = schedule;
    if (keepLast != null) {
      b.retention = new BackupSpec.Retention();
      b.retention.keepLast = keepLast;
    }
    return b;
  }

  private boolean round(Instant now, Map<String, NodeObservation> observations) {
    Map<String, String> secret =
        Map.of(
            "AWS_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_KEY);
    return backups.run(
        new BackupRound(
            stored.get(),
            List.copyOf(observations.keySet()).stream().sorted().toList(),
            observations,
            Map.of("a-0", "127.0.0.1", "a-1", "127.0.0.1"),
            n -> io.banyan.operator.node.Credentials.of(PASSWORD),
            PASSWORD,
            (ns, name, key) -> name.equals("s3") ? secret.get(key) : null,
            status -> {
              StoreCluster next = Serialization.clone(stored.get());
              next.setStatus(status);
              stored.set(next);
              return next;
            },
            new BackupRound.Events() {
              @Override
              public void normal(String reason, String message) {
                events.add(reason);
              }

              @Override
              public void warning(String reason, String message) {
                events.add(reason + ": " + message);
              }
            },
            now,
            new io.banyan.operator.node.NodeConnector(30_000)));
  }

  private boolean round(Instant now) {
    return round(now, Map.of("a-0", master));
  }

  private List<BackupStatus.Record> records() {
    List<BackupStatus.Record> r = stored.get().getStatus().backups;
    return r == null ? List.of() : r;
  }

  /** Runs rounds at {@code now} until the running backup is recorded as finished. */
  private BackupStatus.Record finish(Instant now) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              round(now);
              return records().get(records().size() - 1).phase != Phase.Running;
            });
    return records().get(records().size() - 1);
  }

  @Test
  void aScheduleRunsOncePerNamedTimeAndRetentionKeepsTheNewest() throws Exception {
    cluster("nightly").getSpec().backup = backupSpec("*/5 * * * *", 1);
    round(Instant.parse("2026-12-07T00:04:00Z"));
    assertThat(records()).isEmpty();

    round(Instant.parse("2026-12-07T00:05:10Z"));
    assertThat(records()).singleElement().extracting(r -> r.phase).isEqualTo(Phase.Running);
    BackupStatus.Record first = finish(Instant.parse("2026-12-07T00:05:20Z"));
    assertThat(first.phase).as(first.message).isEqualTo(Phase.Completed);
    assertThat(first.message).contains("scheduled", "from the master");
    assertThat(first.epoch).isEqualTo(4);

    round(Instant.parse("2026-12-07T00:09:59Z"));
    assertThat(records()).hasSize(1);

    round(Instant.parse("2026-12-07T00:10:30Z"));
    BackupStatus.Record second = finish(Instant.parse("2026-12-07T00:10:40Z"));
    assertThat(second.phase).as(second.message).isEqualTo(Phase.Completed);
    assertThat(records()).extracting(r -> r.key).containsExactly(first.key, second.key);
    try (S3Store store = S3Store.open(s3Spec(), keys())) {
      assertThat(store.list("team/nightly/")).extracting(o -> o.key()).containsExactly(second.key);
    }
  }

  @Test
  void aRequestTokenRunsOnce() {
    StoreCluster sc = cluster("requested");
    sc.getSpec().backup = backupSpec(null, null);
    sc.getMetadata().setAnnotations(new HashMap<>(Map.of(BackupSpec.REQUEST_ANNOTATION, "t1")));
    Instant now = Instant.parse("2026-12-07T01:00:00Z");
    round(now);
    assertThat(stored.get().getStatus().lastBackupRequest).isEqualTo("t1");
    assertThat(finish(now).phase).isEqualTo(Phase.Completed);
    round(now.plusSeconds(60));
    round(now.plusSeconds(120));
    assertThat(records()).hasSize(1);

    stored.get().getMetadata().getAnnotations().put(BackupSpec.REQUEST_ANNOTATION, "t2");
    round(now.plusSeconds(180));
    assertThat(stored.get().getStatus().lastBackupRequest).isEqualTo("t2");
    assertThat(finish(now.plusSeconds(180)).phase).isEqualTo(Phase.Completed);
    assertThat(records()).hasSize(2);
  }

  @Test
  void aBackupRunningWhenTheOperatorRestartedIsRecordedFailed() {
    StoreCluster sc = cluster("restarted");
    sc.getSpec().backup = backupSpec(null, null);
    BackupStatus.Record running = new BackupStatus.Record();
    running.name = "restarted-x";
    running.phase = Phase.Running;
    running.startedAt = "2026-12-07T01:00:00Z";
    sc.getStatus().backups = List.of(running);
    round(Instant.parse("2026-12-07T01:01:00Z"));
    assertThat(records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.phase).isEqualTo(Phase.Failed);
              assertThat(r.message).contains("operator restarted");
            });
  }

  @Test
  void missingCredentialsFailTheRequestNamingTheSecret() {
    StoreCluster sc = cluster("nokeys");
    sc.getSpec().backup = backupSpec(null, null);
    sc.getSpec().backup.s3.credentials.secretName = "absent";
    sc.getMetadata().setAnnotations(Map.of(BackupSpec.REQUEST_ANNOTATION, "go"));
    round(Instant.parse("2026-12-07T01:00:00Z"));
    assertThat(records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.phase).isEqualTo(Phase.Failed);
              assertThat(r.message).contains("spec.backup.s3.credentials: Secret absent");
            });
  }

  @Test
  void aRestoreHoldsTheBootstrapOfANewClusterOnlyAndSkipsOneWithData() {
    StoreCluster sc = cluster("restored");
    sc.getStatus().currentMaster = null;
    sc.getStatus().epoch = null;
    sc.getSpec().bootstrap = new BootstrapSpec();
    sc.getSpec().bootstrap.fromBackup = new BootstrapSpec.FromBackup();
    sc.getSpec().bootstrap.fromBackup.s3 = s3Spec();
    sc.getSpec().bootstrap.fromBackup.key = "team/x/x.rdb";
    NodeObservation empty =
        NodeObservation.of("a-0").role(Role.MASTER).fenced(true).replid("r").build();
    NodeObservation silent = NodeObservation.of("a-1").reachable(false).role(Role.UNKNOWN).build();
    Instant now = Instant.parse("2026-12-07T02:00:00Z");

    assertThat(round(now, Map.of("a-0", empty, "a-1", silent))).isFalse();
    assertThat(stored.get().getStatus().restore).isNull(); // a silent node might hold data

    NodeObservation emptyReplica =
        NodeObservation.of("a-1").role(Role.MASTER).fenced(true).replid("q").build();
    assertThat(round(now, Map.of("a-0", empty, "a-1", emptyReplica))).isFalse();
    assertThat(stored.get().getStatus().restore.phase).isEqualTo(Phase.Running);
    assertThat(stored.get().getStatus().restore.node).isEqualTo("a-0");

    // Another new cluster whose node already holds data: nothing is restored over it.
    StoreCluster other = cluster("has-data");
    other.getStatus().currentMaster = null;
    other.getStatus().epoch = null;
    other.getSpec().bootstrap = sc.getSpec().bootstrap;
    NodeObservation withData =
        NodeObservation.of("a-0").role(Role.MASTER).fenced(true).offset(1234).replid("r").build();
    assertThat(round(now, Map.of("a-0", withData))).isTrue();
    assertThat(stored.get().getStatus().restore.phase).isEqualTo(Phase.Skipped);
  }

  private static S3Store.Keys keys() {
    return new S3Store.Keys(S3ProxyProcess.ACCESS_KEY, S3ProxyProcess.SECRET_KEY);
  }
}
