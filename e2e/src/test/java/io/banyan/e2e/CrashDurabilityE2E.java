package io.banyan.e2e;

import io.banyan.operator.api.PersistenceSpec.AppendFsync;
import io.banyan.operator.api.StoreCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 11, item 6: with every {@code appendfsync} policy, a data node killed with {@code kill -9}
 * (a process crash, not an OS crash) loses no write it acknowledged — Redis writes the AOF bytes to
 * the page cache before it replies, so only an OS crash can lose the last second. A one-node
 * cluster (no replica to fail over to, none to resync from) so that what survives is what the
 * node's own AOF held; the kubelet restarts the killed container and the operator re-admits it, as
 * on Kubernetes. The kill lands while a client writes as fast as it can, repeatedly.
 */
class CrashDurabilityE2E {
  static final int KILLS = 3;
  static final Duration SETTLE = Duration.ofSeconds(120);

  @TempDir Path state;

  @ParameterizedTest
  @EnumSource(AppendFsync.class)
  void killNineNeverLosesAnAcknowledgedWrite(AppendFsync policy) throws Exception {
    StoreCluster sc = E2eCluster.example("minimal-one-zone.yaml");
    sc.getSpec().zones.get(0).masterBackups = 0;
    if (sc.getSpec().persistence == null) {
      sc.getSpec().persistence = new io.banyan.operator.api.PersistenceSpec();
    }
    sc.getSpec().persistence.appendonly = true;
    sc.getSpec().persistence.appendfsync = policy;
    try (E2eCluster cluster =
        E2eCluster.start(
            sc, "62." + (policy.ordinal() + 1), 17300 + 10 * policy.ordinal(), state)) {
      cluster.awaitRunning(SETTLE);
      String master = cluster.status().currentMaster;
      // WAIT 0: acknowledged means the master replied, which is what the AOF must keep.
      try (AckedWriter w = cluster.writer(0, "crash-" + policy)) {
        for (int k = 0; k < KILLS; k++) {
          int before = w.acknowledgedCount();
          cluster.await(
              "writes before kill " + (k + 1), SETTLE, () -> w.acknowledgedCount() > before + 200);
          cluster.local.kill(master);
          long killedAt = System.nanoTime();
          cluster.await(
              "writes acknowledged again after kill " + (k + 1) + " (restarted, re-admitted)",
              SETTLE,
              () -> w.acknowledgedSince(killedAt));
        }
        w.close();
        w.assertNothingLost(cluster.rw());
      }
    }
  }
}
