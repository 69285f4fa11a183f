package io.banyan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.banyan.operator.api.BackupSpec;
import io.banyan.operator.api.BackupStatus;
import io.banyan.operator.api.BootstrapSpec;
import io.banyan.operator.api.S3Spec;
import io.banyan.operator.api.StoreCluster;
import io.banyan.operator.testing.S3ProxyProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Issue 12, item 5, end to end: a cluster's data backed up on demand (the annotation) to a real S3
 * API server, then a second, new cluster bootstrapped from that backup: its master's DEBUG DIGEST
 * equals the source's at backup time, and its replica follows it.
 */
class BackupRestoreE2E {
  static final Duration SETTLE = Duration.ofSeconds(180);

  @TempDir Path sourceState;
  @TempDir Path restoredState;

  private static S3Spec s3(S3ProxyProcess server) {
    S3Spec s3 = new S3Spec();
    s3.bucket = "backups";
    s3.endpoint = server.endpoint();
    s3.forcePathStyle = true;
    s3.credentials = new S3Spec.Credentials();
    s3.credentials.secretName = "backup-s3";
    return s3;
  }

  private static void createSecret(E2eCluster cluster) {
    cluster
        .client()
        .secrets()
        .inNamespace(cluster.local.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("backup-s3")
                .endMetadata()
                .withStringData(
                    Map.of(
                        "AWS_ACCESS_KEY_ID", S3ProxyProcess.ACCESS_KEY,
                        "AWS_SECRET_ACCESS_KEY", S3ProxyProcess.SECRET_KEY))
                .build())
        .create();
  }

  private static StoreCluster cluster(String name) {
    StoreCluster sc = E2eCluster.example("minimal-one-zone.yaml");
    sc.getMetadata().setName(name);
    sc.getSpec().config = Map.of("enable-debug-command", "yes");
    return sc;
  }

  private static String digest(E2eCluster cluster, String node) {
    HostAndPort at = cluster.address(node);
    try (Jedis j = new Jedis(at, cluster.clientConfig(10_000))) {
      return new String((byte[]) j.sendCommand(() -> "DEBUG".getBytes(), "DIGEST"));
    }
  }

  @Test
  void aNewClusterBootstrappedFromABackupHoldsTheSameData() throws Exception {
    try (S3ProxyProcess server = S3ProxyProcess.start("backups")) {
      String key;
      String digest;
      StoreCluster source = cluster("orders");
      source.getSpec().backup = new BackupSpec();
      source.getSpec().backup.s3 = s3(server);
      try (E2eCluster cluster = E2eCluster.start(source, "63.1", 17400, sourceState)) {
        createSecret(cluster);
        cluster.awaitRunning(SETTLE);
        String master = cluster.status().currentMaster;
        try (Jedis j = new Jedis(cluster.address(master), cluster.clientConfig(10_000))) {
          for (int i = 0; i < 2000; i++) {
            j.set("key:" + i, "value-" + i);
          }
          j.hset("hash", Map.of("a", "1", "b", "2"));
          j.rpush("list", "x", "y", "z");
          assertThat(j.waitReplicas(1, 10_000)).isEqualTo(1); // the backup's replica has it all
        }
        digest = digest(cluster, master);
        cluster
            .client()
            .resources(StoreCluster.class)
            .inNamespace(cluster.local.namespace())
            .withName("orders")
            .edit(
                sc -> {
                  sc.getMetadata().setAnnotations(Map.of(BackupSpec.REQUEST_ANNOTATION, "first"));
                  return sc;
                });
        cluster.await(
            "the requested backup completed",
            SETTLE,
            () -> {
              List<BackupStatus.Record> b = cluster.status().backups;
              return b != null
                  && !b.isEmpty()
                  && b.get(b.size() - 1).phase == BackupStatus.Phase.Completed;
            });
        BackupStatus.Record done = cluster.status().backups.get(0);
        assertThat(cluster.status().backups).hasSize(1);
        assertThat(cluster.status().lastBackupRequest).isEqualTo("first");
        assertThat(done.sourceNode).isNotEqualTo(master); // taken from the in-sync replica
        assertThat(done.sizeBytes).isPositive();
        key = done.key;
      }

      StoreCluster restored = cluster("orders-restored");
      restored.getSpec().bootstrap = new BootstrapSpec();
      restored.getSpec().bootstrap.fromBackup = new BootstrapSpec.FromBackup();
      restored.getSpec().bootstrap.fromBackup.s3 = s3(server);
      restored.getSpec().bootstrap.fromBackup.key = key;
      try (E2eCluster cluster = E2eCluster.start(restored, "63.2", 17420, restoredState)) {
        createSecret(cluster);
        cluster.awaitRunning(SETTLE);
        assertThat(cluster.status().restore.phase).isEqualTo(BackupStatus.Phase.Completed);
        String master = cluster.status().currentMaster;
        assertThat(digest(cluster, master)).isEqualTo(digest);
        String replica =
            cluster.addresses().keySet().stream().filter(n -> !n.equals(master)).findFirst().get();
        cluster.await(
            "the replica holds the restored data",
            SETTLE,
            () -> digest.equals(digest(cluster, replica)));
      }
    }
  }
}
